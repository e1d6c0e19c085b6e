using System;
using System.Collections.Generic;
using System.Text;
using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// The databases @Databases (or @AvailabilityGroups) selects: existing ones in sys.databases order, then explicit names
    /// that do not exist.
    /// </summary>
    public sealed class Selection
    {
        public Selection(
            IReadOnlyList<SelectedDatabase> databases,
            IReadOnlyList<string> missingNames,
            string? error,
            IReadOnlyList<string>? missingGroupNames = null)
        {
            Databases = databases;
            MissingNames = missingNames;
            Error = error;
            MissingGroupNames = missingGroupNames ?? Array.Empty<string>();
        }

        public IReadOnlyList<SelectedDatabase> Databases { get; }

        public IReadOnlyList<string> MissingNames { get; }

        public string? Error { get; }

        /// <summary>Availability groups @AvailabilityGroups names that this instance has no replica of.</summary>
        public IReadOnlyList<string> MissingGroupNames { get; }
    }

    /// <summary>The order @DatabaseOrder asks for; null in BackupArguments keeps sys.databases order (database_id).</summary>
    public enum DatabaseOrder
    {
        DatabaseNameAsc,
        DatabaseNameDesc,
        DatabaseSizeAsc,
        DatabaseSizeDesc,
        LogSizeSinceLastLogBackupAsc,
        LogSizeSinceLastLogBackupDesc,
    }

    /// <summary>A selected database and how it was chosen: by its name when any item named it, else by a keyword or wildcard.</summary>
    public sealed class SelectedDatabase
    {
        public SelectedDatabase(DatabaseFacts database, SelectedBy selectedBy)
        {
            Database = database;
            SelectedBy = selectedBy;
        }

        public DatabaseFacts Database { get; }

        public SelectedBy SelectedBy { get; }
    }

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
        public const string AllAvailabilityGroups = "ALL_AVAILABILITY_GROUPS";

        /// <summary>The @DatabaseOrder keywords, in the order of DatabaseOrder (as in Ola Hallengren's DatabaseBackup).</summary>
        public static readonly string[] DatabaseOrderNames =
        {
            "DATABASE_NAME_ASC", "DATABASE_NAME_DESC", "DATABASE_SIZE_ASC", "DATABASE_SIZE_DESC", "LOG_SIZE_SINCE_LAST_LOG_BACKUP_ASC", "LOG_SIZE_SINCE_LAST_LOG_BACKUP_DESC",
        };

        public static readonly DatabaseOrder[] DatabaseOrders =
        {
            DatabaseOrder.DatabaseNameAsc, DatabaseOrder.DatabaseNameDesc, DatabaseOrder.DatabaseSizeAsc, DatabaseOrder.DatabaseSizeDesc,
            DatabaseOrder.LogSizeSinceLastLogBackupAsc, DatabaseOrder.LogSizeSinceLastLogBackupDesc,
        };

        /// <summary>
        /// The databases of the availability groups @AvailabilityGroups selects, like @Databases: names ([brackets] allowed),
        /// % wildcards, -exclusions and ALL_AVAILABILITY_GROUPS, compared as the server collation compares names. They are
        /// chosen as by a keyword (SKIP what is not backed up by design). A group named that has no replica here is listed in
        /// MissingGroupNames.
        /// </summary>
        public static Selection SelectByAvailabilityGroups(string groups, IReadOnlyList<DatabaseFacts> all, IReadOnlyList<AvailabilityGroupFacts> groupFacts, StringComparison nameComparison)
        {
            List<string>? items = Split(groups, "@AvailabilityGroups", out string? splitError);
            if (items == null)
            {
                return new Selection(Array.Empty<SelectedDatabase>(), Array.Empty<string>(), splitError);
            }

            var chosen = new bool[groupFacts.Count];
            var excluded = new bool[groupFacts.Count];
            var missing = new List<string>();
            foreach (string raw in items)
            {
                (bool isExclusion, string pattern, bool isBracketed, bool isWildcard) = Item(raw);
                bool isAll = !isBracketed && string.Equals(pattern, AllAvailabilityGroups, StringComparison.OrdinalIgnoreCase);
                bool matchedAny = false;
                for (int i = 0; i < groupFacts.Count; i++)
                {
                    if (isAll || Like(groupFacts[i].Name, pattern, isWildcard, nameComparison))
                    {
                        matchedAny = true;
                        (isExclusion ? excluded : chosen)[i] = true;
                    }
                }

                if (!matchedAny && !isExclusion && !isAll && !isWildcard && !Contains(missing, pattern, nameComparison))
                {
                    missing.Add(pattern);
                }
            }

            var selected = new List<SelectedDatabase>();
            foreach (DatabaseFacts database in all)
            {
                for (int i = 0; i < groupFacts.Count; i++)
                {
                    if (chosen[i] && !excluded[i] && database.AvailabilityGroupName != null && string.Equals(database.AvailabilityGroupName, groupFacts[i].Name, StringComparison.Ordinal))
                    {
                        selected.Add(new SelectedDatabase(database, SelectedBy.KeywordOrWildcard));
                        break;
                    }
                }
            }

            string? error = selected.Count == 0 && missing.Count == 0
                ? "@AvailabilityGroups = '" + groups + "' selects no availability group database on this replica; name groups, use % wildcards, or " + AllAvailabilityGroups + "."
                : null;
            return new Selection(selected, Array.Empty<string>(), error, missingGroupNames: missing);
        }

        /// <summary>
        /// The selected databases in the order asked, stable: by name as the server collation compares names, by the allocated
        /// size of their data files, or by the log written since the last log backup (sys.dm_db_log_stats, where this replica
        /// can read it). A size this replica cannot see sorts last, in sys.databases order.
        /// </summary>
        public static IReadOnlyList<SelectedDatabase> Order(IReadOnlyList<SelectedDatabase> databases, DatabaseOrder? order, StringComparison nameComparison)
        {
            if (order is not DatabaseOrder by)
            {
                return databases;
            }

            var ordered = new List<SelectedDatabase>(databases);
            for (int i = 1; i < ordered.Count; i++)
            {
                SelectedDatabase moving = ordered[i];
                int j = i - 1;
                while (j >= 0 && Compare(moving.Database, ordered[j].Database, by, nameComparison) < 0)
                {
                    ordered[j + 1] = ordered[j];
                    j--;
                }

                ordered[j + 1] = moving;
            }

            return ordered;
        }

        private static int Compare(DatabaseFacts x, DatabaseFacts y, DatabaseOrder order, StringComparison nameComparison)
        {
            switch (order)
            {
                case DatabaseOrder.DatabaseNameAsc:
                    return string.Compare(x.Name, y.Name, nameComparison);
                case DatabaseOrder.DatabaseNameDesc:
                    return string.Compare(y.Name, x.Name, nameComparison);
                case DatabaseOrder.DatabaseSizeAsc:
                case DatabaseOrder.DatabaseSizeDesc:
                    return CompareKnown(x.DataPages, y.DataPages, order == DatabaseOrder.DatabaseSizeDesc);
                default:
                    return CompareKnown(x.LogSinceLastLogBackupMb, y.LogSinceLastLogBackupMb, order == DatabaseOrder.LogSizeSinceLastLogBackupDesc);
            }
        }

        /// <summary>Known values first, ascending or descending; unknown ones after them, equal among themselves.</summary>
        private static int CompareKnown(double? x, double? y, bool descending)
        {
            if (x == null || y == null)
            {
                return x == null ? (y == null ? 0 : 1) : -1;
            }

            int ascending = x.Value.CompareTo(y.Value);
            return descending ? -ascending : ascending;
        }

        public static Selection Select(string? databases, IReadOnlyList<DatabaseFacts> all, StringComparison nameComparison)
        {
            List<string>? items = Split(databases ?? string.Empty, "@Databases", out string? splitError);
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
                (bool isExclusion, string pattern, bool isBracketed, bool isWildcard) = Item(raw);
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
        private static List<string>? Split(string databases, string parameterName, out string? error)
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
                error = parameterName + " has a [ without its closing ]; write a name with commas or spaces as [My, Database].";
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

        /// <summary>One item of a list: -name excludes, [name] is a name whatever it holds, % makes a wildcard of anything else.</summary>
        private static (bool IsExclusion, string Pattern, bool IsBracketed, bool IsWildcard) Item(string raw)
        {
            bool isExclusion = raw.StartsWith("-", StringComparison.Ordinal);
            string item = isExclusion ? raw.Substring(1).Trim() : raw;
            bool isBracketed = item.StartsWith("[", StringComparison.Ordinal);
            string pattern = isBracketed ? Unbracket(item) : item;
            return (isExclusion, pattern, isBracketed, !isBracketed && pattern.IndexOf('%') >= 0);
        }

        private static string Unbracket(string item)
        {
            string inner = item.EndsWith("]", StringComparison.Ordinal) ? item.Substring(1, item.Length - 2) : item.Substring(1);
            return inner.Replace("]]", "]");
        }

        /// <summary>LIKE with % as the only wildcard.</summary>
        /// <summary>Whether the name is the pattern, or, with isWildcard, matches it with % standing for any run of characters (none included).</summary>
        public static bool Like(string name, string pattern, bool isWildcard, StringComparison comparison)
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
