using System;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// usp_BackupIfPreferred with @MaxLogAgeMinutes: the primary that skips a LOG fails its job step when last_log_backup_lsn
    /// has stood still, by its own clock, for longer than the limit; the watch is recorded in dbo.ObservedLogBackupLsn
    /// (FakeLogBackupLsns here, on the replica's clock).
    /// </summary>
    public class MaxLogAgeRunTests
    {
        private static readonly DateTime Start = new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc);

        /// <summary>SQL1 is the primary of AG1 and SQL2 the preferred secondary: SQL1 skips Sales' LOG (InMemory).</summary>
        private readonly ServerState onPrimary = InMemory.State();

        private ManualClock clock = null!;
        private FakeLogBackupLsns lsns = null!;

        [SetUp]
        public void NewReplica()
        {
            clock = new ManualClock(Start);
            lsns = new FakeLogBackupLsns(clock);
        }

        private RunOutcome Run(ServerState server, int? maxLogAgeMinutes = 30, string backupType = "LOG", string? execute = null, string databases = "Sales") =>
            new BackupRun(new FixedState(server), new RecordingExecutor(), new RecordingLog(), new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), lsns)
                .Run(InMemory.Arguments(databases, backupType, execute).With(maxLogAgeMinutes: maxLogAgeMinutes));

        private RunOutcome RunAfter(int minutes, ServerState? server = null, string? execute = null)
        {
            clock.UtcNow = clock.UtcNow.AddMinutes(minutes);
            return Run(server ?? onPrimary, execute: execute);
        }

        [Test]
        public void An_lsn_first_seen_within_the_limit_keeps_the_skip_and_the_job_succeeds()
        {
            Run(onPrimary);

            RunOutcome outcome = RunAfter(30);

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(outcome.FinalError, Is.Null);
            Assert.That(lsns.Recorded["Sales"], Is.EqualTo((FakeLogBackupLsns.StartingLsn, Start)), "recorded when first seen, not again while it stands");
        }

        [Test]
        public void An_lsn_that_stood_longer_than_the_limit_fails_the_job_step_of_the_primary_that_skips()
        {
            Run(onPrimary);

            RunOutcome outcome = RunAfter(31);

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.PreferredReplicaName), Is.EqualTo(("REFUSE", "REFUSE_LOG_BACKUP_OVERDUE", "SQL2")));
            Assert.That(row.Reason, Does.Contain("has stood at 42000000003100001 since this replica first saw it at 2026-11-26 01:30Z, 31 minutes ago by its own clock"));
            Assert.That(row.Command, Is.Null);
            Assert.That(outcome.FinalError, Does.Contain("Sales REFUSE REFUSE_LOG_BACKUP_OVERDUE"));
        }

        [Test]
        public void A_log_backup_on_the_preferred_replica_moves_the_lsn_and_the_watch_starts_again()
        {
            Run(onPrimary);
            Assert.That(RunAfter(45).Rows.Single().ReasonCode, Is.EqualTo("REFUSE_LOG_BACKUP_OVERDUE"));

            lsns.Show("Sales", FakeLogBackupLsns.StartingLsn + 100);
            RunOutcome moved = RunAfter(1);

            Assert.That(moved.Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(lsns.Recorded["Sales"], Is.EqualTo((FakeLogBackupLsns.StartingLsn + 100, Start.AddMinutes(46))));
            Assert.That(RunAfter(30).Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(RunAfter(1).Rows.Single().ReasonCode, Is.EqualTo("REFUSE_LOG_BACKUP_OVERDUE"));
        }

        [Test]
        public void A_database_created_long_ago_and_never_log_backed_up_is_measured_from_this_replicas_first_observation()
        {
            // Switched to FULL, or just added to the group: no creation date is read, and its log_backup_time (none) decides nothing.
            ServerState old = InMemory.StateWith("Sales", database => database.With(lastLogBackupUtc: null));

            RunOutcome first = Run(old);
            RunOutcome withinTheLimit = RunAfter(30, old);
            RunOutcome late = RunAfter(1, old);

            Assert.That(first.Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(withinTheLimit.Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(late.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_LOG_BACKUP_OVERDUE"));
        }

        [TestCase(-600, -5)]
        [TestCase(0, 0)]
        [TestCase(660, 5)]
        public void The_replicas_time_zone_and_the_log_backup_time_it_shows_decide_nothing(int utcOffsetMinutes, int logBackupTimeHoursFromNow)
        {
            ServerState zoned = InMemory.StateWith("Sales", database => database.With(lastLogBackupUtc: Start.AddHours(logBackupTimeHoursFromNow)));
            zoned = zoned.With(instance: zoned.Instance.With(utcOffsetMinutes: utcOffsetMinutes));

            RunOutcome first = Run(zoned);
            RunOutcome withinTheLimit = RunAfter(30, zoned);
            RunOutcome late = RunAfter(1, zoned);

            Assert.That(
                new[] { first, withinTheLimit, late }.Select(outcome => outcome.Rows.Single().ReasonCode),
                Is.EqualTo(new[] { "SKIP_NOT_PREFERRED", "SKIP_NOT_PREFERRED", "REFUSE_LOG_BACKUP_OVERDUE" }));
        }

        [Test]
        public void A_dry_run_records_nothing_so_the_watch_starts_at_the_first_run_that_records()
        {
            Run(onPrimary, execute: "N");

            RunOutcome afterTheDryRun = RunAfter(45);

            Assert.That(afterTheDryRun.Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(lsns.Calls, Is.EqualTo(new[] { ("Sales", false), ("Sales", true) }));
            Assert.That(RunAfter(31, execute: "N").Rows.Single().ReasonCode, Is.EqualTo("REFUSE_LOG_BACKUP_OVERDUE"), "a dry run shows the refusal the run would make");
        }

        [Test]
        public void A_secondary_that_skips_warns_and_its_job_step_succeeds()
        {
            ServerState onSecondary = InMemory.State().With(availabilityGroups: new[]
            {
                InMemory.Group().With(replicas: new[]
                {
                    new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, true),
                    new ReplicaFacts("SQL2", 60, AvailabilityMode.SynchronousCommit, null, null, null, false),
                }),
            });
            Run(onSecondary);

            RunOutcome late = RunAfter(31, onSecondary);

            BackupResultRow row = late.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.ReplicaRole), Is.EqualTo(("SKIP", "SKIP_NOT_PREFERRED", "SECONDARY")));
            Assert.That(row.Reason, Does.Contain(" WARN_LOG_BACKUP_OVERDUE: last_log_backup_lsn of 'Sales'").And.Contain("This replica does not refuse: it is a secondary replica"));
            Assert.That(late.FinalError, Is.Null);
        }

        [Test]
        public void A_watch_that_cannot_record_fails_the_row_with_sql_servers_error_and_what_to_grant()
        {
            lsns = new FakeLogBackupLsns(clock, failWith: 229);

            RunOutcome outcome = Run(onPrimary);

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.ErrorNumber), Is.EqualTo(("FAILED", "REFUSE_LOG_BACKUP_OVERDUE", (int?)229)));
            Assert.That(row.ErrorMessage, Does.Contain("usp_ObserveLogBackupLsn"));
            Assert.That(row.Reason, Does.EndWith("@MaxLogAgeMinutes could not be checked: the last_log_backup_lsn of 'Sales' could not be recorded or read here, "
                + "so this replica cannot tell whether the log chain moves. GRANT EXECUTE ON dbo.usp_ObserveLogBackupLsn TO the login that runs the job "
                + "(sql/permissions/grant-job-owner.sql grants all it needs)."));
            Assert.That(outcome.FinalError, Does.Contain("Sales FAILED REFUSE_LOG_BACKUP_OVERDUE Msg 229"));
        }

        [Test]
        public void Only_a_log_left_to_another_replica_is_watched()
        {
            Run(onPrimary, maxLogAgeMinutes: null);
            Run(onPrimary, databases: "Finance");

            Assert.That(lsns.Calls, Is.Empty, "no limit, and a LOG this replica takes itself, observe nothing");
        }

        [TestCase("FULL", "@MaxLogAgeMinutes applies to LOG backups that are not COPY_ONLY (it watches the log backups another replica takes); leave it NULL for a FULL backup. Nothing ran.")]
        [TestCase("DIFF", "@MaxLogAgeMinutes applies to LOG backups that are not COPY_ONLY (it watches the log backups another replica takes); leave it NULL for a DIFF backup. Nothing ran.")]
        public void The_limit_on_another_backup_type_is_refused(string backupType, string reason)
        {
            BackupResultRow row = Run(onPrimary, backupType: backupType).Rows.Single();

            Assert.That((row.ReasonCode, row.Reason), Is.EqualTo(("REFUSE_INVALID_ARGUMENT", reason)));
        }

        [TestCase(0)]
        [TestCase(-15)]
        public void A_limit_that_is_not_a_positive_number_of_minutes_is_refused(int minutes)
        {
            BackupResultRow row = Run(onPrimary, maxLogAgeMinutes: minutes).Rows.Single();

            Assert.That(row.Reason, Is.EqualTo("@MaxLogAgeMinutes must be a positive number of minutes (or NULL for no limit), not " + minutes + ". Nothing ran."));
        }

        [Test]
        public void On_sql_server_2016_which_has_no_sys_dm_db_log_stats_the_watch_runs_as_on_later_versions()
        {
            ServerState sql2016 = InMemory.State().With(instance: InMemory.Instance().With(productMajorVersion: 13));
            Run(sql2016);

            RunOutcome late = RunAfter(31, sql2016);

            Assert.That(late.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_LOG_BACKUP_OVERDUE"));
        }
    }
}
