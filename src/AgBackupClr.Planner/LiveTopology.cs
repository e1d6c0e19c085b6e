using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The topology a live primary replica shows: its availability groups with every replica's state (only the primary
/// sees them, F8) and its availability databases. The secondaries' own database states are not visible from the
/// primary, so they take the healthy state of their availability mode, as in a topology file that does not list them.
/// </summary>
public static class LiveTopology
{
    public static Topology From(ServerState state)
    {
        var groups = new List<TopologyGroup>(state.AvailabilityGroups.Count);
        foreach (AvailabilityGroupFacts group in state.AvailabilityGroups)
        {
            if (group.LocalRole != ReplicaRole.Primary)
            {
                throw new TopologyException(
                    state.Instance.ServerName + " is " + (group.LocalRole == null ? "not a replica" : SqlNames.Of(group.LocalRole.Value))
                    + " of availability group \"" + group.Name + "\", and only the primary replica sees every replica's state; connect to the primary replica.");
            }

            groups.Add(Group(state, group));
        }

        var databases = new List<TopologyDatabase>();
        foreach (DatabaseFacts database in state.Databases)
        {
            // A database in no availability group belongs to this instance alone: the other replicas' lists are not visible here.
            if (state.GroupOf(database) != null)
            {
                databases.Add(new TopologyDatabase(
                    database.Name,
                    database.State,
                    database.RecoveryModel,
                    // Known on the primary, the only replica read here.
                    database.HasLogBackupBase != false,
                    database.HasDifferentialBase != false,
                    database.AvailabilityGroupName));
            }
        }

        return new Topology(new TopologyInstance(state.Instance.ProductMajorVersion, state.Instance.EngineEdition), groups, databases);
    }

    private static TopologyGroup Group(ServerState state, AvailabilityGroupFacts group)
    {
        var replicas = new List<TopologyReplica>(group.Replicas.Count);
        foreach (ReplicaFacts replica in group.Replicas)
        {
            replicas.Add(new TopologyReplica(
                replica.ReplicaServerName,
                replica.BackupPriority,
                replica.AvailabilityMode,
                // The DMV hides the role of a disconnected remote replica; it is not the primary, which is the instance read.
                replica.Role ?? ReplicaRole.Secondary,
                // Unknown state counts like CONNECTED and ONLINE in the election (BackupElection.IsCandidate): no replica is excluded on a guess.
                replica.IsConnected ?? true,
                // operational_state is NULL for every replica but the local one.
                replica.IsOnline ?? true,
                replica.IsLocal ? LocalDatabases(state, group) : Array.Empty<TopologyDatabaseReplica>()));
        }

        return new TopologyGroup(group.Name, group.AutomatedBackupPreference, group.IsBasic, group.DistributedRole, replicas);
    }

    private static IReadOnlyList<TopologyDatabaseReplica> LocalDatabases(ServerState state, AvailabilityGroupFacts group)
    {
        var databases = new List<TopologyDatabaseReplica>();
        foreach (DatabaseFacts database in state.Databases)
        {
            if (database.LocalReplica != null && ReferenceEquals(state.GroupOf(database), group))
            {
                databases.Add(new TopologyDatabaseReplica(database.Name, database.LocalReplica.SynchronizationState, database.LocalReplica.IsSuspended));
            }
        }

        return databases;
    }
}
