using System;
using System.Collections.Generic;
using System.Text;
using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>The databases @Databases selects: existing ones in sys.databases order, then explicit names that do not exist.</summary>
    public sealed record Selection(IReadOnlyList<SelectedDatabase> Databases, IReadOnlyList<string> MissingNames, string? Error);

    /// <summary>A selected database and how it was chosen: by its name when any item named it, else by a keyword or wildcard.</summary>
    public sealed record SelectedDatabase(DatabaseFacts Database, SelectedBy SelectedBy);

    /// <summary>
    /// @Databases as DBAs know it from the most used maintenance scripts: a comma list of names ([brackets] allowed),
    /// % wildcards, -name exclusions and the keywords USER_DATABASES, SYSTEM_DATABASES, ALL_DATABASES and
    /// AVAILABILITY_GROUP_DATABASES. Names, wildcards and exclusions compare as the server collation compares database
    /// names (InstanceFacts.NameComparison): on a case-sensitive server [Sales] selects Sales, not SALES. Keywords ignore
    /// case. _ is an ordinary character, not a wildcard. tempdb and database snapshots are selected only by name (and then
    /// refused): no keyword or wildcard includes them.
    /// </summary>
    public static class DatabaseSelection
    {
        public const string UserDatabases = "USER_DATABASES";
        public const string SystemDatabases = "SYSTEM_DATABASES";
        public const string AllDatabases = "ALL_DATABASES";
        public const string AvailabilityGroupDatabases = "AVAILABILITY_GROUP_DATABASES";

        public static Selection Select(string? databases, IReadOnlyList<DatabaseFacts> all, StringComparison nameComparison)
        {
            List<string>? items = Split(databases ?? string.Empty, out string? splitError);
            if (items == null)
            {
                return new Selection(Array.Empty<SelectedDatabase>(), Array.Empty<string>(), splitError);
            }

            var included = new bool[all.Count];
            var named = new bool[all.Count];
            var excluded = new bool[all.Count];
            var missing = new List<string>();
            foreach (string raw in items)
            {
                bool isExclusion = raw.StartsWith("-", StringComparison.Ordinal);
                string item = isExclusion ? raw.Substring(1).Trim() : raw;
                bool isBracketed = item.StartsWith("[", StringComparison.Ordinal);
                string pattern = isBracketed ? Unbracket(item) : item;
                bool isWildcard = !isBracketed && pattern.IndexOf('%') >= 0;
                bool isKeyword = !isBracketed && IsKeyword(pattern);
                bool isName = !isWildcard && !isKeyword;
                bool matchedAny = false;
                for (int i = 0; i < all.Count; i++)
                {
                    bool matches = isKeyword ? KeywordSelects(pattern, all[i]) : Like(all[i].Name, pattern, isWildcard, nameComparison);
                    if (!matches || (!isName && !isExclusion && IsNeverBackedUp(all[i])))
                    {
                        continue;
                    }

                    matchedAny = true;
                    (isExclusion ? excluded : included)[i] = true;
                    named[i] |= isName && !isExclusion;
                }

                if (!matchedAny && !isExclusion && isName && !Contains(missing, pattern, nameComparison))
                {
                    missing.Add(pattern);
                }
            }

            var selected = new List<SelectedDatabase>();
            for (int i = 0; i < all.Count; i++)
            {
                if (included[i] && !excluded[i])
                {
                    selected.Add(new SelectedDatabase(all[i], named[i] ? SelectedBy.Name : SelectedBy.KeywordOrWildcard));
                }
            }

            string? error = selected.Count == 0 && missing.Count == 0
                ? "@Databases = '" + databases + "' selects no database on this instance; name databases, use % wildcards, or a keyword: "
                  + UserDatabases + ", " + SystemDatabases + ", " + AllDatabases + ", " + AvailabilityGroupDatabases + "."
                : null;
            return new Selection(selected, missing, error);
        }

        private static bool IsKeyword(string item) =>
            string.Equals(item, UserDatabases, StringComparison.OrdinalIgnoreCase)
            || string.Equals(item, SystemDatabases, StringComparison.OrdinalIgnoreCase)
            || string.Equals(item, AllDatabases, StringComparison.OrdinalIgnoreCase)
            || string.Equals(item, AvailabilityGroupDatabases, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// What a keyword or a wildcard never selects, because SQL Server never backs it up: tempdb
        /// (docs/relational-databases/databases/tempdb-database.md) and database snapshots (Msg 3002,
        /// docs/relational-databases/databases/database-snapshots-sql-server.md). Named, they are selected and refused.
        /// </summary>
        private static bool IsNeverBackedUp(DatabaseFacts database) => database.IsTempdb || database.IsSnapshot;

        private static bool KeywordSelects(string keyword, DatabaseFacts database)
        {
            if (string.Equals(keyword, UserDatabases, StringComparison.OrdinalIgnoreCase))
            {
                return !database.IsSystemDatabase;
            }

            if (string.Equals(keyword, SystemDatabases, StringComparison.OrdinalIgnoreCase))
            {
                return database.IsSystemDatabase;
            }

            return string.Equals(keyword, AllDatabases, StringComparison.OrdinalIgnoreCase) || database.IsInAvailabilityGroup;
        }

        /// <summary>Commas separate items except inside [brackets], where ]] stands for ].</summary>
        private static List<string>? Split(string databases, out string? error)
        {
            var items = new List<string>();
            var current = new StringBuilder();
            bool inBrackets = false;
            for (int i = 0; i < databases.Length; i++)
            {
                char c = databases[i];
                if (inBrackets)
                {
                    current.Append(c);
                    if (c == ']')
                    {
                        if (i + 1 < databases.Length && databases[i + 1] == ']')
                        {
                            current.Append(']');
                            i++;
                        }
                        else
                        {
                            inBrackets = false;
                        }
                    }
                }
                else if (c == ',')
                {
                    Add(items, current);
                }
                else
                {
                    inBrackets = c == '[';
                    current.Append(c);
                }
            }

            if (inBrackets)
            {
                error = "@Databases has a [ without its closing ]; write a name with commas or spaces as [My, Database].";
                return null;
            }

            Add(items, current);
            error = null;
            return items;
        }

        private static void Add(List<string> items, StringBuilder current)
        {
            string item = current.ToString().Trim();
            current.Clear();
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }

        private static string Unbracket(string item)
        {
            string inner = item.EndsWith("]", StringComparison.Ordinal) ? item.Substring(1, item.Length - 2) : item.Substring(1);
            return inner.Replace("]]", "]");
        }

        /// <summary>LIKE with % as the only wildcard.</summary>
        private static bool Like(string name, string pattern, bool isWildcard, StringComparison comparison)
        {
            if (!isWildcard)
            {
                return string.Equals(name, pattern, comparison);
            }

            string[] parts = pattern.Split('%');
            int position = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i];
                if (i == 0)
                {
                    if (!name.StartsWith(part, comparison))
                    {
                        return false;
                    }

                    position = part.Length;
                }
                else if (i == parts.Length - 1)
                {
                    return name.Length - position >= part.Length && name.EndsWith(part, comparison);
                }
                else
                {
                    int found = name.IndexOf(part, position, comparison);
                    if (found < 0)
                    {
                        return false;
                    }

                    position = found + part.Length;
                }
            }

            return true;
        }

        private static bool Contains(List<string> names, string name, StringComparison comparison)
        {
            foreach (string existing in names)
            {
                if (string.Equals(existing, name, comparison))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
