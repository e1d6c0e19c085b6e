using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Networks;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>Two SQL Server containers on one private network forming an availability group with
/// CLUSTER_TYPE = NONE, deploy.sql installed on both, and the operations the scenarios need.</summary>
internal sealed class AvailabilityGroupCluster : IAsyncDisposable
{
    /// <summary>The names used in every Sql/AvailabilityGroup/*.sql file.</summary>
    public const string AvailabilityGroupName = "AgBackupClrTestAg";

    public const string DatabaseName = "AgBackupClrTestDb";

    private const string LocalCertificateFile = "/var/opt/mssql/data/AgEndpointLocalCertificate.cer";
    private const string PartnerCertificateFile = "/tmp/AgEndpointPartnerCertificate.cer";

    // Names on the cluster's private network only.
    private const string PrimaryEndpointHost = "agb-primary-endpoint";
    private const string SecondaryEndpointHost = "agb-secondary-endpoint";

    // Seeding a small database takes seconds; a slow CI machine pulling two images takes longer.
    private static readonly TimeSpan SynchronizationTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromMinutes(1);

    private readonly INetwork network;

    private AvailabilityGroupCluster(INetwork network, ReplicaNameOrder nameOrder, Replica primary, Replica secondary)
    {
        this.network = network;
        NameOrder = nameOrder;
        Primary = primary;
        Secondary = secondary;
    }

    public ReplicaNameOrder NameOrder { get; }

    public Replica Primary { get; }

    public Replica Secondary { get; }

    public static Task<AvailabilityGroupCluster> StartAsync(ReplicaNameOrder nameOrder) => StartAsync(nameOrder, SqlServerImage.Default);

