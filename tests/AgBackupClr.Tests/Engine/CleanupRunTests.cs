using System;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// @CleanupTime in a run: SQL1 is the primary of AG1, where SQL2 takes the LOG backups of Sales; Finance is SQL1's own.
    /// The chain guard saw a FULL's base eight days ago and another one two days ago.
    /// </summary>
    public class CleanupRunTests
    {
        private static readonly DateTime Now = FakeBases.LocalNow;

        private static readonly ObservedBase WeekOld = new ObservedBase(41000000000123m, Now.AddDays(-8), Now.AddDays(-8).AddHours(1));
        private static readonly ObservedBase TwoDaysAgo = new ObservedBase(52000000000456m, Now.AddDays(-2), Now.AddDays(-2).AddHours(1));

        private const string FinanceLogFolder = @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\LOG";
        private const string SalesLogFolder = @"\\backupshare\sql\AG1\Sales\LOG";

        private const string FinanceCleanup = "EXECUTE master.dbo.xp_create_subdir N'" + FinanceLogFolder + "';\n"
            + "DECLARE @ReturnCode int;\nEXECUTE @ReturnCode = master.dbo.xp_delete_file 0, N'" + FinanceLogFolder + "', N'trn', N'2026-11-18T00:30:00', 0;\n"
            + "IF @ReturnCode <> 0 OR @ReturnCode IS NULL THROW 50000, N'xp_delete_file could not delete every old backup file in the folder; the files it did not delete are still there.', 1;";

        private RecordingExecutor executor = null!;
        private RecordingLog log = null!;
        private FakeBases bases = null!;

        [SetUp]
        public void Given_the_bases_seen_eight_days_ago_and_two_days_ago()
        {
            executor = new RecordingExecutor();
            log = new RecordingLog();
            bases = new FakeBases(new[] { WeekOld, TwoDaysAgo });
        }

        [Test]
        public void After_each_backup_its_folder_is_cleaned_up_to_the_base_seen_before_the_window_less_two_hours_and_a_shared_folder_is_left_to_the_replica_that_took_the_backup()
        {
            RunOutcome outcome = Run(Cleaning("USER_DATABASES", 24));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action, r.ReasonCode, r.BackupFile)), Is.EqualTo(new[]
            {
                ("Sales", "SKIP", "SKIP_NOT_PREFERRED", (string?)null),
                ("Sales", "SKIP", "SKIP_CLEANUP_NOT_HERE", SalesLogFolder),
                ("Finance", "BACKUP", "OK_NOT_IN_AG", @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\LOG\SQL1$MSSQLSERVER_Finance_LOG_20261126_013002_000.trn"),
                ("Finance", "CLEANUP", "OK_CLEANED", FinanceLogFolder),
                ("Staging", "SKIP", "SKIP_LOG_SIMPLE_RECOVERY", null),
            }));
            BackupResultRow cleaned = outcome.Rows[3];
            Assert.That(cleaned.Command, Is.EqualTo(FinanceCleanup));
            Assert.That(
                TSqlParsing.Statements(TSqlParsing.ParseValid(cleaned.Command!, "cleanup command")).Select(statement => statement.GetType().Name),
                Is.EqualTo(new[] { "ExecuteStatement", "DeclareVariableStatement", "ExecuteStatement", "IfStatement" }),
                "xp_create_subdir, then the xp_delete_file call, as one batch");
            Assert.That(cleaned.Reason, Is.EqualTo(
                "Deletes the .trn backups in this folder dated before 2026-11-18 00:30:00 (this replica's local time). @CleanupTime = 24 keeps every point since 2026-11-25 02:30:00; "
                + "the chain guard keeps the FULL of differential base 41000000000123 (differential_base_time 2026-11-18 02:30:00, seen here at 2026-11-18 03:30:00), "
                + "the one before the newest seen by then, and every backup after it, less 2 hours for clocks that differ between replicas."));
            Assert.That((cleaned.BackupType, cleaned.ReplicaRole, cleaned.StartedAt.HasValue, cleaned.FinishedAt.HasValue), Is.EqualTo(("LOG", (string?)null, true, true)));
            Assert.That(outcome.Rows[1].Reason, Is.EqualTo(
                "Every replica writes this availability group's backups to this folder, so the replica that takes the backup cleans it; this replica skipped it (SKIP_NOT_PREFERRED) and @CleanupWhenSkipped is 'N'."));
            Assert.That(executor.Commands.Last(), Is.EqualTo(FinanceCleanup));
            Assert.That(bases.Calls, Is.EqualTo(new[] { ("Sales", true), ("Finance", true) }), "every replica records the base, cleaning or not");
            Assert.That(log.Rows, Does.Contain(outcome.Rows[1]).And.Contain(outcome.Rows[3]), "every cleanup row is logged");
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void Before_backup_the_folder_is_cleaned_first()
        {
            RunOutcome outcome = Run(Cleaning("Finance", 24).With(cleanupMode: "BEFORE_BACKUP"));

            Assert.That(outcome.Rows.Select(r => r.Action), Is.EqualTo(new[] { "CLEANUP", "BACKUP" }));
            Assert.That(executor.Commands.First(), Is.EqualTo(FinanceCleanup));
            Assert.That(executor.Commands.Last(), Does.StartWith("BACKUP LOG [Finance]"));
        }

        [Test]
        public void A_dry_run_shows_the_commands_and_cutoffs_records_no_base_and_deletes_nothing()
        {
            RunOutcome outcome = Run(Cleaning("Finance", 24).With(execute: "N"));

            BackupResultRow cleaned = outcome.Rows.Last();
            Assert.That((cleaned.Action, cleaned.Command, cleaned.StartedAt), Is.EqualTo(("CLEANUP", FinanceCleanup, (DateTime?)null)));
            Assert.That(cleaned.Reason, Does.EndWith("less 2 hours for clocks that differ between replicas. Dry run (@Execute = 'N'): nothing was deleted."));
            Assert.That(executor.Commands, Is.Empty);
            Assert.That(bases.Calls, Is.EqualTo(new[] { ("Finance", false) }));
        }

        [Test]
        public void A_failed_delete_fails_the_job_step_like_a_failed_backup_and_the_other_databases_are_still_backed_up_and_cleaned()
        {
            executor = new RecordingExecutor(failWhenContains: "xp_delete_file 0, N'" + FinanceLogFolder, errorNumber: 50000);

            RunOutcome outcome = Run(Cleaning("Sales, Finance", 24).With(overrideBackupPreference: "Y"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action, r.ReasonCode)), Is.EqualTo(new[]
            {
                ("Sales", "BACKUP", "OK_PREFERRED_REPLICA"),
                ("Sales", "CLEANUP", "OK_CLEANED"),
                ("Finance", "BACKUP", "OK_NOT_IN_AG"),
                ("Finance", "FAILED", "OK_CLEANED"),
            }));
            Assert.That(outcome.Rows[3].ErrorNumber, Is.EqualTo(50000));
            Assert.That(outcome.FinalError, Is.EqualTo(
                "usp_BackupIfPreferred: 1 of 4 row(s) were refused or failed: Finance FAILED OK_CLEANED Msg 50000. The result rows and dbo.BackupDecisionLog say why for each database."));
        }

        [Test]
        public void A_failed_backup_deletes_nothing_after_it()
        {
            executor = new RecordingExecutor(failWhenContains: "BACKUP LOG", errorNumber: 3201);

            RunOutcome outcome = Run(Cleaning("Finance", 24));

            Assert.That(outcome.Rows.Select(r => r.Action), Is.EqualTo(new[] { "FAILED" }));
            Assert.That(executor.Commands.Where(c => c.Contains("xp_delete_file", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void With_no_base_old_enough_nothing_is_deleted_and_the_row_says_when_cleanup_starts()
        {
            RunOutcome outcome = Run(Cleaning("Finance", 200));

            BackupResultRow kept = outcome.Rows.Last();
            Assert.That((kept.Action, kept.ReasonCode, kept.Command), Is.EqualTo(("SKIP", "SKIP_CLEANUP_GUARD", (string?)null)));
            Assert.That(kept.Reason, Is.EqualTo(
                "Nothing of 'Finance' is deleted yet: the chain guard keeps from a FULL complete by the window's start, the base before the newest this replica saw "
                + "at least @CleanupTime = 200 hours ago, and the second base it saw becomes that old at 2026-12-02 11:30:00 (this replica's local time); cleanup can start then."));
            Assert.That(executor.Commands.Where(c => c.Contains("xp_delete_file", StringComparison.Ordinal)), Is.Empty);
            Assert.That(outcome.FinalError, Is.Null, "waiting for the guard is by design, not a failure");
        }

        [Test]
        public void With_fewer_than_two_bases_seen_the_row_says_cleanup_waits_for_a_second_full()
        {
            foreach (ObservedBase[] seen in new[] { Array.Empty<ObservedBase>(), new[] { WeekOld } })
            {
                bases = new FakeBases(seen);

                RunOutcome outcome = Run(Cleaning("Finance", 24));

                Assert.That(outcome.Rows.Last().Reason, Does.EndWith("it has seen fewer than two bases: cleanup starts @CleanupTime hours after this replica sees a second regular FULL's base."));
            }
        }

        [Test]
        public void A_skipping_replica_cleans_a_folder_that_names_it_and_with_clean_when_skipped_a_shared_one()
        {
            RunOutcome own = Run(Cleaning("Sales", 24).With(availabilityGroupDirectoryStructure: "{ServerName}{DirectorySeparator}{DatabaseName}"));
            RunOutcome shared = Run(Cleaning("Sales", 24).With(cleanupWhenSkipped: "Y"));

            Assert.That(own.Rows.Select(r => (r.Action, r.ReasonCode, r.BackupFile)), Is.EqualTo(new[]
            {
                ("SKIP", "SKIP_NOT_PREFERRED", (string?)null), ("CLEANUP", "OK_CLEANED", @"\\backupshare\sql\SQL1\Sales"),
            }));
            Assert.That(shared.Rows.Select(r => (r.Action, r.ReasonCode, r.BackupFile)), Is.EqualTo(new[]
            {
                ("SKIP", "SKIP_NOT_PREFERRED", (string?)null), ("CLEANUP", "OK_CLEANED", SalesLogFolder),
            }));
        }

        [Test]
        public void A_primary_that_refuses_for_a_preferred_secondary_receiving_no_log_still_cleans_its_own_folder()
        {
            ServerState server = InMemory.StateWith(
                "Sales", database => database.With(otherReplicas: new[] { new OtherReplicaDatabaseFacts("SQL2", new DatabaseReplicaFacts(SynchronizationState.NotSynchronizing, true)) }));

            RunOutcome outcome = Run(Cleaning("Sales", 24).With(availabilityGroupDirectoryStructure: "{ServerName}{DirectorySeparator}{DatabaseName}"), new FixedState(server));

            Assert.That(outcome.Rows.Select(r => (r.Action, r.ReasonCode, r.BackupFile)), Is.EqualTo(new[]
            {
                ("REFUSE", "REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING", (string?)null), ("CLEANUP", "OK_CLEANED", @"\\backupshare\sql\SQL1\Sales"),
            }));
        }

        [Test]
        public void Backups_at_a_url_are_never_cleaned_and_the_row_says_so()
        {
            RunOutcome outcome = Run(Cleaning("Finance", 24).With(directory: null, url: "https://account.blob.core.windows.net/sql"), new FixedState(WithCredential()));

            BackupResultRow row = outcome.Rows.Last();
            Assert.That((row.Action, row.ReasonCode, row.Reason), Is.EqualTo(("SKIP", "SKIP_CLEANUP_URL",
                "@CleanupTime does not delete backups at a URL: the storage's own lifecycle rules do that (Azure Blob Storage lifecycle management, S3 lifecycle rules).")));
            Assert.That(bases.Calls, Is.Empty);
        }

        [Test]
        public void Bases_that_cannot_be_read_fail_the_job_step_naming_the_grant_and_delete_nothing()
        {
            bases = new FakeBases(failWith: 229);

            RunOutcome outcome = Run(Cleaning("Finance", 24));

            BackupResultRow row = outcome.Rows.Last();
            Assert.That((row.Action, row.ErrorNumber), Is.EqualTo(("FAILED", (int?)229)));
            Assert.That(row.Reason, Is.EqualTo("The differential bases of 'Finance' could not be read, so nothing was deleted. "
                + "GRANT EXECUTE ON dbo.usp_ObserveDifferentialBase TO the login that runs the job (sql/permissions/grant-job-owner.sql grants all it needs)."));
            Assert.That(outcome.FinalError, Is.Not.Null);
        }

        [Test]
        public void Before_backup_a_backup_whose_file_cannot_be_named_is_refused_before_its_folder_is_cleaned()
        {
            // A path over 260 characters: refused when the names are built, which BEFORE_BACKUP now does before it cleans.
            RunOutcome outcome = Run(Cleaning("Finance", 24).With(cleanupMode: "BEFORE_BACKUP", fileName: "{DatabaseName}_" + new string('x', 237) + ".{FileExtension}"));

            Assert.That(outcome.Rows.Select(r => (r.Action, r.ReasonCode)), Is.EqualTo(new[] { ("REFUSE", "REFUSE_INVALID_ARGUMENT") }));
            Assert.That(outcome.Rows[0].Reason, Does.StartWith("The backup path would be 296 characters long"));
            Assert.That(executor.Commands, Is.Empty, "nothing was deleted and nothing ran");
        }

        /// <summary>The bundled job step with a retention in hours and the default folders per database and type.</summary>
        private static RawBackupArguments Cleaning(string databases, int hours) =>
            InMemory.Arguments(databases, "LOG").With(cleanupTime: hours, directoryStructure: null, availabilityGroupDirectoryStructure: null);

        private static ServerState WithCredential() =>
            InMemory.State().With(credentials: new[] { new CredentialFacts("https://account.blob.core.windows.net/sql", "SHARED ACCESS SIGNATURE") });

        private RunOutcome Run(RawBackupArguments arguments, IStateSource? state = null) =>
            new BackupRun(state ?? new FixedState(InMemory.State()), executor, log, new SteppingClock(), new FakeFolders(), bases, new FakeLogBackupLsns()).Run(arguments);
    }
}
