using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// agbackup restore --test against the two replicas and a third instance: a FULL written to a file on the primary and LOGs
/// on the secondary are one restore sequence, which the built agbackup restores and checks in the third instance from the
/// same paths; then a LOG file deleted there is named, with exit code 3.
/// </summary>
[TestFixture]
public sealed class RestoreTestCommandTests : AvailabilityGroupTestBase
{
    private const string Folder = "/var/opt/mssql/data/";
    private const string Restored = "AgBackupClrRestored";

    [Test]
    public async Task ARestoreTestReachesTheLastLogTakenOnTheSecondaryThenNamesADeletedLogFile()
    {
        // Given a FULL on the primary, then three times a row written on the primary and a LOG taken on the secondary (a
        // synchronous-commit secondary has hardened the row before the LOG starts), each to a file of its own
        await using SqlServerInstance third = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder());
        string stamp = Guid.NewGuid().ToString("N");
        var files = new List<(Replica Replica, string Path)> { await BackUpToFileAsync(Cluster.Primary, "FULL", stamp + "_full.bak") };
        int rows = 0;
        for (int i = 1; i <= 3; i++)
        {
            SqlRow written = await Cluster.Primary.Server.QuerySingleFileAsync(AvailabilityGroupCluster.DatabaseName, "Restore/WriteProbeRow.sql");
            rows = written.Number("row_count")!.Value;
            files.Add(await BackUpToFileAsync(Cluster.Secondary, "LOG", stamp + "_log" + i + ".trn"));
        }

        // ... and every file copied into the third instance at the path msdb names it by
        foreach ((Replica replica, string path) in files)
        {
            byte[] content = await replica.Server.Container.ReadFileAsync(path);
            await third.Container.CopyAsync(content, path, 10001, 10001, UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead);
        }

        try
        {
            // When agbackup restores the newest point into the third instance and runs CHECKDB, keeping the copy
            (int exitCode, string output, string error) = await RestoreTestAsync(third, Restored);

            // Then the four backups restore from both replicas' files, CHECKDB passes, and the copy has every row written
            // before the last LOG
            using (JsonDocument report = JsonDocument.Parse(output))
            {
                JsonElement root = report.RootElement;
                Assert.Multiple(() =>
                {
                    Assert.That(exitCode, Is.EqualTo(0), output + error);
                    Assert.That(root.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null), output + error);
                    Assert.That(root.GetProperty("backups").GetInt32(), Is.EqualTo(4), "the FULL and the three LOGs, nothing older; " + output);
                    Assert.That(root.GetProperty("checkdb").GetString(), Is.EqualTo("PASSED"), output + error);
                });
            }

            SqlRow restoredRows = await third.QuerySingleFileAsync(Restored, "Restore/CountProbeRows.sql");
            Assert.That(restoredRows.Number("row_count"), Is.EqualTo(rows), "RESTORE LOG of the secondary's last LOG reaches the rows the primary wrote before it");

            // When the second LOG's file is deleted from the third instance and the test runs again under another name
            await third.Container.ExecAsync(["rm", files[2].Path]).ThrowOnFailure();
            (exitCode, output, error) = await RestoreTestAsync(third, Restored + "Again");

            // Then no restore starts: the file is named, and the exit code says there is no restorable sequence
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(3), output + error);
                Assert.That(error, Does.Contain(files[2].Path).And.Contain("cannot be read from"), error);
            });
        }
        finally
        {
            foreach ((Replica replica, string path) in files)
            {
                await replica.Server.Container.ExecAsync(["rm", "-f", path]);
            }
        }
    }

    private async Task<(Replica Replica, string Path)> BackUpToFileAsync(Replica replica, string backupType, string name)
    {
        string path = Folder + name;
        await replica.Server.ExecuteFileAsync(
            "master",
            "Restore/BackUpToFile.sql",
            new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName, ["@BackupType"] = backupType, ["@File"] = path });
        return (replica, path);
    }

    private Task<(int ExitCode, string Output, string Error)> RestoreTestAsync(SqlServerInstance third, string restoreAs) =>
        Agbackup.RunAsync(
            "restore", "--database", AvailabilityGroupCluster.DatabaseName,
            "--server", Cluster.Primary.Server.ConnectionString("master"),
            "--server", Cluster.Secondary.Server.ConnectionString("master"),
            "--test", "--to", third.ConnectionString("master"), "--check", "--keep", "--as", restoreAs, "--format", "json");
}
