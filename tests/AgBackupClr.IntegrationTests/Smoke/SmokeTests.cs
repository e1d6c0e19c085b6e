using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Containers;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Smoke;

/// <summary>The first question anyone with Docker asks: does it install and back up at all? One instance: deploy.sql, a
/// FULL and a LOG through dbo.usp_BackupIfPreferred into a folder on the container's disk (the default directory
/// structure, so the folders are created as a DBA's job creates them), dbo.fn_BackupStatus showing both, and
/// uninstall.sql leaving nothing. docs/testing.md: <c>dotnet test tests/AgBackupClr.IntegrationTests --filter Category=Smoke</c>.</summary>
[TestFixture]
[Category("Smoke")]
public sealed class SmokeTests : OwnInstanceFixture
{
    private const string Database = "SmokeFull";

    /// <summary>A folder on the container's own disk, created by the container's user, which runs SQL Server.</summary>
    private const string BackupDirectory = "/var/opt/mssql/backup";

    [Test]
    public async Task InstallsBacksUpAFullAndALogReportsBothAndUninstalls()
    {
        // Given deploy.sql installed in a utility database, and a database in FULL recovery
        await Server.CreateDatabaseAsync(SqlServerInstance.UtilityDatabase);
        IReadOnlyList<string> beforeInstall = await DeploymentState.InstalledObjectsAsync(Server, SqlServerInstance.UtilityDatabase);
        await Server.DeployAsync();
        await Server.ExecuteFileAsync("master", "Smoke/CreateFullRecoveryDatabase.sql");
        await Server.Container.ExecAsync(["mkdir", "-p", BackupDirectory]).ThrowOnFailure();

        // When the procedure takes a FULL and then a LOG of it
        RecordedBackup full = await BackUpAsync(BackupKind.Full);
        RecordedBackup log = await BackUpAsync(BackupKind.Log);

        // Then dbo.fn_BackupStatus shows both as msdb recorded them
        SqlRow status = await Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase, "Common/BackupStatus.sql", new Dictionary<string, object?> { ["@DatabaseName"] = Database });
        string context = $"FULL {full}, LOG {log}";
        Assert.Multiple(() =>
        {
            BackupStatusRow.AssertHolds(status, "last_full", full, context);
            BackupStatusRow.AssertHolds(status, "last_log", log, context);
        });

        // And uninstall.sql leaves the instance as it was before the install
        await Server.UninstallAsync();
        Assert.That(
            await DeploymentState.InstalledObjectsAsync(Server, SqlServerInstance.UtilityDatabase),
            Is.EqualTo(beforeInstall),
            "uninstall.sql drops what deploy.sql created, and the hash no assembly uses any more");
    }

    /// <summary>One backup of the database by the procedure, and msdb's record of it.</summary>
    private async Task<RecordedBackup> BackUpAsync(BackupKind kind)
    {
        RecordedRun run = await Server.BackUpRecordedAsync(BackupRequest.For(Database, kind, BackupDirectory, execute: true), Database);
        BackupDecision row = run.Outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome.Error, Is.Null, run.Outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), run.Outcome.Describe());
            Assert.That(run.TakenKinds, Is.EqualTo(new[] { kind.RecordedKind() }), "msdb.dbo.backupset; " + run.Outcome.Describe());
        });
        return run.Taken[0];
    }
}
