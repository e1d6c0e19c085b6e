using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>
/// The destination check and the directory structure, as SQL Server's service account sees the container's disk: the
/// check through sys.dm_os_file_exists (xp_fileexist before 2017), the folders through xp_create_subdir, both through the
/// context connection. Both are undocumented, so these tests pin what they do.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class DestinationTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [TestCase("Y")]
    [TestCase("N")]
    public async Task AMissingFolderFailsTheCallBeforeAnythingRuns(string execute)
    {
        // When the procedure is asked to back up into a folder that does not exist, for real or as a dry run
        var request = new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory + "/does-not-exist") { Execute = execute };

        // Then it refuses with REFUSE_DESTINATION_NOT_FOUND and runs nothing
        ProcedureOutcome outcome = await RefusedCall.AssertAsync(Server, Database, request, "REFUSE_DESTINATION_NOT_FOUND");
        Assert.That(outcome.Rows[0].Reason, Does.Contain("does-not-exist"), outcome.Describe());
    }

    [Test]
    public async Task TheDefaultStructureCreatesItsFoldersAndTheBackupIsWrittenThere()
    {
        // Given the server's name, which the default structure for databases outside groups starts with
        ServerFacts facts = await Server.ReadServerFactsAsync();

        // When the procedure backs up with the default directory structure
        ProcedureOutcome outcome = await Server.BackUpAsync(new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory) { Verify = "Y" });

        // Then xp_create_subdir made SERVER$INSTANCE/database/FULL under the folder, and the verified backup is in it
        BackupDecision row = outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(row.Command, Does.StartWith("EXECUTE master.dbo.xp_create_subdir N'" + StandaloneSetUpFixture.BackupDirectory + "/"), outcome.Describe());
            Assert.That(row.BackupFile, Does.StartWith(StandaloneSetUpFixture.BackupDirectory + "/" + facts.ServerName + "$MSSQLSERVER/" + Database + "/FULL/"), outcome.Describe());
        });
    }
}
