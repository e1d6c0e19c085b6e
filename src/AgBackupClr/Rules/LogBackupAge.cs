using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// @MaxLogAgeMinutes: a replica that skips a LOG because another replica is preferred still watches that the log is
    /// backed up somewhere. Every log backup moves the database's sys.database_recovery_status.last_log_backup_lsn (where the
    /// next one starts), and this replica records when it first sees each value, by its own clock
    /// (dbo.ObservedLogBackupLsn): no time zone is involved, and a database never log-backed-up is measured from when this
    /// replica first saw it, not from its creation. When the LSN has stood still for longer than the limit, the preferred
    /// replica's job is not running (or AgBackupClr is missing there), and the skip becomes a refusal, so that a job step fails
    /// somewhere instead of the log chain silently stopping.
    /// <para>
    /// Only where that signal is pinned. The primary's last_log_backup_lsn is where its own next log backup starts, and log
    /// backups on any replica form one chain ("A consistent log chain is ensured across log backups taken on any of the
    /// replicas", docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md),
    /// so it moves with a log backup taken anywhere. A secondary's copy (and a distributed group's forwarder's) shows a log
    /// backup taken elsewhere only through the log it receives and redoes: the docs say neither that it does nor how late,
    /// and the lag a secondary can see of itself (sys.dm_hadr_database_replica_states.redo_queue_size, last_redone_time) says
    /// nothing of the log the primary has not sent yet. There the watch only warns.
    /// </para>
    /// </summary>
    public static class LogBackupAge
    {
        /// <summary>
        /// Whether the decision is one @MaxLogAgeMinutes watches: a regular LOG this replica skips because another replica is
        /// preferred, the skip that trusts another job to run. Only then is the log backup LSN observed.
        /// </summary>
        /// <param name="maxLogAgeMinutes">@MaxLogAgeMinutes; null watches nothing.</param>
        public static bool Watches(BackupDecision decision, BackupRequest request, int? maxLogAgeMinutes) =>
            maxLogAgeMinutes != null && decision.ReasonCode == ReasonCodes.SkipNotPreferred && request.BackupType == BackupType.Log && !request.CopyOnly;

        /// <param name="group">The database's availability group as this replica sees it: only its primary refuses.</param>
        /// <param name="observed">The log backup LSN as this replica observed it for this run.</param>
        public static BackupDecision Check(
            BackupDecision decision, BackupRequest request, string databaseName, AvailabilityGroupFacts? group, ObservedLogBackupLsn observed, int? maxLogAgeMinutes)
        {
            if (!Watches(decision, request, maxLogAgeMinutes))
            {
                return decision;
            }

            // Nothing moves that could be watched: the skip stands, and says so.
            if (observed.LastLogBackupLsn is not decimal lsn || observed.FirstSeenUtc is not DateTime firstSeen)
            {
                return decision.With(explanation: Explanation.Of(decision.Reason + " @MaxLogAgeMinutes is not checked here: sys.database_recovery_status shows no last_log_backup_lsn for "
                    + Describe.Quote(databaseName) + " (no log backup can start before the first full backup, and a database that is not started shows none)."));
            }

            int limit = maxLogAgeMinutes!.Value;
            TimeSpan still = observed.UtcNow - firstSeen;
            if (still <= TimeSpan.FromMinutes(limit))
            {
                return decision;
            }

            string stood = "last_log_backup_lsn of " + Describe.Quote(databaseName) + " (sys.database_recovery_status) has stood at " + lsn.ToString(CultureInfo.InvariantCulture)
                + " since this replica first saw it at " + firstSeen.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z, " + Minutes(still)
                + " minutes ago by its own clock, more than @MaxLogAgeMinutes = " + limit.ToString(CultureInfo.InvariantCulture);
            string? notPinned = NotPinnedHere(group);
            if (notPinned != null)
            {
                var warnings = new List<DecisionWarning>(decision.Warnings)
                {
                    new DecisionWarning(ReasonCodes.WarnLogBackupOverdue, stood + ". This replica does not refuse: it is " + notPinned
                        + ", whose copy of the database shows a log backup taken on another replica only once the log that records it is redone here, "
                        + "and Microsoft documents neither that it is nor how late. The primary's job step fails when the log chain stops."),
                };
                return decision.With(warnings: warnings);
            }

            string preferred = decision.PreferredReplicaName ?? "that replica";
            string who = decision.PreferredReplicaName == null ? "the preferred replica" : "the preferred replica " + decision.PreferredReplicaName;
            return decision.With(
                action: DecisionAction.Refuse,
                reasonCode: ReasonCodes.RefuseLogBackupOverdue,
                explanation: Explanation.Of("LOG is left to " + who + ", but " + stood + ": the job on " + preferred
                    + " is not running, not taking this backup, or AgBackupClr is missing there. "
                    + "Look at that replica's job and dbo.BackupDecisionLog; this replica fails its job step so the gap in the log chain is seen."));
        }

        /// <summary>The reason of a watch that could not run (the row then fails with SQL Server's error): a limit nobody checks would stay silent.</summary>
        public static BackupDecision NotObserved(BackupDecision decision, string databaseName) =>
            decision.With(
                action: DecisionAction.Refuse,
                reasonCode: ReasonCodes.RefuseLogBackupOverdue,
                explanation: Explanation.Of(decision.Reason + " @MaxLogAgeMinutes could not be checked: the last_log_backup_lsn of " + Describe.Quote(databaseName)
                    + " could not be recorded or read here, so this replica cannot tell whether the log chain moves."));

        /// <summary>
        /// Null on the primary of a group that is not a distributed group's secondary, where last_log_backup_lsn follows the
        /// log backups of every replica; otherwise what this replica is, for the warning.
        /// </summary>
        private static string? NotPinnedHere(AvailabilityGroupFacts? group)
        {
            if (group?.LocalRole != ReplicaRole.Primary)
            {
                return "a secondary replica";
            }

            return group.DistributedRole == DistributedRole.Secondary ? "the forwarder of a distributed availability group's secondary group" : null;
        }

        private static string Minutes(TimeSpan age) => ((long)age.TotalMinutes).ToString(CultureInfo.InvariantCulture);
    }
}
