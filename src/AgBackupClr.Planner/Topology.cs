using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The truth about a set of replicas at one moment, as the topology file states it: every replica's role and
/// state, whoever could see it. The planner derives from it what each replica itself would see.
/// </summary>
public sealed record Topology(
    TopologyInstance Instance,
    IReadOnlyList<TopologyGroup> AvailabilityGroups,
    IReadOnlyList<TopologyDatabase> Databases)
{
    /// <summary>The version and edition of a replica's instance: its own where the file gives them (a rolling upgrade), else the instance's.</summary>
    public TopologyInstance InstanceOf(TopologyReplica replica) =>
        new TopologyInstance(replica.ProductMajorVersion ?? Instance.ProductMajorVersion, replica.EngineEdition ?? Instance.EngineEdition);

    /// <summary>
    /// The state of one of the replica's databases: as listed; else, on a secondary older than its group's primary, NOT
    /// SYNCHRONIZING and suspended, because an upgraded primary ships no log to an instance not yet upgraded to its version
    /// (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md);
    /// else what a healthy replica shows in its availability mode.
    /// </summary>
    public TopologyDatabaseReplica StateOf(TopologyGroup group, TopologyReplica replica, string databaseName) =>
        replica.Listed(databaseName)
        ?? (IsOlderThanPrimary(group, replica)
            ? new TopologyDatabaseReplica(databaseName, SynchronizationState.NotSynchronizing, true)
            : replica.StateOf(databaseName));

    /// <summary>A secondary whose instance runs an older major version than the group's primary: it receives no log.</summary>
    public bool IsOlderThanPrimary(TopologyGroup group, TopologyReplica replica)
    {
        TopologyReplica? primary = group.Primary;
        return primary != null && VersionOf(replica) < VersionOf(primary);
    }

    private int VersionOf(TopologyReplica replica) => replica.ProductMajorVersion ?? Instance.ProductMajorVersion;
}

/// <summary>SERVERPROPERTY('ProductMajorVersion') and SERVERPROPERTY('EngineEdition') of every replica that does not give its own.</summary>
public sealed record TopologyInstance(int ProductMajorVersion, int EngineEdition);

/// <summary>A row of sys.availability_groups with its replicas.</summary>
public sealed record TopologyGroup(
    string Name,
    AutomatedBackupPreference AutomatedBackupPreference,
    bool BasicFeatures,
    DistributedRole DistributedRole,
    IReadOnlyList<TopologyReplica> Replicas)
{
    public TopologyReplica? Primary
    {
        get
        {
            for (int i = 0; i < Replicas.Count; i++)
            {
                if (Replicas[i].Role == ReplicaRole.Primary)
                {
                    return Replicas[i];
                }
            }

            return null;
        }
    }
}

/// <summary>
/// A row of sys.availability_replicas, the state it has (sys.dm_hadr_availability_replica_states as the replica
/// itself reports it) and the state of each of its databases (sys.dm_hadr_database_replica_states).
/// </summary>
public sealed record TopologyReplica(
    string ReplicaServerName,
    int BackupPriority,
    AvailabilityMode AvailabilityMode,
    ReplicaRole Role,
    bool IsConnected,
    bool IsOnline,
    IReadOnlyList<TopologyDatabaseReplica> Databases)
{
    /// <summary>SERVERPROPERTY('ProductMajorVersion') of this replica's instance; null: the topology instance's (Topology.InstanceOf).</summary>
    public int? ProductMajorVersion { get; init; }

    /// <summary>SERVERPROPERTY('EngineEdition') of this replica's instance; null: the topology instance's.</summary>
    public int? EngineEdition { get; init; }

    /// <summary>The names of the certificates in master on this replica's instance (master.sys.certificates).</summary>
    public IReadOnlyList<string> Certificates { get; init; } = Array.Empty<string>();

    /// <summary>The names of the asymmetric keys in master in an Extensible Key Management provider (master.sys.asymmetric_keys).</summary>
    public IReadOnlyList<string> AsymmetricKeys { get; init; } = Array.Empty<string>();

    /// <summary>The server credentials of this replica's instance (sys.credentials).</summary>
    public IReadOnlyList<CredentialFacts> Credentials { get; init; } = Array.Empty<CredentialFacts>();

    /// <summary>The state the topology lists for one of its databases, or null.</summary>
    public TopologyDatabaseReplica? Listed(string databaseName)
    {
        // Indexed, not foreach: an IReadOnlyList's enumerator is boxed, and this runs for every database and replica of a plan.
        for (int i = 0; i < Databases.Count; i++)
        {
            if (string.Equals(Databases[i].DatabaseName, databaseName, StringComparison.OrdinalIgnoreCase))
            {
                return Databases[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The state of one of its databases: as listed, or else what a healthy replica shows in this availability mode
    /// (a synchronous-commit secondary keeps up and is SYNCHRONIZED; an asynchronous-commit one is always SYNCHRONIZING).
    /// Topology.StateOf also knows what a rolling upgrade changes.
    /// </summary>
    public TopologyDatabaseReplica StateOf(string databaseName)
    {
        if (Listed(databaseName) is TopologyDatabaseReplica listed)
        {
            return listed;
        }

        SynchronizationState healthy = AvailabilityMode == AvailabilityMode.AsynchronousCommit
            ? SynchronizationState.Synchronizing
            : SynchronizationState.Synchronized;
        return new TopologyDatabaseReplica(databaseName, healthy, false);
    }
}

/// <summary>The state of one availability database on one replica.</summary>
public sealed record TopologyDatabaseReplica(string DatabaseName, SynchronizationState SynchronizationState, bool IsSuspended);

/// <summary>
/// A row of sys.databases. A database in an availability group exists on each of its replicas; a database in none
/// (master, msdb) exists on every replica of the topology, each instance with its own copy.
/// </summary>
public sealed record TopologyDatabase(
    string Name,
    DatabaseState State,
    RecoveryModel RecoveryModel,
    bool HasLogBackupBase,
    bool HasDifferentialBase,
    string? AvailabilityGroupName);
