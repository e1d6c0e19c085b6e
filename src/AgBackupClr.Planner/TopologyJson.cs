using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

// The topology file as System.Text.Json reads it. Property names come from the constructor parameters through the
// snake_case naming policy, so they are SQL Server's column names; a parameter without a default is required, one with
// a default is SQL Server's default. Values of *_desc columns are enums spelt exactly as SQL Server shows them; each
// enum's member names are the engine enum's, and a test checks that every spelling equals the engine's SqlNames.

/// <summary>The whole file.</summary>
internal sealed record TopologyJson(
    InstanceJson Instance,
    IReadOnlyList<AvailabilityGroupJson> AvailabilityGroups,
    IReadOnlyList<DatabaseJson> Databases)
{
    /// <summary>The planner's model of what the file says; call after TopologyRules.Check, which rules out null items.</summary>
    public Topology ToTopology()
    {
        var topologyGroups = new List<TopologyGroup>(AvailabilityGroups.Count);
        foreach (AvailabilityGroupJson group in AvailabilityGroups)
        {
            var replicas = new List<TopologyReplica>(group.Replicas.Count);
            foreach (ReplicaJson replica in group.Replicas)
            {
                var states = new List<TopologyDatabaseReplica>();
                foreach (ReplicaDatabaseJson state in replica.Databases ?? Array.Empty<ReplicaDatabaseJson>())
                {
                    states.Add(new TopologyDatabaseReplica(state.DatabaseName, Twin<SynchronizationState>(state.SynchronizationState), state.IsSuspended));
                }

                var credentials = new List<CredentialFacts>();
                foreach (CredentialJson credential in replica.Credentials ?? Array.Empty<CredentialJson>())
                {
                    credentials.Add(new CredentialFacts(credential.Name, credential.CredentialIdentity));
                }

                replicas.Add(new TopologyReplica(
                    replica.ReplicaServerName,
                    replica.BackupPriority,
                    Twin<AvailabilityMode>(replica.AvailabilityMode),
                    Twin<ReplicaRole>(replica.Role),
                    replica.ConnectedState == ConnectedStateDesc.Connected,
                    replica.OperationalState == OperationalStateDesc.Online,
                    states)
                {
                    ProductMajorVersion = replica.ProductMajorVersion,
                    EngineEdition = replica.EngineEdition,
                    Certificates = replica.Certificates ?? Array.Empty<string>(),
                    AsymmetricKeys = replica.AsymmetricKeys ?? Array.Empty<string>(),
                    Credentials = credentials,
                });
            }

            topologyGroups.Add(new TopologyGroup(
                group.Name,
                Twin<AutomatedBackupPreference>(group.AutomatedBackupPreference),
                group.BasicFeatures,
                group.DistributedRole == null ? DistributedRole.NotDistributed : Twin<DistributedRole>(group.DistributedRole.Value),
                replicas));
        }

        var databases = new List<TopologyDatabase>(Databases.Count);
        foreach (DatabaseJson database in Databases)
        {
            databases.Add(new TopologyDatabase(
                database.Name,
                Twin<DatabaseState>(database.State),
                Twin<RecoveryModel>(database.RecoveryModel),
                database.HasFullBackup,
                database.HasFullBackup,
                database.AvailabilityGroup));
        }

        return new Topology(new TopologyInstance(Instance.ProductMajorVersion, Instance.EngineEdition), topologyGroups, databases);
    }

    /// <summary>
    /// The value of the same member name in the twin enum: the engine's for a file value, the file's for an engine value
    /// (TopologyJsonTests checks that every name has its twin).
    /// </summary>
    internal static TTwin Twin<TTwin>(Enum value)
        where TTwin : struct, Enum =>
        Enum.Parse<TTwin>(value.ToString());
}

/// <summary>SERVERPROPERTY('ProductMajorVersion') and SERVERPROPERTY('EngineEdition') of every replica that does not give its own.</summary>
internal sealed record InstanceJson(int ProductMajorVersion, int EngineEdition);

/// <summary>A row of sys.availability_groups with its replicas; absent properties take CREATE AVAILABILITY GROUP's defaults.</summary>
internal sealed record AvailabilityGroupJson(
    string Name,
    IReadOnlyList<ReplicaJson> Replicas,
    AutomatedBackupPreferenceDesc AutomatedBackupPreference = AutomatedBackupPreferenceDesc.Secondary,
    bool BasicFeatures = false,
    DistributedRoleDesc? DistributedRole = null);

/// <summary>
/// A row of sys.availability_replicas with its state; a replica is CONNECTED and ONLINE unless the file says otherwise.
/// Its instance's SERVERPROPERTY values are the instance's unless given (a rolling upgrade), and what its master
/// (certificates, asymmetric keys) and sys.credentials hold is what backup options need.
/// </summary>
internal sealed record ReplicaJson(
    string ReplicaServerName,
    AvailabilityModeDesc AvailabilityMode,
    RoleDesc Role,
    int BackupPriority = 50,
    ConnectedStateDesc ConnectedState = ConnectedStateDesc.Connected,
    OperationalStateDesc OperationalState = OperationalStateDesc.Online,
    IReadOnlyList<ReplicaDatabaseJson>? Databases = null,
    int? ProductMajorVersion = null,
    int? EngineEdition = null,
    IReadOnlyList<string>? Certificates = null,
    IReadOnlyList<string>? AsymmetricKeys = null,
    IReadOnlyList<CredentialJson>? Credentials = null);

