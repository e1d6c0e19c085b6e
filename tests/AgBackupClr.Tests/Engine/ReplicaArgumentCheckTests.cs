using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>What each replica refuses from its own version, edition and platform, before anything runs.</summary>
    public class ReplicaArgumentCheckTests
    {
        private static readonly RawBackupArguments Valid = InMemory.Arguments("USER_DATABASES", "FULL");

        [TestCase(13)]
        [TestCase(15)]
        public void A_compression_algorithm_before_sql_server_2022_is_refused(int version)
        {
            string? error = Check(Valid with { Compress = "Y", CompressionAlgorithm = "MS_XPRESS" }, Replica(version));

            Assert.That(error, Is.EqualTo("@CompressionAlgorithm = 'MS_XPRESS' needs SQL Server 2022 (16.x) or later; this replica is "
                + (version == 13 ? "SQL Server 2016" : "SQL Server 2019") + " (SERVERPROPERTY('ProductMajorVersion') = " + version + "): leave @CompressionAlgorithm NULL."));
        }

        [TestCase(16)]
        [TestCase(17)]
        public void Ms_xpress_is_named_from_sql_server_2022(int version)
        {
            Assert.That(Check(Valid with { Compress = "Y", CompressionAlgorithm = "MS_XPRESS" }, Replica(version)), Is.Null);
        }

        [Test]
        public void Zstd_before_sql_server_2025_is_refused()
        {
            Assert.That(Check(Valid with { Compress = "Y", CompressionAlgorithm = "ZSTD", CompressionLevel = "HIGH" }, Replica(16)), Is.EqualTo(
                "@CompressionAlgorithm = 'ZSTD' needs SQL Server 2025 (17.x) or later; this replica is SQL Server 2022 (SERVERPROPERTY('ProductMajorVersion') = 16): "
                + "use MS_XPRESS, or leave @CompressionAlgorithm NULL."));
        }

        [Test]
        public void Zstd_with_a_level_runs_on_sql_server_2025()
        {
            Assert.That(Check(Valid with { Compress = "Y", CompressionAlgorithm = "ZSTD", CompressionLevel = "HIGH" }, Replica(17)), Is.Null);
        }

        [TestCase(2)]
        [TestCase(3)]
        public void Qat_deflate_runs_on_windows_standard_or_enterprise(int engineEdition)
        {
            Assert.That(Check(Valid with { Compress = "Y", CompressionAlgorithm = "QAT_DEFLATE" }, Replica(16, engineEdition)), Is.Null);
        }

        [TestCase(16, "use MS_XPRESS.")]
        [TestCase(17, "use MS_XPRESS or ZSTD.")]
        public void Qat_deflate_on_linux_is_refused(int version, string todo)
        {
            Assert.That(Check(Valid with { Compress = "Y", CompressionAlgorithm = "QAT_DEFLATE" }, Replica(version) with { IsLinux = true }), Is.EqualTo(
                "@CompressionAlgorithm = 'QAT_DEFLATE' needs SQL Server on Windows (Intel QAT integrated acceleration is not available on Linux or in containers); "
                + "this replica runs on Linux: " + todo));
        }

        [Test]
        public void Qat_deflate_on_another_edition_is_refused()
        {
            Assert.That(Check(Valid with { Compress = "Y", CompressionAlgorithm = "QAT_DEFLATE" }, Replica(16, engineEdition: 8)), Is.EqualTo(
                "@CompressionAlgorithm = 'QAT_DEFLATE' needs Enterprise, Standard or Developer edition; this replica's SERVERPROPERTY('EngineEdition') is 8: use MS_XPRESS."));
        }

        [Test]
        public void Compression_on_express_is_refused()
        {
            Assert.That(Check(Valid with { Compress = "Y" }, Replica(16, engineEdition: 4)), Is.EqualTo(
                "@Compress = 'Y' needs Enterprise, Standard or Developer edition; this replica is Express (SERVERPROPERTY('EngineEdition') = 4): use @Compress = 'N' or NULL."));
        }

        [TestCase("N")]
        [TestCase(null)]
        public void No_compression_or_the_server_default_runs_on_express(string? compress)
        {
            Assert.That(Check(Valid with { Compress = compress }, Replica(16, engineEdition: 4)), Is.Null);
        }

        private static InstanceFacts Replica(int version, int engineEdition = 3) =>
            InMemory.Instance() with { ProductMajorVersion = version, EngineEdition = engineEdition };

        private static string? Check(RawBackupArguments raw, InstanceFacts instance)
        {
            ParsedArguments parsed = BackupArgumentParser.Parse(raw);
            Assert.That(parsed.Error, Is.Null);
            return ReplicaArgumentChecks.Check(parsed.Arguments!, InMemory.State() with { Instance = instance });
        }
    }
}