    /// <param name="timeZone">Both replicas' TZ; null keeps UTC.</param>
    public static async Task<AvailabilityGroupCluster> StartAsync(ReplicaNameOrder nameOrder, SqlServerImage image, string? timeZone = null)
    {
        // Host names become @@SERVERNAME and so the replica names; they are names inside the container and
        // on its private network only, so two test runs never collide on them.
        (string primaryHost, string secondaryHost) = nameOrder switch
        {
            ReplicaNameOrder.PrimarySortsFirst => ("agb-a-primary", "agb-b-secondary"),
            ReplicaNameOrder.SecondarySortsFirst => ("agb-b-primary", "agb-a-secondary"),
            _ => throw new ArgumentOutOfRangeException(nameof(nameOrder), nameOrder, null),
        };

        INetwork network = new NetworkBuilder().Build();
        await network.CreateAsync();
        Task<SqlServerInstance> startingPrimary = SqlServerInstance.StartAsync(OnNetwork(network, primaryHost, PrimaryEndpointHost, image, timeZone));
        Task<SqlServerInstance> startingSecondary = SqlServerInstance.StartAsync(OnNetwork(network, secondaryHost, SecondaryEndpointHost, image, timeZone));
        await Task.WhenAll(startingPrimary, startingSecondary);

        var primary = new Replica(ReplicaSide.Primary, startingPrimary.Result, await startingPrimary.Result.ReadServerFactsAsync());
        var secondary = new Replica(ReplicaSide.Secondary, startingSecondary.Result, await startingSecondary.Result.ReadServerFactsAsync());
        var cluster = new AvailabilityGroupCluster(network, nameOrder, primary, secondary);
        try
        {
            await cluster.FormAsync(EndpointUrl(PrimaryEndpointHost), EndpointUrl(SecondaryEndpointHost));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public Replica On(ReplicaSide side) => side == ReplicaSide.Primary ? Primary : Secondary;

    /// <summary>Sets the preference and both priorities on the primary, then waits until both replicas see them.</summary>
    public async Task ConfigureBackupAsync(string preference, int primaryPriority, int secondaryPriority)
    {
        await Primary.Server.ExecuteFileAsync(
            "master", "AvailabilityGroup/SetBackupPreference.sql", new Dictionary<string, object?> { ["@Preference"] = preference });
        await SetBackupPriorityAsync(Primary, primaryPriority);
        await SetBackupPriorityAsync(Secondary, secondaryPriority);
        await WaitUntilBothReplicasSeeAsync(preference, primaryPriority, secondaryPriority);
    }

    /// <summary>ALTER AVAILABILITY GROUP ... MODIFY REPLICA ... BACKUP_PRIORITY, run on the primary.</summary>
    public Task SetBackupPriorityAsync(Replica replica, int priority)
    {
        return Primary.Server.ExecuteFileAsync(
            "master",
            "AvailabilityGroup/SetBackupPriority.sql",
            new Dictionary<string, object?> { ["@ReplicaName"] = replica.Name, ["@BackupPriority"] = priority });
    }

    public Task WaitUntilBothReplicasSeeAsync(string preference, int primaryPriority, int secondaryPriority)
    {
        var expected = new ExpectedBackupSettings(preference, Primary.Name, primaryPriority, Secondary.Name, secondaryPriority);
        return Eventually.WaitUntilAsync(
            async () => await SeesAsync(Primary, expected) && await SeesAsync(Secondary, expected),
            MetadataTimeout,
            string.Create(CultureInfo.InvariantCulture, $"both replicas to show {preference} with priorities {primaryPriority}/{secondaryPriority}"));
    }

    public async Task<bool> IsPreferredAsync(Replica replica)
    {
        SqlRow row = await replica.Server.QuerySingleFileAsync(
            "master", "AvailabilityGroup/IsPreferredReplica.sql", new Dictionary<string, object?> { ["@DatabaseName"] = DatabaseName });
        return row.Flag("is_preferred_replica") ?? false;
    }

    /// <summary>dbo.usp_BackupIfPreferred for the availability database, to NUL (a regular FULL to a folder), from the utility database.</summary>
    public Task<ProcedureOutcome> DecideAsync(Replica replica, BackupKind kind, bool execute)
    {
        return replica.Server.BackUpAsync(BackupRequest.Discarded(DatabaseName, kind, execute));
    }

    /// <summary>A real run of the procedure for the availability database, and what that replica's msdb recorded.</summary>
    public Task<RecordedRun> BackUpRecordedAsync(Replica replica, BackupKind kind)
    {
        return replica.Server.BackUpRecordedAsync(BackupRequest.Discarded(DatabaseName, kind, execute: true), DatabaseName);
    }

    public Task<SqlRow> ValidateAsync(Replica replica, BackupKind kind)
    {
        return replica.Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Common/ValidateBackupRequest.sql",
            new Dictionary<string, object?>
            {
                ["@DatabaseName"] = DatabaseName,
                ["@BackupType"] = kind.BackupType(),
                ["@CopyOnly"] = kind.IsCopyOnly(),
            });
    }

    public async Task<NativeBackupOutcome> NativeBackupAsync(Replica replica, BackupKind kind)
    {
        await using SqlConnection connection = await replica.Server.OpenAsync("master");
        return await NativeBackupOutcome.RunAsync(connection, DatabaseName, kind);
    }

    public Task<int> CountBackupsAsync(Replica replica) => replica.Server.CountBackupsAsync(DatabaseName);

    /// <summary>The availability database's state_desc in this replica's sys.databases, and whether the replica is readable.</summary>
    public Task<SqlRow> DatabaseStateAsync(Replica replica)
    {
        return replica.Server.QuerySingleFileAsync("master", "AvailabilityGroup/DatabaseStateHere.sql");
    }

    public async Task<BackupBaseLsns> BaseLsnsAsync(Replica replica)
    {
        return BackupBaseLsns.From(await replica.Server.QuerySingleFileAsync("master", "AvailabilityGroup/BackupBaseLsns.sql"));
    }

    /// <summary>dbo.fn_BackupStatus's row for the availability database on this replica, with the replica's UTC clock (server_utc_now).</summary>
    public Task<SqlRow> BackupStatusAsync(Replica replica)
    {
        return replica.Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase, "Common/BackupStatus.sql", new Dictionary<string, object?> { ["@DatabaseName"] = DatabaseName });
    }

    /// <summary>Empties this replica's msdb history of the availability database: other fixtures back it up too.</summary>
    public Task DeleteBackupHistoryAsync(Replica replica)
    {
        return replica.Server.ExecuteFileAsync(
            "master", "Common/DeleteBackupHistory.sql", new Dictionary<string, object?> { ["@DatabaseName"] = DatabaseName });
    }

    public async Task SuspendDataMovementOnSecondaryAsync()
    {
        await Secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/SuspendDataMovement.sql");
        await WaitForSecondaryStateAsync("NOT SYNCHRONIZING");
    }

    public async Task ResumeDataMovementOnSecondaryAsync()
    {
        await Secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/ResumeDataMovement.sql");
        await WaitForSecondaryStateAsync("SYNCHRONIZED");
    }

    public async ValueTask DisposeAsync()
    {
        await Primary.Server.DisposeAsync();
        await Secondary.Server.DisposeAsync();
        await network.DisposeAsync();
    }

