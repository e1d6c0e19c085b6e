using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>
/// The compression algorithms the image's engine has, as msdb records them; the ones it lacks refused before anything
/// runs (docs/t-sql/statements/backup-transact-sql.md; docs/relational-databases/backup-restore/backup-compression-sql-server.md).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class CompressionTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [TestCase("MS_XPRESS", null, 16)]
    [TestCase("ZSTD", "HIGH", 17)]
    public async Task AnAlgorithmTheEngineHasCompressesTheBackupAndOneItLacksIsRefused(string algorithm, string? level, int firstVersion)
    {
        // Given the engine's version
        ServerFacts facts = await Server.ReadServerFactsAsync();

        // When the procedure backs up with that algorithm
        ProcedureOutcome outcome = await Server.BackUpAsync(new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory)
        {
            Compress = "Y",
            CompressionAlgorithm = algorithm,
            CompressionLevel = level,
        });

        // Then, from the version that has it, msdb records a compressed backup with that algorithm; before, the call is refused
        BackupDecision row = outcome.Rows[0];
        if (facts.ProductMajorVersion < firstVersion)
        {
            Assert.Multiple(() =>
            {
                Assert.That((row.Action, row.ReasonCode), Is.EqualTo(("REFUSE", "REFUSE_INVALID_ARGUMENT")), outcome.Describe());
                Assert.That(row.Reason, Does.StartWith("@CompressionAlgorithm = '" + algorithm + "' needs SQL Server"), outcome.Describe());
            });
            return;
        }

        Assert.That(outcome.Error, Is.Null, outcome.Describe());
        Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
        SqlRow recorded = await Server.QuerySingleFileAsync(
            "master", "Standalone/BackupCompression.sql", new Dictionary<string, object?> { ["@BackupFile"] = row.BackupFile });
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Number("is_compressed"), Is.EqualTo(1), "msdb.dbo.backupset: compressed_backup_size < backup_size");
            Assert.That(recorded.Text("compression_algorithm"), Is.EqualTo(algorithm).IgnoreCase, "msdb.dbo.backupset.compression_algorithm");
        });
    }

    [Test]
    public async Task QatDeflateInALinuxContainerIsRefusedBeforeAnythingRuns()
    {
        // When the procedure is asked for Intel QAT compression on Linux (docs/relational-databases/integrated-acceleration/overview.md)
        var request = new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory) { Compress = "Y", CompressionAlgorithm = "QAT_DEFLATE" };

        // Then it refuses the call with the reason and runs nothing
        ProcedureOutcome outcome = await RefusedCall.AssertAsync(Server, Database, request, "REFUSE_INVALID_ARGUMENT");
        Assert.That(outcome.Rows[0].Reason, Does.Contain("QAT_DEFLATE"), outcome.Describe());
    }
}
