using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.AvailabilityGroups;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Networks;

namespace AgBackupClr.IntegrationTests.ThreeReplicas;

/// <summary>
/// Three SQL Server containers forming one availability group (CLUSTER_TYPE = NONE, synchronous commit, automatic seeding),
/// deploy.sql installed on each: the smallest group in which two secondaries can tie at the top BACKUP_PRIORITY, which is
/// where SQL Server's undocumented tie-break decides which one sys.fn_hadr_backup_is_preferred_replica names (issue 20).
/// The same T-SQL files as the two-replica AvailabilityGroupCluster, but for trusting two partners and naming three replicas.
/// </summary>
internal sealed class ThreeReplicaCluster : IAsyncDisposable
{
    private const string LocalCertificateFile = "/var/opt/mssql/data/AgEndpointLocalCertificate.cer";

    // Seeding a small database takes seconds; a slow CI machine starting three containers takes longer.
    private static readonly TimeSpan SynchronizationTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Host names, which become the replica names: the primary's sorts first, then the two secondaries'.</summary>
    private static readonly string[] Hosts = ["agb-a-primary", "agb-b-secondary", "agb-c-secondary"];

    private readonly INetwork network;
    private readonly Replica[] replicas;

    private ThreeReplicaCluster(INetwork network, Replica[] replicas)
    {
        this.network = network;
        this.replicas = replicas;
    }

    public Replica Primary => replicas[0];

    /// <summary>The secondary whose name sorts first: the one the engine's lowest-name guess names in a tie.</summary>
    public Replica SecondarySortingFirst => replicas[1];

    public Replica SecondarySortingLast => replicas[2];

    public IReadOnlyList<Replica> Replicas => replicas;

    public static async Task<ThreeReplicaCluster> StartAsync()
    {
        INetwork network = new NetworkBuilder().Build();
        await network.CreateAsync();
        Task<SqlServerInstance>[] starting = Hosts
            .Select((host, position) => SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder()
                .WithNetwork(network)
                .WithNetworkAliases(EndpointHost(position))
                .WithHostname(host)))
            .ToArray();
        await Task.WhenAll(starting);

        var replicas = new Replica[Hosts.Length];
        for (int position = 0; position < replicas.Length; position++)
        {
            SqlServerInstance server = starting[position].Result;
            replicas[position] = new Replica(position == 0 ? ReplicaSide.Primary : ReplicaSide.Secondary, server, await server.ReadServerFactsAsync());
        }

