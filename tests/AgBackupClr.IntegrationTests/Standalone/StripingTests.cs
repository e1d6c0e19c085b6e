using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>
/// A backup striped over several files with the throughput options: SQL Server writes one media family per file
/// (msdb.dbo.backupmediafamily), RESTORE VERIFYONLY reads them all, and the result and the decision log keep every path.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class StripingTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [Test]
    public async Task EightFilesWithThroughputOptionsAreOneMediaSetVerifiedAndLoggedWhole()
    {
        // Given a FULL recovery database outside any availability group
        var request = new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory)
        {
            NumberOfFiles = 8,
            MaxTransferSize = 1048576,
            BufferCount = 16,
            BlockSize = 65536,
            Verify = "Y",
        };

        // When the procedure stripes its FULL backup over 8 files and verifies it
        ProcedureOutcome outcome = await Server.BackUpAsync(request);

        // Then it ran, the 8 paths are one media set in the order of the TO clause, and the log kept all 8 (over 260 characters)
        BackupDecision row = outcome.Single(Database);
        Assert.That(outcome.Error, Is.Null, outcome.Describe());
        Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
        string[] files = row.BackupFile!.Split('\n');
        IReadOnlyList<SqlRow> families = await Server.QueryFileAsync(
            "master", "Standalone/BackupMediaFamilies.sql", new Dictionary<string, object?> { ["@BackupFile"] = files[0] });
        SqlRow logged = await Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase, "Standalone/LastLoggedBackupFile.sql", new Dictionary<string, object?> { ["@Database"] = Database });
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.Length.EqualTo(8).And.Unique, outcome.Describe());
            Assert.That(families.Select(f => f.Text("physical_device_name")), Is.EqualTo(files), "msdb.dbo.backupmediafamily, by family_sequence_number");
            Assert.That(row.Command, Does.Contain("RESTORE VERIFYONLY FROM DISK = N'" + files[0] + "'"), outcome.Describe());
            Assert.That(logged.Text("backup_file"), Is.EqualTo(row.BackupFile), "dbo.BackupDecisionLog.backup_file is nvarchar(max)");
        });
    }

    [Test]
    public async Task AMaximumFileSizeLargerThanTheDatabaseGivesOneFileNumberedOne()
    {
        // Given a small database
        // When the procedure backs it up with files of at most 10 GB
        ProcedureOutcome outcome = await Server.BackUpAsync(
            new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory) { MaxFileSize = 10240 });

        // Then one file is written, numbered 1 by the default template
        BackupDecision row = outcome.Single(Database);
        Assert.That(outcome.Error, Is.Null, outcome.Describe());
        Assert.That(row.BackupFile, Does.Not.Contain("\n").And.EndWith("_1.bak"), outcome.Describe());
    }
}
