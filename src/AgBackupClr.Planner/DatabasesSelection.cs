using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;

namespace AgBackupClr.Planner;

/// <summary>
/// The databases restore's --database values name: each value a name as sys.databases gives it, or, with %, every database
/// of the history read whose name matches (% any run of characters, as in LIKE; compared exactly otherwise). The names come
/// in the order asked, each once; a name without % is kept even when the history lacks it, so the sequence builder says so.
/// </summary>
internal sealed record DatabasesSelection(IReadOnlyList<string> Names, IReadOnlyList<string> Unmatched)
{
    /// <summary>More than one value, or a pattern: the output is per database, and --as cannot apply.</summary>
    public static bool IsSeveral(IReadOnlyList<string> asked) => asked.Count > 1 || asked.Any(value => value.Contains('%', StringComparison.Ordinal));

    public static DatabasesSelection Resolve(IReadOnlyList<string> asked, IReadOnlyList<ReplicaHistory> histories)
    {
        List<string> known = histories.SelectMany(h => h.Databases).Select(d => d.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var names = new List<string>();
        var unmatched = new List<string>();
        foreach (string value in asked)
        {
            List<string> matches = value.Contains('%', StringComparison.Ordinal) ? known.Where(name => DatabaseSelection.Like(name, value, true, StringComparison.Ordinal)).ToList() : new List<string> { value };
            if (matches.Count == 0)
            {
                unmatched.Add(value);
            }

            names.AddRange(matches.Where(match => !names.Contains(match, StringComparer.Ordinal)));
        }

        return new DatabasesSelection(names, unmatched);
    }
}
