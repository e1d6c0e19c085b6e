using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The topology a live primary replica shows, in the file's terms so that what-if changes apply to it alike: its
/// availability groups with every replica's state (only the primary sees them, F8) and its availability databases. The
/// secondaries' own database states are not visible from the primary, so they take the healthy state of their
/// availability mode, as in a topology file that does not list them.
/// </summary>
public static class LiveTopology
{
    public static Topology From(ServerState state) => Read(state).ToTopology();

    internal static TopologyJson Read(ServerState state)
    {
        var groups = new List<AvailabilityGroupJson>(state.AvailabilityGroups.Count);
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

        var databases = new List<DatabaseJson>();
        foreach (DatabaseFacts database in state.Databases)
        {
            // A database in no availability group belongs to this instance alone: the other replicas' lists are not visible here.
            if (state.GroupOf(database) != null)
            {
                databases.Add(new DatabaseJson(
                    database.Name,
                    TopologyJson.Twin<StateDesc>(database.State),
                    TopologyJson.Twin<RecoveryModelDesc>(database.RecoveryModel),
                    // Known on the primary, the only replica read here; unknown counts as present, as the engine does.
                    database.HasLogBackupBase != false && database.HasDifferentialBase != false,
                    database.AvailabilityGroupName));
            }
        }

        return new TopologyJson(new InstanceJson(state.Instance.ProductMajorVersion, state.Instance.EngineEdition), groups, databases);
    }

    private static AvailabilityGroupJson Group(ServerState state, AvailabilityGroupFacts group)
    {
        var replicas = new List<ReplicaJson>(group.Replicas.Count);
        foreach (ReplicaFacts replica in group.Replicas)
        {
            replicas.Add(new ReplicaJson(
                replica.ReplicaServerName,
                TopologyJson.Twin<AvailabilityModeDesc>(replica.AvailabilityMode),
                // The DMV hides the role of a disconnected remote replica; it is not the primary, which is the instance read.
                TopologyJson.Twin<RoleDesc>(replica.Role ?? ReplicaRole.Secondary),
                replica.BackupPriority,
                // Unknown state counts like CONNECTED and ONLINE in the election (BackupElection.IsCandidate): no replica is excluded on a guess.
                replica.IsConnected == false ? ConnectedStateDesc.Disconnected : ConnectedStateDesc.Connected,
                // operational_state is NULL for every replica but the local one.
                replica.IsOnline == false ? OperationalStateDesc.Offline : OperationalStateDesc.Online,
                replica.IsLocal ? LocalDatabases(state, group) : Array.Empty<ReplicaDatabaseJson>()));
        }

        return new AvailabilityGroupJson(
            group.Name,
            replicas,
            TopologyJson.Twin<AutomatedBackupPreferenceDesc>(group.AutomatedBackupPreference),
            group.IsBasic,
            group.DistributedRole == DistributedRole.NotDistributed ? null : TopologyJson.Twin<DistributedRoleDesc>(group.DistributedRole));
    }

    private static IReadOnlyList<ReplicaDatabaseJson> LocalDatabases(ServerState state, AvailabilityGroupFacts group)
    {
        var databases = new List<ReplicaDatabaseJson>();
        foreach (DatabaseFacts database in state.Databases)
        {
            if (database.LocalReplica != null && ReferenceEquals(state.GroupOf(database), group))
            {
                databases.Add(new ReplicaDatabaseJson(
                    database.Name, TopologyJson.Twin<SynchronizationStateDesc>(database.LocalReplica.SynchronizationState), database.LocalReplica.IsSuspended));
            }
        }

        return databases;
    }
}
