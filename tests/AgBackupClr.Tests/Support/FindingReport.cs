using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AgBackupClr.Tests.Support
{
    /// <summary>A failure message a reader can act on: one line per member with every rule it breaks, and no wall of text.</summary>
    public static class FindingReport
    {
        /// <summary>Enough lines to see every kind of problem; the count says how many more there are.</summary>
        public const int MaxLines = 40;

        /// <summary>Groups "member: problem" findings by member, one line each, capped at <see cref="MaxLines"/>.</summary>
        public static string Of(string rule, IEnumerable<string> findings)
        {
            var byMember = findings
                .Select(finding => finding.Split(": ", 2))
                .GroupBy(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty, StringComparer.Ordinal)
                .Select(group => group.Key + ": " + string.Join(" | ", group.Distinct(StringComparer.Ordinal)))
                .ToList();
            string count = byMember.Count.ToString(CultureInfo.InvariantCulture);
            string shown = byMember.Count > MaxLines ? ", the first " + MaxLines.ToString(CultureInfo.InvariantCulture) : string.Empty;
            return rule + " " + count + " members break it" + shown + ":" + Environment.NewLine
                + string.Join(Environment.NewLine, byMember.Take(MaxLines))
                + (byMember.Count > MaxLines ? Environment.NewLine + "... and " + (byMember.Count - MaxLines).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty);
        }
    }
}
