using System;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// @MaxLogAgeMinutes: a replica that skips a LOG because another replica is preferred still watches that the log is
    /// backed up somewhere. When the newest log backup it can see is older than the limit, the preferred replica's job is
    /// not running (or AgBackupClr is missing there), and the skip becomes a refusal so that a job step fails somewhere
    /// instead of the log chain silently stopping.
    /// </summary>
    public static class LogBackupAge
    {
        /// <param name="maxLogAgeMinutes">@MaxLogAgeMinutes; null leaves every decision as it is.</param>
        public static BackupDecision Check(BackupDecision decision, BackupRequest request, DatabaseFacts database, DateTime nowUtc, int? maxLogAgeMinutes)
        {
            if (maxLogAgeMinutes is not int limit || !Watched(decision, request))
            {
                return decision;
            }

            // A limit this replica cannot check leaves the skip as it is, and says so: refusing would stop the LOG backups
            // of every database here over a watch that cannot run.
            if (!database.LogBackupTimeRead)
            {
                return decision.With(
                    explanation: Explanation.Of(decision.Reason + " @MaxLogAgeMinutes is not checked here: this replica shows no sys.dm_db_log_stats.log_backup_time for "
                        + Describe.Quote(database.Name) + " (read from SQL Server 2017 on, for ONLINE databases)."));
            }

            // Never backed up: measured from the database's creation, so a database added a minute ago is not late yet.
            DateTime? since = database.LastLogBackupUtc ?? database.CreateDateUtc;
            if (since is not DateTime from || nowUtc - from <= TimeSpan.FromMinutes(limit))
            {
                return decision;
            }

            return decision.With(
                action: DecisionAction.Refuse,
                reasonCode: ReasonCodes.RefuseLogBackupOverdue,
                explanation: Explanation.Of(Overdue(decision.PreferredReplicaName, database, from, nowUtc, limit)));
        }

        /// <summary>Only a regular LOG left to another replica by the backup preference: the skips that trust another job to run.</summary>
        private static bool Watched(BackupDecision decision, BackupRequest request) =>
            decision.ReasonCode == ReasonCodes.SkipNotPreferred && request.BackupType == BackupType.Log && !request.CopyOnly;

        private static string Overdue(string? preferred, DatabaseFacts database, DateTime from, DateTime nowUtc, int limit)
        {
            string who = preferred == null ? "the preferred replica" : "the preferred replica " + preferred;
            string seen = database.LastLogBackupUtc == null
                ? "no log backup of " + Describe.Quote(database.Name) + " was ever taken that this replica can see (sys.dm_db_log_stats.log_backup_time), and the database was created "
                : "the newest log backup of " + Describe.Quote(database.Name) + " this replica can see (sys.dm_db_log_stats.log_backup_time) started ";
            string age = seen + from.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z, " + Minutes(nowUtc - from)
                + " minutes ago, more than @MaxLogAgeMinutes = " + limit.ToString(CultureInfo.InvariantCulture);
            string? behind = NotReceivingLog(database.LocalReplica);
            return behind != null
                ? "LOG is left to " + who + ", but " + age + ". This replica's copy of the database is " + behind
                    + ", so it may be this replica that does not see the log backups: resume data movement here, then look at " + (preferred ?? "the preferred replica") + "'s job."
                : "LOG is left to " + who + ", but " + age + ": the job on " + (preferred ?? "that replica") + " is not running, not taking this backup, or AgBackupClr is missing there. "
                    + "Look at that replica's job and dbo.BackupDecisionLog; this replica fails its job step so the gap in the log chain is seen.";
        }

        /// <summary>How this replica's copy is not receiving the log (suspended, or neither SYNCHRONIZED nor SYNCHRONIZING); null when it is, or on a primary.</summary>
        private static string? NotReceivingLog(DatabaseReplicaFacts? replica)
        {
            if (replica == null)
            {
                return null;
            }

            if (replica.IsSuspended)
            {
                return "suspended";
            }

            return replica.IsSynchronizing ? null : SqlNames.Of(replica.SynchronizationState);
        }

        private static string Minutes(TimeSpan age) => ((long)age.TotalMinutes).ToString(CultureInfo.InvariantCulture);
    }
}
