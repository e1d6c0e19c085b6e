using System;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>usp_BackupIfPreferred with @MaxLogAgeMinutes: the replica that skips a LOG fails its job step when the log is not being backed up anywhere.</summary>
    public class MaxLogAgeRunTests
    {
        /// <summary>SteppingClock's first read.</summary>
        private static readonly DateTime Now = new DateTime(2026, 11, 26, 1, 30, 1, DateTimeKind.Utc);

        private static RunOutcome Run(DateTime? lastLogBackupUtc, int? maxLogAgeMinutes, string backupType = "LOG", bool readable = true)
        {
            ServerState server = InMemory.StateWith(
                "Sales", database => database.With(logBackupTimeRead: readable, lastLogBackupUtc: lastLogBackupUtc, createDateUtc: Now.AddDays(-100)));
            var run = new BackupRun(new FixedState(server), new RecordingExecutor(), new RecordingLog(), new SteppingClock(), new FakeFolders(), new FakeBases());
            return run.Run(InMemory.Arguments("Sales", backupType).With(maxLogAgeMinutes: maxLogAgeMinutes));
        }

        [Test]
        public void A_recent_log_backup_on_another_replica_keeps_the_skip_and_the_job_succeeds()
        {
            RunOutcome outcome = Run(Now.AddMinutes(-14), 30);

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void A_log_backup_older_than_the_limit_fails_the_job_step_of_the_replica_that_skips()
        {
            RunOutcome outcome = Run(Now.AddMinutes(-45), 30);

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.PreferredReplicaName), Is.EqualTo(("REFUSE", "REFUSE_LOG_BACKUP_OVERDUE", "SQL2")));
            Assert.That(row.Command, Is.Null);
            Assert.That(outcome.FinalError, Does.Contain("Sales REFUSE REFUSE_LOG_BACKUP_OVERDUE"));
        }

        [Test]
        public void Without_the_limit_an_old_log_backup_is_still_only_a_skip()
        {
            Assert.That(Run(Now.AddDays(-2), null).Rows.Single().ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
        }

        [TestCase("FULL", "@MaxLogAgeMinutes applies to LOG backups that are not COPY_ONLY (it watches the log backups another replica takes); leave it NULL for a FULL backup. Nothing ran.")]
        [TestCase("DIFF", "@MaxLogAgeMinutes applies to LOG backups that are not COPY_ONLY (it watches the log backups another replica takes); leave it NULL for a DIFF backup. Nothing ran.")]
        public void The_limit_on_another_backup_type_is_refused(string backupType, string reason)
        {
            BackupResultRow row = Run(Now, 30, backupType).Rows.Single();

            Assert.That((row.ReasonCode, row.Reason), Is.EqualTo(("REFUSE_INVALID_ARGUMENT", reason)));
        }

        [TestCase(0)]
        [TestCase(-15)]
        public void A_limit_that_is_not_a_positive_number_of_minutes_is_refused(int minutes)
        {
            BackupResultRow row = Run(Now, minutes).Rows.Single();

            Assert.That(row.Reason, Is.EqualTo("@MaxLogAgeMinutes must be a positive number of minutes (or NULL for no limit), not " + minutes + ". Nothing ran."));
        }

        [Test]
        public void On_sql_server_2016_the_limit_cannot_be_checked_and_the_log_backups_still_run_where_this_replica_takes_them()
        {
            ServerState server = InMemory.State().With(instance: InMemory.Instance().With(productMajorVersion: 13));
            server = server.With(databases: server.Databases.Select(database => database.With(logBackupTimeRead: false)).ToList());
            var executor = new RecordingExecutor();
            var run = new BackupRun(new FixedState(server), executor, new RecordingLog(), new SteppingClock(), new FakeFolders(), new FakeBases());

            RunOutcome outcome = run.Run(InMemory.Arguments("Sales,Finance", "LOG").With(maxLogAgeMinutes: 30));

            Assert.That(outcome.Rows.Select(row => (row.DatabaseName, row.ReasonCode)), Is.EqualTo(new[] { ("Sales", "SKIP_NOT_PREFERRED"), ("Finance", "OK_NOT_IN_AG") }));
            Assert.That(outcome.Rows[0].Reason, Does.EndWith("@MaxLogAgeMinutes is not checked here: this replica shows no sys.dm_db_log_stats.log_backup_time for 'Sales' "
                + "(read from SQL Server 2017 on, for ONLINE databases)."));
            Assert.That(executor.Commands.Single(), Does.StartWith("BACKUP LOG [Finance]"));
            Assert.That(outcome.FinalError, Is.Null);
        }
    }
}
