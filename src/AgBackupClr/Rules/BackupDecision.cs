using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>Information attached to a decision that does not change it (for example WARN_PREFERENCE_DISAGREES).</summary>
    public sealed record DecisionWarning(string Code, string Message);

    /// <summary>
    /// What this replica does with one request, and why. IsSupportedHere says whether SQL Server would accept
    /// the statement on this replica; IsPreferredReplica is the backup preference's answer where it applies.
    /// </summary>
    public readonly record struct BackupDecision(
        DecisionAction Action,
        string ReasonCode,
        Explanation Explanation,
        bool IsSupportedHere,
        bool? IsPreferredReplica,
        string? PreferredReplicaName,
        IReadOnlyList<DecisionWarning> Warnings)
    {
        public bool ShouldRunHere => Action == DecisionAction.Backup;

        /// <summary>One sentence naming the values that decided it.</summary>
        public string Reason => Explanation.Text();

        /// <summary>The reason followed by each warning's code and message, so the result columns carry both.</summary>
        public string ReasonWithWarnings()
        {
            string reason = Reason;
            foreach (DecisionWarning warning in Warnings)
            {
                reason += " " + warning.Code + ": " + warning.Message;
            }

            return reason;
        }

        public static BackupDecision Refuse(string reasonCode, string reason) =>
            new BackupDecision(DecisionAction.Refuse, reasonCode, Explanation.Of(reason), false, null, null, Array.Empty<DecisionWarning>());

        /// <summary>Not backed up here by design: SQL Server would refuse the statement, and nobody expects it to run.</summary>
        public static BackupDecision Skip(string reasonCode, string reason) =>
            new BackupDecision(DecisionAction.Skip, reasonCode, Explanation.Of(reason), false, null, null, Array.Empty<DecisionWarning>());

        public static BackupDecision InvalidArgument(string reason) => Refuse(ReasonCodes.RefuseInvalidArgument, reason);
    }
}
