using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// @CleanupTime in a run: SQL1 is the primary of AG1, where SQL2 takes the LOG backups of Sales; Finance is SQL1's own.
    /// SQL1 took two FULLs of Finance, eight and two days ago, into its FULL folder; SQL2 wrote Sales's FULL two days ago into
    /// the group's shared FULL folder, so only its header proves it here. Both LOG folders hold log backups. This replica's clock
    /// reads 2026-11-26 01:30 (UTC, offset 0).
    /// </summary>
    public class CleanupRunTests
    {
        private static readonly DateTime TwoDaysAgo = new DateTime(2026, 11, 24, 1, 0, 0);

        private const string FinanceFullFolder = @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\FULL";
        private const string FinanceLogFolder = @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\LOG";
        private const string SalesFullFolder = @"\\backupshare\sql\AG1\Sales\FULL";
        private const string SalesLogFolder = @"\\backupshare\sql\AG1\Sales\LOG";

        /// <summary>The cutoff: the start of the FULL of two days ago, less the guard's two hours.</summary>
        private const string FinanceCleanup = "DECLARE @ReturnCode int;\nEXECUTE @ReturnCode = master.dbo.xp_delete_file 0, N'" + FinanceLogFolder + "', N'trn', N'2026-11-23T23:00:00', 0;\n"
            + "IF @ReturnCode <> 0 OR @ReturnCode IS NULL THROW 50000, N'xp_delete_file could not delete every old backup file in the folder; the files it did not delete are still there.', 1;";

        private RecordingExecutor executor = null!;
        private RecordingLog log = null!;
        private FakeBackupFiles files = null!;

        [SetUp]
        public void Given_two_fulls_of_finance_taken_here_and_one_of_sales_taken_by_sql2()
        {
            executor = new RecordingExecutor();
            log = new RecordingLog();
            files = new FakeBackupFiles()
                .RecordedFull(FinanceFullFolder, "Finance_FULL_20261118.bak", TwoDaysAgo.AddDays(-6), TwoDaysAgo.AddDays(-6).AddHours(1), 41000000000123m)
                .RecordedFull(FinanceFullFolder, "Finance_FULL_20261124.bak", TwoDaysAgo, TwoDaysAgo.AddHours(1), 52000000000456m)
                .File(FinanceLogFolder, "Finance_LOG_20261120.trn")
                .HeaderFull(SalesFullFolder, "AG1_Sales_FULL_20261124.bak", "Sales", TwoDaysAgo, TwoDaysAgo.AddHours(1), 63000000000789m)
                .File(SalesLogFolder, "AG1_Sales_LOG_20261120.trn");
        }

        [Test]
        public void After_each_backup_its_folder_is_cleaned_up_to_the_start_of_the_newest_full_in_the_folders_before_the_window_less_two_hours()
        {
            RunOutcome outcome = Run(Cleaning("USER_DATABASES", 24));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action, r.ReasonCode, r.BackupFile)), Is.EqualTo(new[]
            {
                ("Sales", "SKIP", "SKIP_NOT_PREFERRED", (string?)null),
                ("Sales", "SKIP", "SKIP_CLEANUP_NOT_HERE", SalesLogFolder),
                ("Finance", "BACKUP", "OK_NOT_IN_AG", @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\LOG\SQL1$MSSQLSERVER_Finance_LOG_20261126_013004_000.trn"),
                ("Finance", "CLEANUP", "OK_CLEANED", FinanceLogFolder),
                ("Staging", "SKIP", "SKIP_LOG_SIMPLE_RECOVERY", null),
            }));
            BackupResultRow cleaned = outcome.Rows[3];
            Assert.That(cleaned.Command, Is.EqualTo(FinanceCleanup), "the folder exists, so no xp_create_subdir");
            Assert.That(
                TSqlParsing.Statements(TSqlParsing.ParseValid(cleaned.Command!, "cleanup command")).Select(statement => statement.GetType().Name),
                Is.EqualTo(new[] { "DeclareVariableStatement", "ExecuteStatement", "IfStatement" }));
            Assert.That(cleaned.Reason, Does.StartWith("Deletes the .trn backups in this folder dated before 2026-11-23 23:00:00 (this replica's local time). @CleanupTime = 24 keeps every point since 2026-11-25 01:30:0"));
            Assert.That(cleaned.Reason, Does.EndWith(
                "the chain guard keeps from the newest FULL in the folders that finished 2 hours before then, the FULL " + FinanceFullFolder + @"\Finance_FULL_20261124.bak "
                + "(checkpoint_lsn 52000000000456, started 2026-11-24 01:00:00, finished 2026-11-24 02:00:00, recorded in this replica's msdb), "
                + "and every backup dated after its start less 2 hours for clocks that differ between replicas."));
            Assert.That((cleaned.BackupType, cleaned.ReplicaRole, cleaned.StartedAt.HasValue, cleaned.FinishedAt.HasValue), Is.EqualTo(("LOG", (string?)null, true, true)));
            Assert.That(outcome.Rows[1].Reason, Is.EqualTo(
                "Every replica writes this availability group's backups to this folder, so the replica that takes the backup cleans it; this replica skipped it (SKIP_NOT_PREFERRED) and @CleanupWhenSkipped is 'N'."));
            Assert.That(executor.Commands.Last(), Is.EqualTo(FinanceCleanup));
            Assert.That(log.Rows, Does.Contain(outcome.Rows[1]).And.Contain(outcome.Rows[3]), "every cleanup row is logged");
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void A_full_another_replica_wrote_to_the_shared_folder_is_proven_by_its_header()
        {
            RunOutcome outcome = Run(Cleaning("Sales", 24).With(overrideBackupPreference: "Y"));

            BackupResultRow cleaned = outcome.Rows.Last();
            Assert.That((cleaned.Action, cleaned.ReasonCode), Is.EqualTo(("CLEANUP", "OK_CLEANED")));
            Assert.That(cleaned.Reason, Does.Contain(@"the FULL \\backupshare\sql\AG1\Sales\FULL\AG1_Sales_FULL_20261124.bak (checkpoint_lsn 63000000000789, started 2026-11-24 01:00:00, finished 2026-11-24 02:00:00, read from its header)"));
            Assert.That(files.HeadersRead, Is.EqualTo(new[] { SalesFullFolder + @"\AG1_Sales_FULL_20261124.bak" }));
        }

        [Test]
        public void A_newer_full_recorded_in_msdb_whose_file_is_not_in_the_folders_moves_nothing()
        {
            // The silent loss of issue 20: a FULL to NUL, to another folder or by another tool became the differential base yesterday.
            files.RecordedFull(@"D:\OtherTool", "Finance.bak", TwoDaysAgo.AddDays(1), TwoDaysAgo.AddDays(1).AddHours(1), 74000000000999m);

            RunOutcome outcome = Run(Cleaning("Finance", 12));

            Assert.That(outcome.Rows.Last().Command, Is.EqualTo(FinanceCleanup), "the cutoff is still the start of the FULL in the folder, less two hours");
        }

        [Test]
        public void The_fulls_that_cannot_be_read_fail_the_job_step_naming_what_cleanup_needs()
        {
            files = new FakeBackupFiles().File(FinanceLogFolder, "Finance_LOG_20261120.trn").File(FinanceFullFolder, "Finance_FULL_20261124.bak");
            var unreadable = new UnreadableMsdb(files);

            RunOutcome outcome = new BackupRun(new FixedState(InMemory.State()), executor, log, new SteppingClock(), new FakeFolders(), unreadable, new FakeLogBackupLsns())
                .Run(Cleaning("Finance", 24));

            BackupResultRow row = outcome.Rows.Last();
            Assert.That((row.Action, row.ErrorNumber, row.BackupFile), Is.EqualTo(("FAILED", (int?)229, (string?)FinanceLogFolder)));
            Assert.That(row.Reason, Is.EqualTo("The FULLs of 'Finance' in its FULL folders could not be listed or read, so nothing was deleted. "
                + "Cleanup runs xp_dirtree, reads msdb and RESTORE HEADERONLY as the login that runs the job: make it sysadmin, as xp_delete_file needs."));
        }

        [Test]
        public void A_replica_that_leaves_the_shared_folder_to_another_reads_no_full_folder_and_no_header()
        {
            RunOutcome outcome = Run(Cleaning("Sales", 24));

            Assert.That(outcome.Rows.Select(r => r.ReasonCode), Is.EqualTo(new[] { "SKIP_NOT_PREFERRED", "SKIP_CLEANUP_NOT_HERE" }));
            Assert.That((files.Listed, files.HeadersRead), Is.EqualTo((new List<string>(), new List<string>())));
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
        public void A_dry_run_shows_the_commands_and_cutoffs_and_deletes_nothing()
        {
            RunOutcome outcome = Run(Cleaning("Finance", 24).With(execute: "N"));

            BackupResultRow cleaned = outcome.Rows.Last();
            Assert.That((cleaned.Action, cleaned.Command, cleaned.StartedAt), Is.EqualTo(("CLEANUP", FinanceCleanup, (DateTime?)null)));
            Assert.That(cleaned.Reason, Does.EndWith("less 2 hours for clocks that differ between replicas. Dry run (@Execute = 'N'): nothing was deleted."));
            Assert.That(executor.Commands, Is.Empty);
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
        public void A_server_without_xp_delete_file_gets_a_row_that_names_the_cause()
        {
            executor = new RecordingExecutor(failWhenContains: "xp_delete_file", errorNumber: 2812);

            RunOutcome outcome = Run(Cleaning("Finance", 24));

            BackupResultRow failed = outcome.Rows.Last();
            Assert.That((failed.Action, failed.ErrorNumber), Is.EqualTo(("FAILED", (int?)2812)));
            Assert.That(failed.Reason, Does.EndWith("This SQL Server has no master.dbo.xp_delete_file (Msg 2812): SQL Server on Linux gained it in a cumulative update; "
                + "install the latest cumulative update, or leave @CleanupTime NULL and clean the folder another way."));
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
        public void With_no_full_old_enough_nothing_is_deleted_and_the_row_says_when_cleanup_starts()
        {
            RunOutcome outcome = Run(Cleaning("Finance", 200));

            BackupResultRow kept = outcome.Rows.Last();
            Assert.That((kept.Action, kept.ReasonCode, kept.Command), Is.EqualTo(("SKIP", "SKIP_CLEANUP_GUARD", (string?)null)));
            Assert.That(kept.Reason, Is.EqualTo(
                "Nothing of 'Finance' is deleted yet: the chain guard keeps from a FULL in the folders that finished 2 hours before the window (now less @CleanupTime = 200 hours), "
                + "and the oldest there becomes that old at 2026-11-26 12:00:00 (this replica's local time); cleanup can start then."));
            Assert.That(executor.Commands.Where(c => c.Contains("xp_delete_file", StringComparison.Ordinal)), Is.Empty);
            Assert.That(outcome.FinalError, Is.Null, "waiting for the guard is by design, not a failure");
        }

        [Test]
        public void Log_backups_with_no_full_in_the_folders_are_refused_cleanup_and_a_full_folder_with_none_waits()
        {
            files = new FakeBackupFiles().File(FinanceLogFolder, "Finance_LOG_20261120.trn").File(FinanceFullFolder, "notes.txt");

            RunOutcome logs = Run(Cleaning("Finance", 24));
            RunOutcome fulls = Run(Cleaning("Finance", 24).With(backupType: "FULL"));

            BackupResultRow refused = logs.Rows.Last();
            Assert.That((refused.Action, refused.ReasonCode), Is.EqualTo(("REFUSE", "REFUSE_CLEANUP_NO_FULL")));
            Assert.That(refused.Reason, Is.EqualTo(
                "Nothing was deleted: no FULL of 'Finance' in its FULL folders " + FinanceFullFolder + ", " + FinanceFullFolder + "_COPY_ONLY can start a restore of the .trn backups in this folder, "
                + "so the chain guard cannot tell which of them a restore needs. Take a FULL with this procedure to the same @Directory and directory structure; "
                + "where another tool takes the FULLs (to other folders, to NUL or as snapshots), clean this folder with that tool's retention instead of @CleanupTime."));
            Assert.That(logs.FinalError, Does.Contain("Finance REFUSE REFUSE_CLEANUP_NO_FULL"));
            Assert.That(fulls.Rows.Select(r => (r.Action, r.ReasonCode)), Is.EqualTo(new[] { ("BACKUP", "OK_NOT_IN_AG"), ("SKIP", "SKIP_CLEANUP_NOTHING") }),
                "the FULL folder holds no .bak, so nothing is cleaned there and nothing is refused");
            Assert.That(executor.Commands.Where(c => c.Contains("xp_delete_file", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void A_copy_only_full_anchors_log_cleanup_but_never_diff_cleanup()
        {
            const string financeDiffFolder = @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\DIFF";
            const string copyOnlyFolder = @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\FULL_COPY_ONLY";
            files = new FakeBackupFiles()
                .RecordedFull(copyOnlyFolder, "Finance_FULL_COPY_ONLY_20261124.bak", TwoDaysAgo, TwoDaysAgo.AddHours(1), 52000000000456m, copyOnly: true)
                .File(FinanceLogFolder, "Finance_LOG_20261120.trn")
                .File(financeDiffFolder, "Finance_DIFF_20261120.dif");

            RunOutcome logs = Run(Cleaning("Finance", 24));
            RunOutcome diffs = Run(Cleaning("Finance", 24).With(backupType: "DIFF"));

            Assert.That(logs.Rows.Last().Command, Is.EqualTo(FinanceCleanup), "the COPY_ONLY FULL and the LOGs after it restore every point");
            Assert.That(logs.Rows.Last().Reason, Does.Contain("the COPY_ONLY FULL " + copyOnlyFolder));
            Assert.That((diffs.Rows.Last().Action, diffs.Rows.Last().ReasonCode), Is.EqualTo(("REFUSE", "REFUSE_CLEANUP_NO_FULL")), "a DIFF needs a regular FULL as its base");
        }

        [Test]
        public void A_folder_with_no_backups_of_its_type_is_left_alone()
        {
            files = new FakeBackupFiles().RecordedFull(FinanceFullFolder, "Finance_FULL_20261124.bak", TwoDaysAgo, TwoDaysAgo.AddHours(1), 52000000000456m);

            RunOutcome outcome = Run(Cleaning("Finance", 24).With(cleanupMode: "BEFORE_BACKUP"), folders: new FakeFolders(missing: new[] { FinanceLogFolder }));

            BackupResultRow row = outcome.Rows.First();
            Assert.That((row.Action, row.ReasonCode, row.Command), Is.EqualTo(("SKIP", "SKIP_CLEANUP_NOTHING", (string?)null)));
            Assert.That(row.Reason, Is.EqualTo("This folder holds no .trn backups SQL Server's service account can see from this replica (or does not exist): there is nothing to clean."));
            Assert.That(executor.Commands.First(), Does.StartWith("EXECUTE master.dbo.xp_create_subdir"), "the BACKUP creates its missing folder; the cleanup does not");
            Assert.That(executor.Commands.Where(c => c.Contains("xp_delete_file", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void Files_in_the_full_folder_that_prove_nothing_are_named_in_a_warning()
        {
            files = new FakeBackupFiles()
                .File(FinanceFullFolder, "torn.bak")
                .HeaderFull(FinanceFullFolder, "stripe1.bak", "Finance", TwoDaysAgo, TwoDaysAgo.AddHours(1), 52000000000456m, familyCount: 2)
                .File(FinanceLogFolder, "Finance_LOG_20261120.trn");

            BackupResultRow refused = Run(Cleaning("Finance", 24)).Rows.Last();

            Assert.That(refused.ReasonCode, Is.EqualTo("REFUSE_CLEANUP_NO_FULL"));
            Assert.That(refused.Reason, Does.EndWith(" Warning: 2 .bak files there could not be proven a complete FULL of it, such as " + FinanceFullFolder
                + @"\torn.bak: its header could not be read (Msg 3241: The media family on device '" + FinanceFullFolder + @"\torn.bak' is incorrectly formed.)."));
        }

        [Test]
        public void A_skipping_replica_cleans_a_folder_that_names_it_and_with_clean_when_skipped_a_shared_one()
        {
            files.RecordedFull(@"\\backupshare\sql\SQL1\Sales", "SQL1_Sales_FULL.bak", TwoDaysAgo, TwoDaysAgo.AddHours(1), 63000000000789m).File(@"\\backupshare\sql\SQL1\Sales", "SQL1_Sales_LOG.trn");

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
            files.RecordedFull(@"\\backupshare\sql\SQL1\Sales", "SQL1_Sales_FULL.bak", TwoDaysAgo, TwoDaysAgo.AddHours(1), 63000000000789m).File(@"\\backupshare\sql\SQL1\Sales", "SQL1_Sales_LOG.trn");
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
            Assert.That(files.HeadersRead, Is.Empty);
        }

        [Test]
        public void Folders_that_cannot_be_listed_fail_the_job_step_and_delete_nothing()
        {
            files = new FakeBackupFiles(failWith: 229);

            RunOutcome outcome = Run(Cleaning("Finance", 24));

            BackupResultRow row = outcome.Rows.Last();
            Assert.That((row.Action, row.ErrorNumber), Is.EqualTo(("FAILED", (int?)229)));
            Assert.That(row.Reason, Is.EqualTo("The files of this folder could not be listed (xp_dirtree), so nothing was deleted."));
            Assert.That(outcome.FinalError, Is.Not.Null);
            Assert.That(executor.Commands.Where(c => c.Contains("xp_delete_file", StringComparison.Ordinal)), Is.Empty);
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

        /// <summary>The folders as given, and an msdb this login may not read (Msg 229).</summary>
        private sealed class UnreadableMsdb : IBackupFileReader
        {
            private readonly FakeBackupFiles folders;

            public UnreadableMsdb(FakeBackupFiles folders) => this.folders = folders;

            public FolderListing List(string folder) => folders.List(folder);

            public RecordedFulls RecordedFulls(string databaseName) =>
                new RecordedFulls(Array.Empty<RecordedFull>(), null, new ExecutionResult(229, "The SELECT permission was denied on the object 'backupset', database 'msdb', schema 'dbo'."));

            public BackupFileHeader ReadHeader(string file) => folders.ReadHeader(file);
        }

        /// <summary>The bundled job step with a retention in hours and the default folders per database and type.</summary>
        private static RawBackupArguments Cleaning(string databases, int hours) =>
            InMemory.Arguments(databases, "LOG").With(cleanupTime: hours, directoryStructure: null, availabilityGroupDirectoryStructure: null);

        private static ServerState WithCredential() =>
            InMemory.State().With(credentials: new[] { new CredentialFacts("https://account.blob.core.windows.net/sql", "SHARED ACCESS SIGNATURE") });

        private RunOutcome Run(RawBackupArguments arguments, IStateSource? state = null, FakeFolders? folders = null) =>
            new BackupRun(state ?? new FixedState(InMemory.State()), executor, log, new SteppingClock(), folders ?? new FakeFolders(), files, new FakeLogBackupLsns()).Run(arguments);
    }
}
