using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// @CleanupTime across the two replicas: a FULL on the primary and LOG backups on the secondary, each job cleaning, then a
/// restore from the files both kept, in a third instance. The containers share no folder: each writes the same path, and what
/// the two keep together is what one shared folder would hold.
/// </summary>
[TestFixture]
public sealed class CleanupTests : AvailabilityGroupTestBase
{
    private const string Folder = "/var/opt/mssql/agshared";
    private const string XpDeleteFolder = "/var/opt/mssql/xpdelete";

    [Test]
    public async Task EachReplicaCleansWhatItBackedUpAndTheFilesKeptRestoreInAThirdInstance()
    {
        // Given the folder exists on both replicas, and the primary takes the FULL (SQL Server 2025 lets a secondary too)
        foreach (Replica replica in new[] { Cluster.Primary, Cluster.Secondary })
        {
            await replica.Server.Container.ExecAsync(["mkdir", "-p", Folder]).ThrowOnFailure();
        }

        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 60);

        // When the same FULL job runs on both replicas, then, with the secondary taking LOG backups, the same LOG job three
        // times, all with @CleanupTime
        ProcedureOutcome fullHere = await Cluster.Primary.Server.BackUpAsync(Job("FULL"));
        ProcedureOutcome fullThere = await Cluster.Secondary.Server.BackUpAsync(Job("FULL"));
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 60);
        var logs = new List<(ProcedureOutcome Primary, ProcedureOutcome Secondary)>();
        for (int i = 0; i < 3; i++)
        {
            logs.Add((await Cluster.Primary.Server.BackUpAsync(Job("LOG")), await Cluster.Secondary.Server.BackUpAsync(Job("LOG"))));
        }

        // Then the replica that took each backup cleaned its folder without an error (xp_delete_file returned 0), the other
        // left the shared folder to it, and nothing the chain needs was deleted
        Assert.Multiple(() =>
        {
            Assert.That(fullHere.Rows.Select(r => r.Action), Is.EqualTo(new[] { "BACKUP", "CLEANUP" }), fullHere.Describe());
            Assert.That(fullHere.Error, Is.Null, fullHere.Describe());
            Assert.That(fullThere.Rows.Select(r => r.Action), Is.EqualTo(new[] { "SKIP", "SKIP" }), fullThere.Describe());
            Assert.That(Codes(fullThere).Last(), Is.EqualTo("SKIP_CLEANUP_NOT_HERE"), fullThere.Describe());
            foreach ((ProcedureOutcome primary, ProcedureOutcome secondary) in logs)
            {
                Assert.That(Codes(primary), Is.EqualTo(new[] { "SKIP_NOT_PREFERRED", "SKIP_CLEANUP_NOT_HERE" }), primary.Describe());
                Assert.That(Codes(secondary), Is.EqualTo(new[] { "OK_PREFERRED_REPLICA", "OK_CLEANED" }), secondary.Describe());
                Assert.That(secondary.Error, Is.Null, "xp_delete_file through the context connection on Linux; " + secondary.Describe());
            }
        });

        // Then the secondary recorded the base of the FULL the primary took: its sys.master_files shows the primary's
        // differential base (the chain guard relies on it; the docs do not say so)
        SqlRow primaryBase = await Cluster.Primary.Server.QuerySingleFileAsync("master", "AvailabilityGroup/DifferentialBaseHere.sql");
        SqlRow secondaryBase = await Cluster.Secondary.Server.QuerySingleFileAsync("master", "AvailabilityGroup/DifferentialBaseHere.sql");
        IReadOnlyList<SqlRow> observed = await Cluster.Secondary.Server.QueryFileAsync(
            SqlServerInstance.UtilityDatabase, "Common/ObservedDifferentialBases.sql", new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName });
        Assert.Multiple(() =>
        {
            Assert.That(secondaryBase.Numeric("differential_base_lsn"), Is.EqualTo(primaryBase.Numeric("differential_base_lsn")), "sys.master_files on the secondary after a FULL on the primary");
            Assert.That(observed.Select(o => o.Numeric("differential_base_lsn")), Does.Contain(primaryBase.Numeric("differential_base_lsn")), "dbo.ObservedDifferentialBase on the secondary");
        });

        // When the files both replicas kept are restored, FULL then every LOG in order, in a third instance
        await using SqlServerInstance third = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder());
        string full = (await CopyKeptAsync("FULL", third)).Last();
        IReadOnlyList<string> logFiles = await CopyKeptAsync("LOG", third);
        var database = new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName };
        await third.ExecuteFileAsync("master", "Common/RestoreFullWithNoRecovery.sql", new Dictionary<string, object?>(database) { ["@File"] = full });
        foreach (string log in logFiles)
        {
            await third.ExecuteFileAsync("master", "Common/RestoreLogWithNoRecovery.sql", new Dictionary<string, object?>(database) { ["@File"] = log });
        }

        SqlRow recovered = await third.QuerySingleFileAsync("master", "Common/RecoverDatabase.sql", database);

        // Then the database is ONLINE: the chain the two replicas kept is whole
        Assert.That(recovered.Text("state_desc"), Is.EqualTo("ONLINE"), $"restored from {full} and {logFiles.Count} log backup(s)");
    }

    [Test]
    public async Task XpDeleteFileDeletesBackupsDatedBeforeTheCutoffAndNeverAFileThatIsNoBackup()
    {
        // Given a backup of master and a file that only has a backup's extension, in a folder of their own
        SqlServerInstance server = Cluster.Primary.Server;
        await server.Container.ExecAsync(["mkdir", "-p", XpDeleteFolder]).ThrowOnFailure();
        await server.ExecuteFileAsync("master", "Common/BackUpMasterTo.sql", new Dictionary<string, object?> { ["@File"] = XpDeleteFolder + "/master.bak" });
        await server.Container.CopyAsync(
            "not a backup"u8.ToArray(), XpDeleteFolder + "/notes.bak", 10001, 10001, UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead);

        // When xp_delete_file is asked for backups dated before yesterday, then before tomorrow (local time)
        SqlRow before = await DeleteBeforeAsync(server, DateTime.Now.AddDays(-1));
        IReadOnlyList<string> afterYesterday = await ListAsync(server, XpDeleteFolder);
        SqlRow after = await DeleteBeforeAsync(server, DateTime.Now.AddDays(1));
        IReadOnlyList<string> afterTomorrow = await ListAsync(server, XpDeleteFolder);

        // Then it returned 0 both times, kept the backup newer than the cutoff, deleted it once older, and never touched the other file
        Assert.Multiple(() =>
        {
            Assert.That((before.Number("return_code"), after.Number("return_code")), Is.EqualTo(((int?)0, (int?)0)));
            Assert.That(afterYesterday, Is.EquivalentTo(new[] { "master.bak", "notes.bak" }), "a backup newer than the cutoff is kept");
            Assert.That(afterTomorrow, Is.EquivalentTo(new[] { "notes.bak" }), "xp_delete_file type 0 reads the header: a file that is no backup stays");
        });
    }

    /// <summary>The job step every replica runs: the availability database to the folder, a week's retention.</summary>
    private static BackupRequest Job(string backupType) =>
        new(AvailabilityGroupCluster.DatabaseName, backupType, Folder) { CleanupTime = 168 };

    private static string[] Codes(ProcedureOutcome outcome) => outcome.Rows.Select(r => r.ReasonCode ?? "(null)").ToArray();

    private static Task<SqlRow> DeleteBeforeAsync(SqlServerInstance server, DateTime before) =>
        server.QuerySingleFileAsync("master", "Common/DeleteBackupsBefore.sql", new Dictionary<string, object?>
        {
            ["@Folder"] = XpDeleteFolder,
            ["@Extension"] = "bak",
            ["@Before"] = before.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        });

    private static async Task<IReadOnlyList<string>> ListAsync(SqlServerInstance server, string folder)
    {
        var listing = await server.Container.ExecAsync(["ls", "-1", folder]);
        return listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Copies the files of one backup type both replicas kept into the third instance, in name (time) order.</summary>
    private async Task<IReadOnlyList<string>> CopyKeptAsync(string backupType, SqlServerInstance third)
    {
        string typeFolder = $"{Folder}/{AvailabilityGroupCluster.AvailabilityGroupName}/{AvailabilityGroupCluster.DatabaseName}/{backupType}";
        var copied = new List<string>();
        foreach (Replica replica in new[] { Cluster.Primary, Cluster.Secondary })
        {
            await replica.Server.Container.ExecAsync(["mkdir", "-p", typeFolder]).ThrowOnFailure();
            foreach (string name in await ListAsync(replica.Server, typeFolder))
            {
                byte[] content = await replica.Server.Container.ReadFileAsync(typeFolder + "/" + name);
                string target = "/tmp/restore/" + name;
                await third.Container.CopyAsync(content, target, 10001, 10001, UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead);
                copied.Add(target);
            }
        }

        copied.Sort(StringComparer.Ordinal);
        Assert.That(copied, Is.Not.Empty, $"no {backupType} file was kept in {typeFolder} on either replica");
        return copied;
    }
}
