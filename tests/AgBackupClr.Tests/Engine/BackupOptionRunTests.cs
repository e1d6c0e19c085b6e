using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// A representative call per backup option, as a dry run: the exact BACKUP text each option gives, and the refusal,
    /// before anything runs, of what this replica cannot do.
    /// </summary>
    public class BackupOptionRunTests
    {
        private RecordingExecutor executor = null!;
        private RecordingLog log = null!;

        [SetUp]
        public void Given_a_replica_that_records_instead_of_running()
        {
            executor = new RecordingExecutor();
            log = new RecordingLog();
        }

        [Test]
        public void Zstd_at_a_level_on_sql_server_2025()
        {
            BackupResultRow row = DryRun(
                InMemory.Arguments("Finance", "FULL").With(compress: "Y", compressionAlgorithm: "ZSTD", compressionLevel: "HIGH"),
                Version(17)).Rows.Single();

            Assert.That(row.Command, Is.EqualTo(
                @"BACKUP DATABASE [Finance] TO DISK = N'\\backupshare\sql\SQL1$MSSQLSERVER_Finance_FULL_20261126_013001_000.bak' "
                + "WITH CHECKSUM, COMPRESSION (ALGORITHM = ZSTD, LEVEL = HIGH), NAME = N'AgBackupClr FULL on SQL1', STATS = 10;"));
        }

        [Test]
        public void Ms_xpress_named_on_sql_server_2022()
        {
            BackupResultRow row = DryRun(InMemory.Arguments("Finance", "LOG").With(compress: "Y", compressionAlgorithm: "MS_XPRESS"), Version(16)).Rows.Single();

            Assert.That(row.Command, Does.EndWith(".trn' WITH CHECKSUM, COMPRESSION (ALGORITHM = MS_XPRESS), NAME = N'AgBackupClr LOG on SQL1', STATS = 10;"));
        }

        [Test]
        public void An_algorithm_this_replica_does_not_have_refuses_the_whole_call_and_nothing_runs()
        {
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("USER_DATABASES", "FULL").With(compress: "Y", compressionAlgorithm: "ZSTD"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.DatabaseName, row.Action, row.ReasonCode), Is.EqualTo(((string?)null, "REFUSE", "REFUSE_INVALID_ARGUMENT")));
            Assert.That(row.Reason, Does.StartWith("@CompressionAlgorithm = 'ZSTD' needs SQL Server 2025 (17.x) or later; this replica is SQL Server 2022"));
            Assert.That(row.Reason, Does.EndWith(" Nothing ran."));
            Assert.That(executor.Commands, Is.Empty);
            Assert.That(log.Rows, Has.Count.EqualTo(1), "the refusal is logged");
            Assert.That(outcome.FinalError, Is.Not.Null);
        }

        [Test]
        public void Striping_to_four_files_with_throughput_options_and_verification_of_every_file()
        {
            BackupResultRow row = DryRun(
                InMemory.Arguments("Sales", "FULL").With(numberOfFiles: 4, bufferCount: 64, maxTransferSize: 4194304, blockSize: 65536, verify: "Y"),
                Version(16)).Rows.Single();

            string[] files = Enumerable.Range(1, 4).Select(i => @"\\backupshare\sql\AG1_Sales_FULL_20261126_013001_000_" + i + ".bak").ToArray();
            Assert.That(row.Command, Is.EqualTo(
                "BACKUP DATABASE [Sales] TO " + string.Join(", ", files.Select(f => "DISK = N'" + f + "'"))
                + " WITH CHECKSUM, NAME = N'AgBackupClr FULL on SQL1 in AG1', BUFFERCOUNT = 64, MAXTRANSFERSIZE = 4194304, BLOCKSIZE = 65536, STATS = 10;\n"
                + "RESTORE VERIFYONLY FROM " + string.Join(", ", files.Select(f => "DISK = N'" + f + "'")) + " WITH CHECKSUM;"));
            Assert.That(row.BackupFile, Is.EqualTo(string.Join("\n", files)), "backup_file lists every file, one a line");
        }

        [Test]
        public void A_maximum_file_size_stripes_each_database_by_its_own_size()
        {
            ServerState state = Version(16).With(
                databases: new[]
                {
                    InMemory.Database("Finance").With(dataPages: 3L * 131072),
                    InMemory.Database("Staging").With(dataPages: 100),
                });

            RunOutcome outcome = DryRun(InMemory.Arguments("Finance, Staging", "FULL").With(maxFileSize: 1024), state);

            Assert.That(outcome.Rows.Select(r => r.BackupFile!.Split('\n').Length), Is.EqualTo(new[] { 3, 1 }));
            Assert.That(outcome.Rows[1].BackupFile, Does.EndWith("_1.bak"));
        }

        [Test]
        public void One_path_too_long_in_a_striped_backup_refuses_that_database_whole()
        {
            RunOutcome outcome = DryRun(
                InMemory.Arguments("Finance", "FULL").With(directory: "D:\\" + new string('d', 210), numberOfFiles: 10),
                Version(16));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.Command, row.BackupFile), Is.EqualTo(("REFUSE", "REFUSE_INVALID_ARGUMENT", (string?)null, (string?)null)));
            Assert.That(row.Reason, Does.StartWith("The backup path would be 270 characters long"));
        }

        [Test]
        public void Encryption_with_a_certificate_in_master_here_and_a_warning_for_its_private_key()
        {
            ServerState state = Version(16).With(certificates: new[] { new CertificateFacts("BackupCertificate", null) });

            BackupResultRow row = DryRun(
                InMemory.Arguments("Finance", "LOG").With(encrypt: "Y", encryptionAlgorithm: "AES_256", serverCertificate: "BackupCertificate"),
                state).Rows.Single();

            Assert.That(row.Command, Does.EndWith(".trn' WITH CHECKSUM, ENCRYPTION (ALGORITHM = AES_256, SERVER CERTIFICATE = [BackupCertificate]), NAME = N'AgBackupClr LOG on SQL1', STATS = 10;"));
            Assert.That(row.Reason, Does.Contain(" Warning: the private key of certificate 'BackupCertificate' in master has never been backed up"));
        }

        [Test]
        public void A_certificate_missing_here_refuses_every_database_on_this_replica_whichever_is_preferred()
        {
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("AVAILABILITY_GROUP_DATABASES", "LOG").With(encrypt: "Y", encryptionAlgorithm: "AES_256", serverCertificate: "BackupCertificate"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.DatabaseName, row.Action, row.ReasonCode), Is.EqualTo(((string?)null, "REFUSE", "REFUSE_ENCRYPTOR_NOT_FOUND")));
            Assert.That(row.Reason, Does.StartWith("@ServerCertificate = 'BackupCertificate': there is no such certificate in master on this replica (SQL1)"));
            Assert.That(executor.Commands, Is.Empty);
            Assert.That(outcome.FinalError, Does.Contain("REFUSE_ENCRYPTOR_NOT_FOUND"));
        }

        [Test]
        public void Azure_blob_storage_with_a_sas_credential_named_after_the_container()
        {
            ServerState state = Version(16).With(credentials: new[] { new CredentialFacts("https://acct.blob.core.windows.net/sql", "SHARED ACCESS SIGNATURE") });

            BackupResultRow row = DryRun(InMemory.Arguments("Finance", "LOG").With(directory: null, url: "https://acct.blob.core.windows.net/sql/"), state).Rows.Single();

            Assert.That(row.Command, Is.EqualTo(
                "BACKUP LOG [Finance] TO URL = N'https://acct.blob.core.windows.net/sql/SQL1%24MSSQLSERVER_Finance_LOG_20261126_013001_000.trn' WITH CHECKSUM, NAME = N'AgBackupClr LOG on SQL1', STATS = 10;"));
            Assert.That(row.BackupFile, Is.EqualTo("https://acct.blob.core.windows.net/sql/SQL1%24MSSQLSERVER_Finance_LOG_20261126_013001_000.trn"));
        }

        [Test]
        public void S3_striped_over_two_buckets_with_its_region_and_verified_from_them()
        {
            ServerState state = Version(16).With(credentials: new[] { new CredentialFacts("s3://minio:9000", "S3 Access Key") });

            BackupResultRow row = DryRun(
                InMemory.Arguments("Finance", "FULL").With(
                    directory: null,
                    url: "s3://minio:9000/a, s3://minio:9000/b",
                    compress: "Y",
                    maxTransferSize: 20971520,
                    backupOptions: "{\"s3\": {\"region\":\"us-west-2\"}}",
                    verify: "Y"),
                state).Rows.Single();

            Assert.That(row.Command, Is.EqualTo(
                "BACKUP DATABASE [Finance] TO URL = N's3://minio:9000/a/SQL1%24MSSQLSERVER_Finance_FULL_20261126_013001_000_1.bak', "
                + "URL = N's3://minio:9000/b/SQL1%24MSSQLSERVER_Finance_FULL_20261126_013001_000_2.bak' "
                + "WITH CHECKSUM, COMPRESSION, BACKUP_OPTIONS = N'{\"s3\": {\"region\":\"us-west-2\"}}', NAME = N'AgBackupClr FULL on SQL1', MAXTRANSFERSIZE = 20971520, STATS = 10;\n"
                + "RESTORE VERIFYONLY FROM URL = N's3://minio:9000/a/SQL1%24MSSQLSERVER_Finance_FULL_20261126_013001_000_1.bak', "
                + "URL = N's3://minio:9000/b/SQL1%24MSSQLSERVER_Finance_FULL_20261126_013001_000_2.bak' "
                + "WITH CHECKSUM, RESTORE_OPTIONS = N'{\"s3\": {\"region\":\"us-west-2\"}}';"));
        }

        [Test]
        public void A_url_without_a_credential_here_refuses_the_call_before_anything_runs()
        {
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("USER_DATABASES", "FULL").With(directory: null, url: "https://acct.blob.core.windows.net/sql"));

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_CREDENTIAL_NOT_FOUND"));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void Availability_groups_select_their_databases_and_a_group_not_here_is_refused_while_the_others_run()
        {
            RunOutcome outcome = DryRun(InMemory.Arguments("x", "FULL").With(databases: null, availabilityGroups: "AG1, AG9"), Version(16));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.AvailabilityGroupName, r.ReasonCode)), Is.EqualTo(new[]
            {
                ((string?)null, (string?)"AG9", "REFUSE_INVALID_ARGUMENT"),
                ("Sales", "AG1", "OK_PRIMARY_ONLY_TYPE"),
            }));
            Assert.That(outcome.Rows[0].Reason, Is.EqualTo("@AvailabilityGroups names 'AG9', which is no availability group with a replica on this instance (SQL1); its databases are not backed up here. Nothing ran."));
            Assert.That(outcome.FinalError, Is.Not.Null);
        }

        [Test]
        public void The_largest_database_first()
        {
            ServerState state = Version(16).With(
                databases: new[] { InMemory.Database("Small").With(dataPages: 10), InMemory.Database("Large").With(dataPages: 1000) });

            RunOutcome outcome = DryRun(InMemory.Arguments("USER_DATABASES", "FULL").With(databaseOrder: "DATABASE_SIZE_DESC"), state);

            Assert.That(outcome.Rows.Select(r => r.DatabaseName), Is.EqualTo(new[] { "Large", "Small" }));
        }

        [Test]
        public void A_description_and_a_backup_set_name_that_carries_the_replica_and_for_a_group_database_the_group()
        {
            RunOutcome outcome = DryRun(InMemory.Arguments("Finance, Sales", "FULL").With(description: "Nightly, it's"), Version(16));

            Assert.That(outcome.Rows[0].Command, Does.EndWith("WITH CHECKSUM, NAME = N'AgBackupClr FULL on SQL1 in AG1', DESCRIPTION = N'Nightly, it''s', STATS = 10;"));
            Assert.That(outcome.Rows[1].Command, Does.EndWith("WITH CHECKSUM, NAME = N'AgBackupClr FULL on SQL1', DESCRIPTION = N'Nightly, it''s', STATS = 10;"));
        }

        [Test]
        public void A_backup_set_name_longer_than_128_characters_is_cut_without_splitting_a_character()
        {
            string name = BackupRun.BackupSetName(new string('s', 100), "AG\uD83D\uDE00" + new string('g', 40), new BackupRequest(BackupType.Log, false, false, true, SelectedBy.Name));

            Assert.That(name, Has.Length.LessThanOrEqualTo(128));
            Assert.That(char.IsHighSurrogate(name[name.Length - 1]), Is.False);
        }

        [Test]
        public void The_default_directory_structure_creates_its_missing_folders_through_sql_server_before_the_backup()
        {
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), MissingFinanceFull, new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("Finance", "FULL").With(directoryStructure: null, verify: "Y"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That(executor.Commands[0], Is.EqualTo(@"EXECUTE master.dbo.xp_create_subdir N'\\backupshare\sql\SQL1$MSSQLSERVER\Finance\FULL';"));
            Assert.That(executor.Commands[1], Does.StartWith(@"BACKUP DATABASE [Finance] TO DISK = N'\\backupshare\sql\SQL1$MSSQLSERVER\Finance\FULL\SQL1$MSSQLSERVER_Finance_FULL_"));
            Assert.That(executor.Commands[2], Does.StartWith("RESTORE VERIFYONLY"));
            Assert.That(row.Command, Is.EqualTo(string.Join("\n", executor.Commands)), "the command column shows every statement, folder creation first");
        }

        [Test]
        public void A_folder_sql_server_cannot_create_fails_that_database_and_its_backup_never_starts()
        {
            executor = new RecordingExecutor(failWhenContains: "xp_create_subdir", errorNumber: 22048);

            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), MissingFinanceFull, new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("Finance", "FULL").With(directoryStructure: null));

            Assert.That((outcome.Rows.Single().Action, outcome.Rows.Single().ErrorNumber), Is.EqualTo(("FAILED", (int?)22048)));
            Assert.That(executor.Commands, Has.Count.EqualTo(1));
        }

        [Test]
        public void A_dry_run_shows_the_folder_it_would_create_and_creates_none()
        {
            BackupResultRow row = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), MissingFinanceFull, new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("Finance", "FULL").With(directoryStructure: null, execute: "N")).Rows.Single();

            Assert.That(row.Command, Does.StartWith("EXECUTE master.dbo.xp_create_subdir"));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void A_folder_that_exists_is_not_created_again()
        {
            // xp_create_subdir has failed with error 183 on folders that exist (Ola Hallengren's DatabaseBackup, issue 593).
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("Finance", "FULL").With(directoryStructure: null));

            Assert.That(executor.Commands.Single(), Does.StartWith("BACKUP DATABASE [Finance]"));
        }

        /// <summary>Finance's FULL folder of the default structure does not exist yet; every other folder does.</summary>
        private static FakeFolders MissingFinanceFull => new FakeFolders(missing: new[] { @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\FULL" });

        [Test]
        public void A_destination_this_replica_cannot_see_fails_the_job_step_even_where_every_database_would_skip()
        {
            var folders = new FakeFolders(missing: new[] { @"\\backupshare\sql" });

            // LOG of the availability group database: SQL2 is preferred, so this replica would only skip.
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), folders, new FakeBackupFiles(), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("AVAILABILITY_GROUP_DATABASES", "LOG").With(execute: "N"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.DatabaseName), Is.EqualTo(("REFUSE", "REFUSE_DESTINATION_NOT_FOUND", (string?)null)));
            Assert.That(row.Reason, Is.EqualTo(@"@Directory '\\backupshare\sql' is no folder SQL Server's service account can see from this replica (SQL1): "
                + "every backup would fail here, now or after a failover. Create it, or give the service account access to the share. Nothing ran."));
            Assert.That(folders.Checked, Is.EqualTo(new[] { (@"\\backupshare\sql", 16) }));
            Assert.That(outcome.FinalError, Does.Contain("REFUSE_DESTINATION_NOT_FOUND"));
        }

        [Test]
        public void A_destination_sql_server_cannot_be_asked_about_fails_the_job_step_with_its_error()
        {
            var folders = new FakeFolders(missing: new[] { @"\\backupshare\sql" }, errorNumber: 229);

            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), folders, new FakeBackupFiles(), new FakeLogBackupLsns()).Run(InMemory.Arguments("Finance", "FULL"));

            Assert.That(outcome.Rows.Single().Reason, Does.StartWith(@"SQL Server could not say whether @Directory '\\backupshare\sql' exists (Msg 229: "));
            Assert.That(executor.Commands, Is.Empty);
        }

        [TestCase("NUL", null)]
        [TestCase(null, "https://acct.blob.core.windows.net/sql")]
        public void Nul_and_urls_have_no_folder_to_check(string? directory, string? url)
        {
            var folders = new FakeFolders();
            ServerState state = Version(16).With(credentials: new[] { new CredentialFacts("https://acct.blob.core.windows.net/sql", "SHARED ACCESS SIGNATURE") });

            new BackupRun(new FixedState(state), executor, log, new SteppingClock(), folders, new FakeBackupFiles(), new FakeLogBackupLsns()).Run(InMemory.Arguments("Finance", "FULL").With(directory: directory, url: url, execute: "N"));

            Assert.That(folders.Checked, Is.Empty);
        }

        [Test]
        public void In_a_rolling_upgrade_the_same_job_step_runs_on_the_upgraded_replica_and_the_other_refuses_from_its_own_version()
        {
            RawBackupArguments step = InMemory.Arguments("Finance", "FULL").With(compress: "Y", compressionAlgorithm: "ZSTD", execute: "N");

            RunOutcome upgraded = new BackupRun(new FixedState(Version(17)), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns()).Run(step);
            RunOutcome notYet = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns()).Run(step);

            Assert.That((upgraded.Rows.Single().Action, upgraded.FinalError), Is.EqualTo(("BACKUP", (string?)null)));
            Assert.That(notYet.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_INVALID_ARGUMENT"));
            Assert.That(notYet.Rows.Single().Reason, Does.Contain("this replica is SQL Server 2022 (SERVERPROPERTY('ProductMajorVersion') = 16)"));
        }

        private static ServerState Version(int version) =>
            InMemory.State().With(instance: InMemory.Instance().With(productMajorVersion: version));

        private RunOutcome DryRun(RawBackupArguments arguments, ServerState state)
        {
            RunOutcome outcome = new BackupRun(new FixedState(state), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns()).Run(arguments.With(execute: "N"));
            Assert.That(executor.Commands, Is.Empty, "a dry run runs nothing, not even folder creation");
            return outcome;
        }
    }
}