    private static MsSqlBuilder OnNetwork(INetwork network, string host, string endpointHost, SqlServerImage image, string? timeZone)
    {
        // The endpoint is reached by an alias of its own, not by the host name: the host name is chosen for the replica
        // name it becomes, not for Docker's DNS.
        return SqlServerContainers.CreateBuilder(image, timeZone)
            .WithNetwork(network)
            .WithNetworkAliases(endpointHost)
            .WithHostname(host);
    }

    private static string EndpointUrl(string host)
    {
        return string.Create(CultureInfo.InvariantCulture, $"TCP://{host}:{SqlServerContainers.EndpointPort}");
    }

    private static async Task<bool> SeesAsync(Replica replica, ExpectedBackupSettings expected)
    {
        IReadOnlyList<SqlRow> rows = await replica.Server.QueryFileAsync("master", "AvailabilityGroup/BackupSettings.sql");
        return expected.AreShownBy(rows
            .Select(row => new ShownBackupSetting(row.Text("automated_backup_preference_desc"), row.Text("replica_server_name"), row.Number("backup_priority")))
            .ToArray());
    }

    private async Task FormAsync(string primaryEndpointUrl, string secondaryEndpointUrl)
    {
        var endpointArguments = new Dictionary<string, object?> { ["@MasterKeyPassword"] = SqlLogin.NewPassword() };
        await Primary.Server.ExecuteFileAsync("master", "AvailabilityGroup/01-CreateEndpoint.sql", endpointArguments);
        await Secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/01-CreateEndpoint.sql", endpointArguments);

        await CopyCertificateAsync(Primary, Secondary);
        await CopyCertificateAsync(Secondary, Primary);

        var trustArguments = new Dictionary<string, object?> { ["@PartnerLoginPassword"] = SqlLogin.NewPassword() };
        await Primary.Server.ExecuteFileAsync("master", "AvailabilityGroup/02-TrustPartnerCertificate.sql", trustArguments);
        await Secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/02-TrustPartnerCertificate.sql", trustArguments);

        await Primary.Server.ExecuteFileAsync("master", "AvailabilityGroup/03-CreateAvailabilityDatabase.sql");
        await Primary.Server.ExecuteFileAsync(
            "master",
            "AvailabilityGroup/04-CreateAvailabilityGroup.sql",
            new Dictionary<string, object?>
            {
                ["@PrimaryReplicaName"] = Primary.Name,
                ["@PrimaryEndpointUrl"] = primaryEndpointUrl,
                ["@SecondaryReplicaName"] = Secondary.Name,
                ["@SecondaryEndpointUrl"] = secondaryEndpointUrl,
            });
        await Secondary.Server.ExecuteFileAsync("master", "AvailabilityGroup/05-JoinAvailabilityGroup.sql");
        await WaitForSecondaryStateAsync("SYNCHRONIZED");

        await Primary.Server.DeployAsync();
        await Secondary.Server.DeployAsync();
    }

    private static async Task CopyCertificateAsync(Replica from, Replica to)
    {
        // The public certificate only (no private key): readable by the mssql user that runs SQL Server.
        byte[] certificate = await from.Server.Container.ReadFileAsync(LocalCertificateFile);
        await to.Server.Container.CopyAsync(
            certificate,
            PartnerCertificateFile,
            0,
            0,
            UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.GroupRead | UnixFileModes.OtherRead);
    }

    /// <summary>Waits until the primary's row for the secondary's copy shows this state: the primary learns it from the secondary.</summary>
    public Task WaitForPrimaryToSeeSecondaryStateAsync(string state) =>
        WaitForStateAsync(Primary, "AvailabilityGroup/RemoteSynchronizationState.sql", state, $"the primary to show the secondary's copy of {DatabaseName} {state}");

    private Task WaitForSecondaryStateAsync(string state) =>
        WaitForStateAsync(Secondary, "AvailabilityGroup/DatabaseSynchronizationState.sql", state, $"the secondary's copy of {DatabaseName} to be {state}");

    /// <summary>Waits until the one row the file returns on the replica has this synchronization_state_desc.</summary>
    private static Task WaitForStateAsync(Replica replica, string file, string state, string description)
    {
        return Eventually.WaitUntilAsync(
            async () =>
            {
                IReadOnlyList<SqlRow> rows = await replica.Server.QueryFileAsync("master", file);
                return rows.Count == 1 && rows[0].Text("synchronization_state_desc") == state;
            },
            SynchronizationTimeout,
            description);
    }
}