/// <summary>A row of sys.credentials: its name and credential_identity ('SHARED ACCESS SIGNATURE', 'Managed Identity', 'S3 Access Key', an account name).</summary>
internal sealed record CredentialJson(string Name, string CredentialIdentity);

/// <summary>A row of sys.dm_hadr_database_replica_states.</summary>
internal sealed record ReplicaDatabaseJson(string DatabaseName, SynchronizationStateDesc SynchronizationState, bool IsSuspended = false);

/// <summary>A row of sys.databases; has_full_backup says a base for LOG and DIFF exists.</summary>
internal sealed record DatabaseJson(
    string Name,
    StateDesc State = StateDesc.Online,
    RecoveryModelDesc RecoveryModel = RecoveryModelDesc.Full,
    bool HasFullBackup = true,
    string? AvailabilityGroup = null);

/// <summary>sys.availability_groups.automated_backup_preference_desc.</summary>
internal enum AutomatedBackupPreferenceDesc
{
    [JsonStringEnumMemberName("PRIMARY")] Primary, [JsonStringEnumMemberName("SECONDARY_ONLY")] SecondaryOnly,
    [JsonStringEnumMemberName("SECONDARY")] Secondary, [JsonStringEnumMemberName("NONE")] None,
}

/// <summary>sys.availability_replicas.availability_mode_desc.</summary>
internal enum AvailabilityModeDesc
{
    [JsonStringEnumMemberName("ASYNCHRONOUS_COMMIT")] AsynchronousCommit, [JsonStringEnumMemberName("SYNCHRONOUS_COMMIT")] SynchronousCommit,
    [JsonStringEnumMemberName("CONFIGURATION_ONLY")] ConfigurationOnly,
}

/// <summary>sys.dm_hadr_availability_replica_states.role_desc.</summary>
internal enum RoleDesc
{
    [JsonStringEnumMemberName("RESOLVING")] Resolving, [JsonStringEnumMemberName("PRIMARY")] Primary,
    [JsonStringEnumMemberName("SECONDARY")] Secondary,
}

/// <summary>sys.dm_hadr_availability_replica_states.connected_state_desc.</summary>
internal enum ConnectedStateDesc
{
    [JsonStringEnumMemberName("CONNECTED")] Connected, [JsonStringEnumMemberName("DISCONNECTED")] Disconnected,
}

/// <summary>sys.dm_hadr_availability_replica_states.operational_state_desc: only ONLINE can take a backup.</summary>
internal enum OperationalStateDesc
{
    [JsonStringEnumMemberName("PENDING_FAILOVER")] PendingFailover, [JsonStringEnumMemberName("PENDING")] Pending,
    [JsonStringEnumMemberName("ONLINE")] Online, [JsonStringEnumMemberName("OFFLINE")] Offline, [JsonStringEnumMemberName("FAILED")] Failed,
    [JsonStringEnumMemberName("FAILED_NO_QUORUM")] FailedNoQuorum,
}

/// <summary>
/// The role_desc this availability group has in its distributed availability group: PRIMARY when it holds the global
/// primary, SECONDARY when its primary is the forwarder. Absent (or null) when the group is not distributed.
/// </summary>
internal enum DistributedRoleDesc
{
    [JsonStringEnumMemberName("PRIMARY")] GlobalPrimary, [JsonStringEnumMemberName("SECONDARY")] Secondary,
}

/// <summary>sys.dm_hadr_database_replica_states.synchronization_state_desc.</summary>
internal enum SynchronizationStateDesc
{
    [JsonStringEnumMemberName("NOT SYNCHRONIZING")] NotSynchronizing, [JsonStringEnumMemberName("SYNCHRONIZING")] Synchronizing,
    [JsonStringEnumMemberName("SYNCHRONIZED")] Synchronized, [JsonStringEnumMemberName("REVERTING")] Reverting,
    [JsonStringEnumMemberName("INITIALIZING")] Initializing,
}

/// <summary>sys.databases.state_desc.</summary>
internal enum StateDesc
{
    [JsonStringEnumMemberName("ONLINE")] Online, [JsonStringEnumMemberName("RESTORING")] Restoring,
    [JsonStringEnumMemberName("RECOVERING")] Recovering, [JsonStringEnumMemberName("RECOVERY_PENDING")] RecoveryPending,
    [JsonStringEnumMemberName("SUSPECT")] Suspect, [JsonStringEnumMemberName("EMERGENCY")] Emergency, [JsonStringEnumMemberName("OFFLINE")] Offline,
    [JsonStringEnumMemberName("COPYING")] Copying, [JsonStringEnumMemberName("OFFLINE_SECONDARY")] OfflineSecondary,
}

/// <summary>sys.databases.recovery_model_desc.</summary>
internal enum RecoveryModelDesc
{
    [JsonStringEnumMemberName("FULL")] Full, [JsonStringEnumMemberName("BULK_LOGGED")] BulkLogged, [JsonStringEnumMemberName("SIMPLE")] Simple,
}
