using AgBackupClr.Model;
using AgBackupClr.TSql;
using NUnit.Framework;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>The exact text of BACKUP and RESTORE VERIFYONLY (docs/t-sql/statements/backup-transact-sql.md).</summary>
    public class BackupCommandTests
    {
        private const string Path = @"\\backupshare\sql\AG1_Sales_FULL_20250102_030405_678.bak";

        [Test]
        public void A_full_backup_with_checksum_compression_and_progress()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Full, false, new[] { Path }, true, true, 10));

            Assert.That(text, Is.EqualTo(
                @"BACKUP DATABASE [Sales] TO DISK = N'\\backupshare\sql\AG1_Sales_FULL_20250102_030405_678.bak' WITH CHECKSUM, COMPRESSION, STATS = 10;"));
        }

        [Test]
        public void A_differential_backup_without_checksum_or_compression()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Diff, false, new[] { "D:\\b.dif" }, false, false, null));

            Assert.That(text, Is.EqualTo("BACKUP DATABASE [Sales] TO DISK = N'D:\\b.dif' WITH DIFFERENTIAL, NO_CHECKSUM, NO_COMPRESSION;"));
        }

        [Test]
        public void A_copy_only_log_backup_that_leaves_compression_to_the_server_default()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Log, true, new[] { "/var/opt/mssql/b.trn" }, true, null, null));

            Assert.That(text, Is.EqualTo("BACKUP LOG [Sales] TO DISK = N'/var/opt/mssql/b.trn' WITH COPY_ONLY, CHECKSUM;"));
        }

        [Test]
        public void A_compression_algorithm_and_level_go_in_parentheses_after_compression()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Full, false, new[] { "D:\\b.bak" }, true, true, 10,
                compressionAlgorithm: CompressionAlgorithm.Zstd,
                compressionLevel: CompressionLevel.Medium));

            Assert.That(text, Is.EqualTo("BACKUP DATABASE [Sales] TO DISK = N'D:\\b.bak' WITH CHECKSUM, COMPRESSION (ALGORITHM = ZSTD, LEVEL = MEDIUM), STATS = 10;"));
        }

        [Test]
        public void An_algorithm_without_a_level_leaves_the_level_to_sql_server()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Log, false, new[] { "D:\\b.trn" }, true, true, null,
                compressionAlgorithm: CompressionAlgorithm.QatDeflate));

            Assert.That(text, Is.EqualTo("BACKUP LOG [Sales] TO DISK = N'D:\\b.trn' WITH CHECKSUM, COMPRESSION (ALGORITHM = QAT_DEFLATE);"));
        }

        [Test]
        public void No_compression_writes_no_algorithm()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Log, false, new[] { "D:\\b.trn" }, true, false, null,
                compressionAlgorithm: CompressionAlgorithm.Zstd,
                compressionLevel: CompressionLevel.High));

            Assert.That(text, Is.EqualTo("BACKUP LOG [Sales] TO DISK = N'D:\\b.trn' WITH CHECKSUM, NO_COMPRESSION;"));
        }

        [Test]
        public void A_striped_backup_names_every_file_in_order_with_the_throughput_options()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Full, false, new[] { @"D:\b_1.bak", @"E:\b_2.bak", @"D:\b_3.bak" }, true, true, 10,
                bufferCount: 50,
                maxTransferSize: 4194304,
                blockSize: 65536));

            Assert.That(text, Is.EqualTo(
                @"BACKUP DATABASE [Sales] TO DISK = N'D:\b_1.bak', DISK = N'E:\b_2.bak', DISK = N'D:\b_3.bak' "
                + "WITH CHECKSUM, COMPRESSION, BUFFERCOUNT = 50, MAXTRANSFERSIZE = 4194304, BLOCKSIZE = 65536, STATS = 10;"));
        }

        [Test]
        public void Verification_reads_every_file_of_a_striped_backup()
        {
            Assert.That(BackupCommand.Verify(Disk(new[] { "D:\\b_1.bak", "D:\\b_2.bak" }, true)), Is.EqualTo(
                "RESTORE VERIFYONLY FROM DISK = N'D:\\b_1.bak', DISK = N'D:\\b_2.bak' WITH CHECKSUM;"));
        }

        [Test]
        public void Encryption_names_the_algorithm_and_the_certificate_as_an_identifier()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Log, false, new[] { "D:\\b.trn" }, true, true, null,
                encryption: new BackupEncryption(EncryptionAlgorithm.Aes256, EncryptorKind.ServerCertificate, "Backup]Cert")));

            Assert.That(text, Is.EqualTo("BACKUP LOG [Sales] TO DISK = N'D:\\b.trn' WITH CHECKSUM, COMPRESSION, ENCRYPTION (ALGORITHM = AES_256, SERVER CERTIFICATE = [Backup]]Cert]);"));
        }

        [Test]
        public void Encryption_with_an_asymmetric_key()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Full, true, new[] { "D:\\b.bak" }, false, null, null,
                encryption: new BackupEncryption(EncryptionAlgorithm.TripleDes3Key, EncryptorKind.ServerAsymmetricKey, "VaultKey")));

            Assert.That(text, Is.EqualTo("BACKUP DATABASE [Sales] TO DISK = N'D:\\b.bak' WITH COPY_ONLY, NO_CHECKSUM, ENCRYPTION (ALGORITHM = TRIPLE_DES_3KEY, SERVER ASYMMETRIC KEY = [VaultKey]);"));
        }

        [Test]
        public void A_closing_bracket_in_the_name_is_doubled_as_quotename_does()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("a]b'c[d", BackupType.Full, true, new[] { "NUL" }, false, null, null));

            Assert.That(text, Is.EqualTo("BACKUP DATABASE [a]]b'c[d] TO DISK = N'NUL' WITH COPY_ONLY, NO_CHECKSUM;"));
        }

        [Test]
        public void A_quote_in_the_path_is_doubled()
        {
            string text = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Log, false, new[] { @"\\share\O'Brien\x.trn" }, true, null, null));

            Assert.That(text, Is.EqualTo(@"BACKUP LOG [Sales] TO DISK = N'\\share\O''Brien\x.trn' WITH CHECKSUM;"));
        }

        [Test]
        public void Verification_with_checksum()
        {
            Assert.That(BackupCommand.Verify(Disk(new[] { @"\\share\O'Brien\x.bak" }, true)), Is.EqualTo(@"RESTORE VERIFYONLY FROM DISK = N'\\share\O''Brien\x.bak' WITH CHECKSUM;"));
        }

        [Test]
        public void Verification_without_checksum()
        {
            Assert.That(BackupCommand.Verify(Disk(new[] { "D:\\x.bak" }, false)), Is.EqualTo("RESTORE VERIFYONLY FROM DISK = N'D:\\x.bak';"));
        }

        [Test]
        public void A_backup_to_s3_urls_with_its_region_is_verified_from_the_same_urls_with_the_same_options()
        {
            BackupCommandOptions options = new BackupCommandOptions("Sales", BackupType.Full, false, new[] { "s3://minio:9000/sql/a_1.bak", "s3://minio:9000/sql/a_2.bak" }, true, true, 10,
                device: BackupDevice.Url,
                maxTransferSize: 20971520,
                backupOptions: "{\"s3\": {\"region\":\"us-west-2\"}}");

            Assert.That(BackupCommand.Build(options), Is.EqualTo(
                "BACKUP DATABASE [Sales] TO URL = N's3://minio:9000/sql/a_1.bak', URL = N's3://minio:9000/sql/a_2.bak' "
                + "WITH CHECKSUM, COMPRESSION, BACKUP_OPTIONS = N'{\"s3\": {\"region\":\"us-west-2\"}}', MAXTRANSFERSIZE = 20971520, STATS = 10;"));
            Assert.That(BackupCommand.Verify(options), Is.EqualTo(
                "RESTORE VERIFYONLY FROM URL = N's3://minio:9000/sql/a_1.bak', URL = N's3://minio:9000/sql/a_2.bak' "
                + "WITH CHECKSUM, RESTORE_OPTIONS = N'{\"s3\": {\"region\":\"us-west-2\"}}';"));
        }

        [Test]
        public void A_storage_account_key_credential_is_named_in_the_backup_and_its_verification()
        {
            BackupCommandOptions options = new BackupCommandOptions("Sales", BackupType.Log, false, new[] { "https://acct.blob.core.windows.net/sql/a.trn" }, false, null, null,
                device: BackupDevice.Url,
                credential: "acct's key");

            Assert.That(BackupCommand.Build(options), Is.EqualTo(
                "BACKUP LOG [Sales] TO URL = N'https://acct.blob.core.windows.net/sql/a.trn' WITH NO_CHECKSUM, CREDENTIAL = N'acct''s key';"));
            Assert.That(BackupCommand.Verify(options), Is.EqualTo(
                "RESTORE VERIFYONLY FROM URL = N'https://acct.blob.core.windows.net/sql/a.trn' WITH CREDENTIAL = N'acct''s key';"));
        }

        [Test]
        public void Quotename_and_literal_quote_exactly_as_sql_server_does()
        {
            Assert.That(TSqlText.QuoteName("]]"), Is.EqualTo("[]]]]]"));
            Assert.That(TSqlText.Literal("''"), Is.EqualTo("N''''''"));
        }

        private static BackupCommandOptions Disk(string[] files, bool checksum) =>
            new BackupCommandOptions("Sales", BackupType.Full, false, files, checksum, null, null);
    }
}
