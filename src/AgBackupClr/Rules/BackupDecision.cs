using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>Information attached to a decision that does not change it (for example WARN_PREFERENCE_DISAGREES).</summary>
    public sealed class DecisionWarning
    {
        public DecisionWarning(string code, string message)
        {
            Code = code;
            Message = message;
        }

        public string Code { get; }

        public string Message { get; }
    }

    /// <summary>
    /// What this replica does with one request, and why. IsSupportedHere says whether SQL Server would accept
    /// the statement on this replica; IsPreferredReplica is the backup preference's answer where it applies.
    /// </summary>
    public readonly struct BackupDecision
    {
        public BackupDecision(
            DecisionAction action,
            string reasonCode,
            Explanation explanation,
            bool isSupportedHere,
            bool? isPreferredReplica,
            string? preferredReplicaName,
            IReadOnlyList<DecisionWarning> warnings)
        {
            Action = action;
            ReasonCode = reasonCode;
            Explanation = explanation;
            IsSupportedHere = isSupportedHere;
            IsPreferredReplica = isPreferredReplica;
            PreferredReplicaName = preferredReplicaName;
            Warnings = warnings;
        }

        public DecisionAction Action { get; }

        public string ReasonCode { get; }

        public Explanation Explanation { get; }

        public bool IsSupportedHere { get; }

        public bool? IsPreferredReplica { get; }

        public string? PreferredReplicaName { get; }

        public IReadOnlyList<DecisionWarning> Warnings { get; }

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

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public BackupDecision With(
            DecisionAction? action = null,
            string? reasonCode = null,
            Explanation? explanation = null,
            bool? isSupportedHere = null,
            Change<bool?> isPreferredReplica = default,
            Change<string?> preferredReplicaName = default,
            IReadOnlyList<DecisionWarning>? warnings = null) =>
            new BackupDecision(
                action ?? Action,
                reasonCode ?? ReasonCode,
                explanation ?? Explanation,
                isSupportedHere ?? IsSupportedHere,
                isPreferredReplica.Or(IsPreferredReplica),
                preferredReplicaName.Or(PreferredReplicaName),
                warnings ?? Warnings);
    }
}
