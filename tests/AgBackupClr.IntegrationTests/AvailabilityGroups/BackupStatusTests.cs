using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// agbackup status against the two replicas: a FULL on the primary and LOG backups on the secondary are one chain, and a
/// LOG backup whose row is missing from msdb is the gap. Runs the built agbackup as a process, as a DBA would: these tests
/// reference no project under src/.
/// </summary>
[TestFixture]
public sealed class BackupStatusTests : AvailabilityGroupTestBase
{
    [Test]
    public async Task StatusFollowsTheChainAcrossReplicasThenReportsTheGapLeftByAMissingLogBackup()
    {
        // Given a FULL on the primary, then three LOG backups on the secondary (both may take them: docs/rules.md F1)
        await BackUpAsync(Cluster.Primary, BackupKind.Full);
        for (int i = 0; i < 3; i++)
        {
            await BackUpAsync(Cluster.Secondary, BackupKind.Log);
        }

        // When agbackup status reads both replicas
        (int exitCode, JsonElement database, string output) = await StatusAsync();

        // Then the FULL is the primary's, the newest LOG the secondary's, and the chain across them is intact (the exit code
        // is not asserted: model and the utility database, in FULL recovery and never backed up here, are NO_FULL)
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0).Or.EqualTo(3), output);
            Assert.That(database.GetProperty("chain").GetString(), Is.EqualTo("INTACT"), "first_lsn/last_lsn of log backups on the secondary follow the primary's FULL; " + output);
            Assert.That(database.GetProperty("last_full").GetProperty("server_name").GetString(), Is.EqualTo(Cluster.Primary.Name), output);
            Assert.That(database.GetProperty("last_log").GetProperty("server_name").GetString(), Is.EqualTo(Cluster.Secondary.Name), output);
            Assert.That(database.GetProperty("server_name").ValueKind, Is.EqualTo(JsonValueKind.Null), "one status for the availability database; " + output);
        });

        // When the middle LOG backup's row is removed from the secondary's msdb
        await Cluster.Secondary.Server.ExecuteFileAsync(
            "master", "AvailabilityGroup/RemoveLogBackupHistoryRow.sql", new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName });
        (exitCode, database, output) = await StatusAsync();

        // Then the chain is broken there, and the exit code says so
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(3), output);
            Assert.That(database.GetProperty("chain").GetString(), Is.EqualTo("BROKEN"), output);
            Assert.That(database.GetProperty("gap_from_lsn").GetString(), Is.Not.Null, output);
        });
    }

    private async Task BackUpAsync(Replica replica, BackupKind kind)
    {
        NativeBackupOutcome native = await Cluster.NativeBackupAsync(replica, kind);
        Assert.That(native.Succeeded, Is.True, $"{kind} on the {replica.Side}: {native}");
    }

    private async Task<(int ExitCode, JsonElement Database, string Output)> StatusAsync()
    {
        (int exitCode, string output, string error) = await Agbackup.RunAsync(
            "status", "--format", "json",
            "--server", Cluster.Primary.Server.ConnectionString("master"),
            "--server", Cluster.Secondary.Server.ConnectionString("master"));
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement database = document.RootElement.GetProperty("databases").EnumerateArray()
            .Single(d => d.GetProperty("database_name").GetString() == AvailabilityGroupCluster.DatabaseName);
        return (exitCode, database.Clone(), output + error);
    }
}
