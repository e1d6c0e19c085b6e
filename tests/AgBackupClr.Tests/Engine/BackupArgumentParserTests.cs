using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    public class BackupArgumentParserTests
    {
        private static readonly RawBackupArguments Valid = InMemory.Arguments("USER_DATABASES", "LOG");

        [Test]
        public void Defaults_are_checksum_on_execute_on_log_on_and_the_server_compression_default()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid).Arguments!;

            Assert.That(arguments.BackupType, Is.EqualTo(BackupType.Log));
            Assert.That((arguments.CopyOnly, arguments.Checksum, arguments.Verify, arguments.Execute, arguments.LogToTable, arguments.OverrideBackupPreference),
                Is.EqualTo((false, true, false, true, true, false)));
            Assert.That(arguments.Compress, Is.Null);
            Assert.That(arguments.AvailabilityGroupFileName, Does.Not.Contain("{ServerName}"), "AG backups keep their path after a failover");
        }

        [TestCase(null, "@BackupType must be FULL, DIFF or LOG, not NULL.")]
        [TestCase("TLOG", "@BackupType must be FULL, DIFF or LOG, not 'TLOG'.")]
        [TestCase("restore", "@BackupType must be FULL, DIFF or LOG, not 'restore'; RESTORE is only for dbo.fn_ValidateBackupRequest.")]
        public void A_backup_type_that_is_not_full_diff_or_log_is_refused_with_what_is_allowed(string? backupType, string message)
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { BackupType = backupType }).Error, Is.EqualTo(message));
        }

        [Test]
        public void Backup_types_are_read_in_any_case_with_spaces_around()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { BackupType = " diff " }).Arguments!.BackupType, Is.EqualTo(BackupType.Diff));
        }

        [Test]
        public void A_null_directory_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Directory = null }).Error, Is.EqualTo(
                "@Directory is required: the folder the backups go to (as SQL Server's service account sees it), or NUL to discard them."));
        }

        [Test]
        public void Empty_databases_are_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Databases = "  " }).Error, Does.StartWith("@Databases is required"));
        }

        [TestCase("Yes")]
        [TestCase("1")]
        [TestCase("")]
        public void A_flag_other_than_y_or_n_is_refused_with_its_name(string value)
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Verify = value }).Error, Is.EqualTo("@Verify must be 'Y' or 'N', not '" + value + "'."));
        }

        [Test]
        public void Flags_are_read_in_either_case()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { CopyOnly = "y", Checksum = "n" }).Arguments, Has.Property("CopyOnly").True.And.Property("Checksum").False);
        }

        [Test]
        public void Verify_of_a_backup_to_nul_is_refused_because_nothing_can_be_read_back()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Directory = "NUL", Verify = "Y" }).Error, Is.EqualTo(
                "@Verify = 'Y' cannot read back a backup written to NUL; use @Verify = 'N' or a real @Directory."));
        }

        [Test]
        public void A_file_name_template_without_the_database_name_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { FileName = "backup_{Timestamp}.bak" }).Error, Is.EqualTo(
                "@FileName must contain {DatabaseName}, or every database would write to the same file."));
        }

        [TestCase("ms_xpress", CompressionAlgorithm.MsXpress)]
        [TestCase(" QAT_DEFLATE ", CompressionAlgorithm.QatDeflate)]
        [TestCase("Zstd", CompressionAlgorithm.Zstd)]
        public void Compression_algorithms_are_read_in_any_case_with_spaces_around(string value, CompressionAlgorithm expected)
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid with { Compress = "Y", CompressionAlgorithm = value }).Arguments!;

            Assert.That((arguments.CompressionAlgorithm, arguments.CompressionLevel), Is.EqualTo((expected, (CompressionLevel?)null)));
        }

        [Test]
        public void Without_an_algorithm_the_server_chooses_it()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Compress = "Y" }).Arguments!.CompressionAlgorithm, Is.Null);
        }

        [TestCase("LZ4")]
        [TestCase("")]
        [TestCase("MS_XPRESS,ZSTD")]
        public void A_compression_algorithm_sql_server_does_not_have_is_refused_with_the_ones_it_has(string value)
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Compress = "Y", CompressionAlgorithm = value }).Error, Is.EqualTo(
                "@CompressionAlgorithm must be MS_XPRESS, QAT_DEFLATE or ZSTD, not '" + value + "'."));
        }

        [TestCase("low", CompressionLevel.Low)]
        [TestCase("Medium", CompressionLevel.Medium)]
        [TestCase("HIGH", CompressionLevel.High)]
        public void Zstd_takes_a_level(string value, CompressionLevel expected)
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid with { Compress = "Y", CompressionAlgorithm = "ZSTD", CompressionLevel = value }).Arguments!;

            Assert.That(arguments.CompressionLevel, Is.EqualTo(expected));
        }

        [Test]
        public void A_level_that_is_not_low_medium_or_high_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Compress = "Y", CompressionAlgorithm = "ZSTD", CompressionLevel = "9" }).Error, Is.EqualTo(
                "@CompressionLevel must be LOW, MEDIUM or HIGH, not '9'."));
        }

        [TestCase("MS_XPRESS")]
        [TestCase(null)]
        public void A_level_without_zstd_is_refused(string? algorithm)
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Compress = "Y", CompressionAlgorithm = algorithm, CompressionLevel = "HIGH" }).Error, Is.EqualTo(
                "@CompressionLevel = 'HIGH' applies to ZSTD only; set @CompressionAlgorithm = 'ZSTD', or leave @CompressionLevel NULL."));
        }

        [TestCase("N", "'N'")]
        [TestCase(null, "NULL (the server's backup compression default)")]
        public void An_algorithm_needs_compression_asked_for_explicitly(string? compress, string shown)
        {
            Assert.That(BackupArgumentParser.Parse(Valid with { Compress = compress, CompressionAlgorithm = "ZSTD" }).Error, Is.EqualTo(
                "@CompressionAlgorithm = 'ZSTD' says how to compress, so it needs @Compress = 'Y', not " + shown + "."));
        }
    }
}
