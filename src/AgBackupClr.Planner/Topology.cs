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
    IReadOnlyList<TopologyDatabase> Databases);

/// <summary>SERVERPROPERTY('ProductMajorVersion') and SERVERPROPERTY('EngineEdition'), the same on every replica.</summary>
public sealed record TopologyInstance(int ProductMajorVersion, int EngineEdition);

/// <summary>A row of sys.availability_groups with its replicas.</summary>
public sealed record TopologyGroup(
    string Name,
    AutomatedBackupPreference AutomatedBackupPreference,
    bool BasicFeatures,
    DistributedRole DistributedRole,
    IReadOnlyList<TopologyReplica> Replicas);

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
    /// <summary>
    /// The state of one of its databases: as listed, or else what a healthy replica shows in this availability mode
    /// (a synchronous-commit secondary keeps up and is SYNCHRONIZED; an asynchronous-commit one is always SYNCHRONIZING).
    /// </summary>
    public TopologyDatabaseReplica StateOf(string databaseName)
    {
        foreach (TopologyDatabaseReplica database in Databases)
        {
            if (string.Equals(database.DatabaseName, databaseName, StringComparison.OrdinalIgnoreCase))
            {
                return database;
            }
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
