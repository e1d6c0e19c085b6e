using System;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.Tests.Engine;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>@MaxLogAgeMinutes: a LOG skipped for another replica is refused once the newest log backup this replica can see is too old.</summary>
    public class LogBackupAgeTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

        private static readonly BackupRequest Log = new BackupRequest(BackupType.Log, false, false, true, SelectedBy.Name);

        private static BackupDecision NotPreferred(string? preferred = "SQL2") =>
            BackupDecision.Skip(ReasonCodes.SkipNotPreferred, "SQL2 is preferred.").With(isPreferredReplica: false, preferredReplicaName: preferred);

        private static DatabaseFacts Sales(DateTime? lastLogBackup, bool read = true) =>
            InMemory.AgDatabase("Sales", false).With(logBackupTimeRead: read, lastLogBackupUtc: lastLogBackup, createDateUtc: Now.AddDays(-30));

        [Test]
        public void A_log_backup_exactly_as_old_as_the_limit_keeps_the_skip()
        {
            BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, Sales(Now.AddMinutes(-60)), Now, 60);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, ReasonCodes.SkipNotPreferred)));
        }

        [Test]
        public void A_log_backup_older_than_the_limit_turns_the_skip_into_a_refusal_that_names_the_preferred_replica()
        {
            BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, Sales(Now.AddMinutes(-61)), Now, 60);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_LOG_BACKUP_OVERDUE")));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
            Assert.That(decision.IsPreferredReplica, Is.False);
            Assert.That(decision.Reason, Is.EqualTo(
                "LOG is left to the preferred replica SQL2, but the newest log backup of 'Sales' this replica can see (sys.dm_db_log_stats.log_backup_time) "
                + "started 2026-11-26 10:59Z, 61 minutes ago, more than @MaxLogAgeMinutes = 60: the job on SQL2 is not running, not taking this backup, "
                + "or AgBackupClr is missing there. Look at that replica's job and dbo.BackupDecisionLog; this replica fails its job step so the gap in the log chain is seen."));
        }

        [Test]
        public void A_database_never_backed_up_is_late_from_its_creation_and_not_before()
        {
            DatabaseFacts young = Sales(null).With(createDateUtc: Now.AddMinutes(-30));
            DatabaseFacts old = Sales(null);

            Assert.That(LogBackupAge.Check(NotPreferred(), Log, young, Now, 60).Action, Is.EqualTo(DecisionAction.Skip));
            BackupDecision late = LogBackupAge.Check(NotPreferred(null), Log, old, Now, 60);
            Assert.That(late.ReasonCode, Is.EqualTo(ReasonCodes.RefuseLogBackupOverdue));
            Assert.That(late.Reason, Does.StartWith(
                "LOG is left to the preferred replica, but no log backup of 'Sales' was ever taken that this replica can see (sys.dm_db_log_stats.log_backup_time), "
                + "and the database was created 2026-10-27 12:00Z, 43200 minutes ago"));
        }

        [Test]
        public void Without_a_limit_nothing_changes()
        {
            BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, Sales(Now.AddDays(-3)), Now, null);

            Assert.That((decision.ReasonCode, decision.Reason), Is.EqualTo((ReasonCodes.SkipNotPreferred, "SQL2 is preferred.")));
        }

        [Test]
        public void Where_the_log_backup_time_cannot_be_read_the_skip_stands_and_says_the_limit_was_not_checked()
        {
            BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, Sales(null, read: false), Now, 60);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, ReasonCodes.SkipNotPreferred)));
            Assert.That(decision.Reason, Is.EqualTo("SQL2 is preferred. @MaxLogAgeMinutes is not checked here: this replica shows no sys.dm_db_log_stats.log_backup_time "
                + "for 'Sales' (read from SQL Server 2017 on, for ONLINE databases)."));
        }

        [TestCase(SynchronizationState.NotSynchronizing, false, "NOT SYNCHRONIZING")]
        [TestCase(SynchronizationState.Synchronizing, true, "suspended")]
        public void A_replica_whose_copy_receives_no_log_is_refused_with_a_reason_that_points_at_itself_first(SynchronizationState state, bool suspended, string shown)
        {
            DatabaseFacts behind = Sales(Now.AddMinutes(-90)).With(localReplica: new DatabaseReplicaFacts(state, suspended));

            BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, behind, Now, 60);

            Assert.That(decision.ReasonCode, Is.EqualTo(ReasonCodes.RefuseLogBackupOverdue));
            Assert.That(decision.Reason, Does.EndWith("more than @MaxLogAgeMinutes = 60. This replica's copy of the database is " + shown
                + ", so it may be this replica that does not see the log backups: resume data movement here, then look at SQL2's job."));
        }

        [Test]
        public void A_replica_whose_copy_shows_no_state_is_refused_with_the_reason_that_points_at_the_preferred_replica()
        {
            // A skipping secondary may have no local row in sys.dm_hadr_database_replica_states: the watch must still refuse, not stop the run.
            DatabaseFacts unseen = Sales(Now.AddMinutes(-90)).With(localReplica: null);

            BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, unseen, Now, 60);

            Assert.That(decision.ReasonCode, Is.EqualTo(ReasonCodes.RefuseLogBackupOverdue));
            Assert.That(decision.Reason, Does.EndWith(": the job on SQL2 is not running, not taking this backup, or AgBackupClr is missing there. "
                + "Look at that replica's job and dbo.BackupDecisionLog; this replica fails its job step so the gap in the log chain is seen."));
        }

        [Test]
        public void Only_a_regular_log_skipped_for_another_replica_is_watched()
        {
            DatabaseFacts stale = Sales(Now.AddDays(-3));
            BackupDecision onPrimary = BackupDecision.Skip(ReasonCodes.SkipRunsOnPrimary, "primary only");
            BackupDecision backup = new BackupDecision(DecisionAction.Backup, ReasonCodes.OkPreferredReplica, Explanation.Of("here"), true, true, "SQL1", Array.Empty<DecisionWarning>());

            Assert.That(LogBackupAge.Check(onPrimary, Log, stale, Now, 60).ReasonCode, Is.EqualTo(ReasonCodes.SkipRunsOnPrimary));
            Assert.That(LogBackupAge.Check(backup, Log, stale, Now, 60).ReasonCode, Is.EqualTo(ReasonCodes.OkPreferredReplica));
            Assert.That(LogBackupAge.Check(NotPreferred(), Log.With(copyOnly: true), stale, Now, 60).ReasonCode, Is.EqualTo(ReasonCodes.SkipNotPreferred));
            Assert.That(LogBackupAge.Check(NotPreferred(), Log.With(backupType: BackupType.Full, copyOnly: true), stale, Now, 60).ReasonCode, Is.EqualTo(ReasonCodes.SkipNotPreferred));
        }
    }
}
