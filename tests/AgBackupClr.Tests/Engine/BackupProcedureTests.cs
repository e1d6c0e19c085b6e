using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// The sequence the SQLCLR entry point runs, with the pipe and the THROW replaced: every row reaches the caller, and
    /// the severity 16 error that fails the Agent job step comes after them, exactly when a row was refused or failed.
    /// </summary>
    public class BackupProcedureTests
    {
        private readonly List<string> happened = new List<string>();

        [SetUp]
        public void Nothing_has_happened_yet() => happened.Clear();

        [Test]
        public void A_refused_row_is_sent_and_then_the_job_step_is_failed()
        {
            Execute(InMemory.Arguments("Finance, Nowhere", "FULL"));

            Assert.That(happened, Is.EqualTo(new[]
            {
                "rows: Finance BACKUP, Nowhere REFUSE",
                "raise: usp_BackupIfPreferred: 1 of 2 row(s) were refused or failed: Nowhere REFUSE REFUSE_DATABASE_NOT_FOUND. The result rows and dbo.BackupDecisionLog say why for each database.",
            }));
        }

        [Test]
        public void A_failed_backup_fails_the_job_step_after_its_row()
        {
            Execute(InMemory.Arguments("Finance", "FULL"), new RecordingExecutor(failWhenContains: "[Finance]", errorNumber: 3201));

            Assert.That(happened, Has.Count.EqualTo(2));
            Assert.That(happened[0], Is.EqualTo("rows: Finance FAILED"));
            Assert.That(happened[1], Does.StartWith("raise: usp_BackupIfPreferred: 1 of 1 row(s) were refused or failed: Finance FAILED OK_NOT_IN_AG Msg 3201."));
        }

        [Test]
        public void Skips_and_backups_send_their_rows_and_raise_nothing()
        {
            Execute(InMemory.Arguments("AVAILABILITY_GROUP_DATABASES, Finance", "LOG"));

            Assert.That(happened, Is.EqualTo(new[] { "rows: Sales SKIP, Finance BACKUP" }));
        }

        [Test]
        public void A_dry_runs_notice_comes_after_its_rows_and_before_the_error_that_fails_the_job_step()
        {
            Execute(InMemory.Arguments("Finance, Nowhere", "FULL", execute: "N"));

            Assert.That(happened.Select(line => line.Substring(0, line.IndexOf(':'))), Is.EqualTo(new[] { "rows", "inform", "raise" }));
            Assert.That(happened[1], Does.StartWith("inform: usp_BackupIfPreferred: dry run (@Execute = 'N'): the rows of dbo.BackupDecisionLog logged before "));
        }

        [Test]
        public void A_run_that_cannot_read_the_state_sends_an_empty_result_and_fails_the_job_step()
        {
            var run = new BackupRun(new UnreadableState(), new RecordingExecutor(), new RecordingLog(), new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns());

            BackupProcedure.Execute(run, InMemory.Arguments("Finance", "FULL"), new Sink(happened), new Raiser(happened));

            Assert.That(happened[0], Is.EqualTo("rows: "));
            Assert.That(happened[1], Does.StartWith("raise: usp_BackupIfPreferred: Reading availability group state needs the VIEW SERVER STATE permission"));
        }

        private void Execute(RawBackupArguments arguments, RecordingExecutor? executor = null)
        {
            var run = new BackupRun(new FixedState(InMemory.State()), executor ?? new RecordingExecutor(), new RecordingLog(), new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns());
            BackupProcedure.Execute(run, arguments, new Sink(happened), new Raiser(happened));
        }

        private sealed class Sink : IResultSink
        {
            private readonly List<string> happened;

            public Sink(List<string> happened)
            {
                this.happened = happened;
            }

            public void Send(IReadOnlyList<BackupResultRow> rows) =>
                happened.Add("rows: " + string.Join(", ", rows.Select(row => row.DatabaseName + " " + row.Action)));

            public void Inform(string message) => happened.Add("inform: " + message);
        }

        private sealed class Raiser : IErrorRaiser
        {
            private readonly List<string> happened;

            public Raiser(List<string> happened)
            {
                this.happened = happened;
            }

            public void Raise(string message) => happened.Add("raise: " + message);
        }
    }
}
