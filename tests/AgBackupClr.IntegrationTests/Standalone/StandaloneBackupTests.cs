using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>Databases outside any availability group: the procedure backs them up wherever it runs
/// (OK_NOT_IN_AG), to the container's disk or to NUL, and refuses what SQL Server would refuse.</summary>
[TestFixture]
[Category("Integration")]
public sealed class StandaloneBackupTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [Test]
    public async Task FullBackupToTheContainerDiskIsTakenRecordedAndReadable()
    {
        // Given a FULL recovery database outside any availability group
        var request = new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory);

        // When the procedure runs a FULL backup to a folder on the container's disk
        ProcedureOutcome outcome = await RunAsync(request);

        // Then it backed up, said why, wrote a file msdb knows about, and the file reads back as a backup
        BackupDecision row = outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
            Assert.That(row.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"), outcome.Describe());
            Assert.That(row.AvailabilityGroupName, Is.Null, outcome.Describe());
            Assert.That(row.BackupFile, Does.StartWith(StandaloneSetUpFixture.BackupDirectory + "/"), outcome.Describe());
        });
        Assert.That(await IsRecordedAsync(row.BackupFile!), Is.True, "msdb has no backup written to " + row.BackupFile);
        Assert.DoesNotThrowAsync(() => VerifyAsync(row.BackupFile!));
    }

    [Test]
    public async Task TheBackupSetCarriesItsNameAndTheDescriptionAsked()
    {
        // When the procedure backs up with a description
        ProcedureOutcome outcome = await RunAsync(
            new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory) { Description = "Nightly, it's" });

        // Then msdb records the description and a NAME naming the backup and this replica
        BackupDecision row = outcome.Single(Database);
        Assert.That(outcome.Error, Is.Null, outcome.Describe());
        SqlRow recorded = await Server.QuerySingleFileAsync(
            "master", "Standalone/BackupSetNameAndDescription.sql", new Dictionary<string, object?> { ["@BackupFile"] = row.BackupFile });
        ServerFacts facts = await Server.ReadServerFactsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Text("description"), Is.EqualTo("Nightly, it's"), "msdb.dbo.backupset.description");
            Assert.That(recorded.Text("name"), Is.EqualTo("AgBackupClr FULL on " + facts.ServerName), "msdb.dbo.backupset.name");
        });
    }

    [TestCase("LOG")]
    [TestCase("DIFF")]
    public async Task LogAndDifferentialBackupsFollowAFullBackup(string backupType)
    {
        // Given a FULL recovery database with a base full backup on disk (a DIFF needs a regular FULL as its base, which
        // the procedure refuses to write to NUL)
        ProcedureOutcome given = await RunAsync(new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory));
        Assert.That(given.Error, Is.Null, given.Describe());

        // When the procedure takes the LOG or DIFF backup to the container's disk
        ProcedureOutcome outcome = await RunAsync(new BackupRequest(Database, backupType, StandaloneSetUpFixture.BackupDirectory));

        // Then it is taken and recorded
        BackupDecision row = outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
            Assert.That(row.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"), outcome.Describe());
        });
        Assert.That(await IsRecordedAsync(row.BackupFile!), Is.True, "msdb has no backup written to " + row.BackupFile);
    }

    [Test]
    public async Task BackupToNulIsTakenAndRecorded()
    {
        // Given a database outside any availability group
        // When the procedure takes a COPY_ONLY FULL to NUL
        RecordedRun run = await Server.BackUpRecordedAsync(new BackupRequest(Database, "FULL", "NUL") { CopyOnly = "Y" }, Database);

        // Then BACKUP ran (msdb records one COPY_ONLY full backup) and nothing failed
        BackupDecision row = run.Outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome.Error, Is.Null, run.Outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), run.Outcome.Describe());
            Assert.That(row.Command, Does.Contain("NUL"), run.Outcome.Describe());
            Assert.That(run.TakenKinds, Is.EqualTo(new[] { BackupKind.CopyOnlyFull.RecordedKind() }), "msdb.dbo.backupset type and is_copy_only");
        });
    }

    [Test]
    public async Task DryRunReturnsTheCommandAndRunsNothing()
    {
        // Given the number of backups msdb has recorded for the database
        int before = await Server.CountBackupsAsync(Database);

        // When the procedure runs with @Execute = N'N'
        ProcedureOutcome outcome = await RunAsync(
            new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory) { Execute = "N", DirectoryStructure = string.Empty });

        // Then the row carries the decision and the BACKUP it would run, and no backup was taken
        BackupDecision row = outcome.Single(Database);
        int after = await Server.CountBackupsAsync(Database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
            Assert.That(row.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"), outcome.Describe());
            Assert.That(row.Command, Does.StartWith("BACKUP DATABASE"), outcome.Describe());
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [TestCase(StandaloneSetUpFixture.SimpleRecoveryDatabase, "REFUSE_LOG_SIMPLE_RECOVERY", 4208)]
    [TestCase(StandaloneSetUpFixture.NoBaseBackupDatabase, "REFUSE_NO_BASE_BACKUP", 4214)]
    [TestCase("DoesNotExist", "REFUSE_DATABASE_NOT_FOUND", 911)]
    public async Task LogBackupThatSqlServerRefusesIsRefusedFirst(string database, string reasonCode, int nativeError)
    {
        // Given a database where SQL Server itself refuses BACKUP LOG with the given error
        NativeBackupOutcome native;
        await using (SqlConnection connection = await Server.OpenAsync("master"))
        {
            native = await NativeBackupOutcome.RunAsync(connection, database, BackupKind.Log);
        }

        Assert.That(native.ErrorNumbers, Does.Contain(nativeError), "native BACKUP LOG " + native);

        // When the procedure is asked for the same LOG backup
        ProcedureOutcome outcome = await RunAsync(new BackupRequest(database, "LOG", "NUL"));

        // Then it refuses with the reason, says so in its row, and fails the call after the rows
        BackupDecision row = outcome.Single(database);
        Assert.Multiple(() =>
        {
            Assert.That(row.Action, Is.EqualTo("REFUSE"), outcome.Describe());
            Assert.That(row.ReasonCode, Is.EqualTo(reasonCode), outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), outcome.Describe());
        });
    }

    private static Task<ProcedureOutcome> RunAsync(BackupRequest request) => Server.BackUpAsync(request);

    private static async Task<bool> IsRecordedAsync(string backupFile)
    {
        SqlRow row = await Server.QuerySingleFileAsync(
            "master", "Common/BackupFileRecorded.sql", new Dictionary<string, object?> { ["@BackupFile"] = backupFile });
        return row.Number("recorded") > 0;
    }

    private static Task VerifyAsync(string backupFile)
    {
        return Server.ExecuteFileAsync(
            "master", "Common/VerifyBackupFile.sql", new Dictionary<string, object?> { ["@BackupFile"] = backupFile });
    }
}