        var cluster = new ThreeReplicaCluster(network, replicas);
        try
        {
            await cluster.FormAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Sets the preference and one BACKUP_PRIORITY for every replica on the primary, then waits until all three show them.</summary>
    public async Task ConfigureBackupAsync(string preference, int priority)
    {
        await Primary.Server.ExecuteFileAsync(
            "master", "AvailabilityGroup/SetBackupPreference.sql", new Dictionary<string, object?> { ["@Preference"] = preference });
        foreach (Replica replica in replicas)
        {
            await Primary.Server.ExecuteFileAsync(
                "master",
                "AvailabilityGroup/SetBackupPriority.sql",
                new Dictionary<string, object?> { ["@ReplicaName"] = replica.Name, ["@BackupPriority"] = priority });
        }

        var expected = new ExpectedBackupSettings(preference, replicas.Select(replica => (replica.Name, priority)).ToArray());
        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(replicas.Select(replica => SeesAsync(replica, expected)))).All(seen => seen),
            MetadataTimeout,
            string.Create(CultureInfo.InvariantCulture, $"all three replicas to show {preference} with every priority {priority}"));
    }

    public async Task<bool> IsPreferredAsync(Replica replica)
    {
        SqlRow row = await replica.Server.QuerySingleFileAsync(
            "master", "AvailabilityGroup/IsPreferredReplica.sql", new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName });
        return row.Flag("is_preferred_replica") ?? false;
    }

    /// <summary>A real run (or a dry run) of the procedure for the availability database on one replica, to NUL (a regular FULL to a folder), and what its msdb recorded.</summary>
    public Task<RecordedRun> BackUpRecordedAsync(Replica replica, BackupKind kind, bool execute)
    {
        return replica.Server.BackUpRecordedAsync(
            BackupRequest.Discarded(AvailabilityGroupCluster.DatabaseName, kind, execute), AvailabilityGroupCluster.DatabaseName);
    }

    /// <summary>Suspends data movement of the availability database on one secondary, and waits until the primary shows it.</summary>
    public async Task SuspendDataMovementAsync(Replica secondary)
    {
        await secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/SuspendDataMovement.sql");
        await WaitForOwnStateAsync(secondary, "NOT SYNCHRONIZING");
        await WaitForPrimaryToShowAsync(secondary, "NOT SYNCHRONIZING");
    }

    public async Task ResumeDataMovementAsync(Replica secondary)
    {
        await secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/ResumeDataMovement.sql");
        await WaitForOwnStateAsync(secondary, "SYNCHRONIZED");
        await WaitForPrimaryToShowAsync(secondary, "SYNCHRONIZED");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Replica replica in replicas)
        {
            await replica.Server.DisposeAsync();
        }

        await network.DisposeAsync();
    }

    /// <summary>Where a replica's certificate is copied on the others: named after its position, since each replica trusts two.</summary>
    private static string PartnerCertificateFile(int position) =>
        string.Create(CultureInfo.InvariantCulture, $"/tmp/AgEndpointPartnerCertificate{position}.cer");

    /// <summary>The endpoint is reached by an alias of its own, not by the host name, which is chosen for the replica name it becomes.</summary>
    private static string EndpointHost(int position) => string.Create(CultureInfo.InvariantCulture, $"agb3-endpoint-{position}");

    private static string EndpointUrl(int position) =>
        string.Create(CultureInfo.InvariantCulture, $"TCP://{EndpointHost(position)}:{SqlServerContainers.EndpointPort}");

    private static async Task<bool> SeesAsync(Replica replica, ExpectedBackupSettings expected)
    {
        IReadOnlyList<SqlRow> rows = await replica.Server.QueryFileAsync("master", "AvailabilityGroup/BackupSettings.sql");
        return expected.AreShownBy(rows
            .Select(row => new ShownBackupSetting(row.Text("automated_backup_preference_desc"), row.Text("replica_server_name"), row.Number("backup_priority")))
            .ToArray());
    }

    private async Task FormAsync()
    {
        foreach (Replica replica in replicas)
        {
            await replica.Server.ExecuteFileAsync(
                "master", "AvailabilityGroup/01-CreateEndpoint.sql", new Dictionary<string, object?> { ["@MasterKeyPassword"] = SqlLogin.NewPassword() });
        }

        for (int to = 0; to < replicas.Length; to++)
        {
            for (int from = 0; from < replicas.Length; from++)
            {
                if (from == to)
                {
                    continue;
                }

                // The public certificate only (no private key): readable by the mssql user that runs SQL Server.
                byte[] certificate = await replicas[from].Server.Container.ReadFileAsync(LocalCertificateFile);
                await replicas[to].Server.Container.CopyAsync(
                    certificate,
                    PartnerCertificateFile(from),
                    0,
                    0,
                    UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.GroupRead | UnixFileModes.OtherRead);
                await replicas[to].Server.ExecuteFileAsync(
                    "master",
                    "AvailabilityGroup/ThreeReplicas/02-TrustPartnerCertificate.sql",
                    new Dictionary<string, object?> { ["@Partner"] = from, ["@PartnerLoginPassword"] = SqlLogin.NewPassword() });
            }
        }

        await Primary.Server.ExecuteFileAsync("master", "AvailabilityGroup/03-CreateAvailabilityDatabase.sql");
        await Primary.Server.ExecuteFileAsync(
            "master",
            "AvailabilityGroup/ThreeReplicas/04-CreateAvailabilityGroup.sql",
            new Dictionary<string, object?>
            {
                ["@PrimaryReplicaName"] = Primary.Name,
                ["@PrimaryEndpointUrl"] = EndpointUrl(0),
                ["@FirstSecondaryReplicaName"] = replicas[1].Name,
                ["@FirstSecondaryEndpointUrl"] = EndpointUrl(1),
                ["@SecondSecondaryReplicaName"] = replicas[2].Name,
                ["@SecondSecondaryEndpointUrl"] = EndpointUrl(2),
            });
        foreach (Replica secondary in replicas.Skip(1))
        {
            await secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/05-JoinAvailabilityGroup.sql");
        }

        foreach (Replica secondary in replicas.Skip(1))
        {
            await WaitForOwnStateAsync(secondary, "SYNCHRONIZED");
        }

        foreach (Replica replica in replicas)
        {
            await replica.Server.DeployAsync();
        }
    }

    private static Task WaitForOwnStateAsync(Replica replica, string state)
    {
        return Eventually.WaitUntilAsync(
            async () =>
            {
                IReadOnlyList<SqlRow> rows = await replica.Server.QueryFileAsync("master", "AvailabilityGroup/DatabaseSynchronizationState.sql");
                return rows.Count == 1 && rows[0].Text("synchronization_state_desc") == state;
            },
            SynchronizationTimeout,
            $"{replica.Name}'s copy of {AvailabilityGroupCluster.DatabaseName} to be {state}");
    }

    /// <summary>Waits until the primary's row for this secondary's copy shows the state: the primary learns it from the secondary.</summary>
    private Task WaitForPrimaryToShowAsync(Replica secondary, string state)
    {
        return Eventually.WaitUntilAsync(
            async () =>
            {
                IReadOnlyList<SqlRow> rows = await Primary.Server.QueryFileAsync("master", "AvailabilityGroup/ReplicaSynchronizationStates.sql");
                return rows.Any(row => string.Equals(row.Text("replica_server_name"), secondary.Name, StringComparison.OrdinalIgnoreCase)
                    && row.Text("synchronization_state_desc") == state);
            },
            SynchronizationTimeout,
            $"the primary to show {secondary.Name}'s copy of {AvailabilityGroupCluster.DatabaseName} {state}");
    }
}
