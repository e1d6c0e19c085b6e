using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The topology live replicas show, one ServerState per --server, in the file's terms so that what-if changes and
/// --dump-topology apply to it alike. Only a group's primary sees every replica's role and connection (docs/rules.md F8), so each
/// group is taken from its primary; each other replica read adds what only it sees: its own role, connection,
/// operational state and the synchronization state of its databases. A replica not read keeps what the primary shows,
/// and its databases take the healthy state of its availability mode, as in a topology file that does not list them.
/// </summary>
public static class LiveTopology
{
    public static Topology From(IReadOnlyList<ServerState> states) => Read(states).ToTopology();

    internal static TopologyJson Read(IReadOnlyList<ServerState> states)
    {
        var groups = new List<AvailabilityGroupJson>();
        var databases = new List<DatabaseJson>();
        ServerState? first = null;
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ServerState state in states)
        {
            if (!read.Add(state.Instance.ServerName))
            {
                throw new TopologyException(Echo.Quote(state.Instance.ServerName) + " is read twice; give one --server per replica.");
            }

            foreach (AvailabilityGroupFacts group in state.AvailabilityGroups)
            {
                if (group.LocalRole != ReplicaRole.Primary)
                {
                    continue;
                }

                if (groups.Exists(known => string.Equals(known.Name, group.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new TopologyException(
                        state.Instance.ServerName + " is PRIMARY of availability group " + Echo.Quote(group.Name) + ", and so is another server read.");
                }

                first ??= state;
                groups.Add(Group(state, group, first.Instance));
                databases.AddRange(Databases(state, group));
            }
        }

        foreach (ServerState state in states)
        {
            foreach (AvailabilityGroupFacts group in state.AvailabilityGroups)
            {
                int index = groups.FindIndex(known => string.Equals(known.Name, group.Name, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    throw new TopologyException(
                        state.Instance.ServerName + " is " + (group.LocalRole == null ? "a replica" : SqlNames.Of(group.LocalRole.Value))
                        + " of availability group " + Echo.Quote(group.Name) + ", and only its primary replica sees every replica's state; "
                        + "give one --server for the primary replica too.");
                }

                if (group.LocalRole != ReplicaRole.Primary)
                {
                    groups[index] = AsSeenBy(state, group, groups[index], first!.Instance);
                }
            }
        }

        if (first == null)
        {
            throw new TopologyException(
                "no availability group on " + string.Join(", ", read) + "; --server reads the replicas of availability groups.");
        }

        // Instances of one group run one version and edition, but for an upgrade in progress: the first primary's are the
        // instance's, and a replica read that differs gives its own. A replica not read is taken to run the instance's.
        return new TopologyJson(new InstanceJson(first.Instance.ProductMajorVersion, first.Instance.EngineEdition), groups, databases);
    }

    /// <summary>The group as its primary sees it: every replica's role and connection; the local replica's own databases and instance.</summary>
    private static AvailabilityGroupJson Group(ServerState state, AvailabilityGroupFacts group, InstanceFacts instance)
    {
        var replicas = new List<ReplicaJson>(group.Replicas.Count);
        foreach (ReplicaFacts replica in group.Replicas)
        {
            var read = new ReplicaJson(
                replica.ReplicaServerName,
                TopologyJson.Twin<AvailabilityModeDesc>(replica.AvailabilityMode),
                // The DMV hides the role of a disconnected remote replica; it is not the primary, which is the instance read.
                TopologyJson.Twin<RoleDesc>(replica.Role ?? ReplicaRole.Secondary),
                replica.BackupPriority,
                // Unknown state counts like CONNECTED and ONLINE in the election (BackupElection.IsCandidate): no replica is excluded on a guess.
                replica.IsConnected == false ? ConnectedStateDesc.Disconnected : ConnectedStateDesc.Connected,
                // operational_state is NULL for every replica but the local one.
                replica.IsOnline == false ? OperationalStateDesc.Offline : OperationalStateDesc.Online,
                replica.IsLocal ? States(state, group) : null);
            replicas.Add(replica.IsLocal ? WithInstance(read, state, instance) : read);
        }

        return new AvailabilityGroupJson(
            group.Name,
            replicas,
            TopologyJson.Twin<AutomatedBackupPreferenceDesc>(group.AutomatedBackupPreference),
            group.IsBasic,
            group.DistributedRole == DistributedRole.NotDistributed ? null : TopologyJson.Twin<DistributedRoleDesc>(group.DistributedRole));
    }

    /// <summary>The group with the local replica of this instance as the instance itself sees it.</summary>
    private static AvailabilityGroupJson AsSeenBy(ServerState state, AvailabilityGroupFacts group, AvailabilityGroupJson known, InstanceFacts instance)
    {
        ReplicaFacts local = group.LocalReplica!;
        var replicas = new List<ReplicaJson>(known.Replicas);
        int index = replicas.FindIndex(replica => string.Equals(replica.ReplicaServerName, local.ReplicaServerName, StringComparison.OrdinalIgnoreCase));
        replicas[index] = WithInstance(replicas[index], state, instance) with
        {
            Role = TopologyJson.Twin<RoleDesc>(local.Role ?? ReplicaRole.Resolving),
            ConnectedState = local.IsConnected == false ? ConnectedStateDesc.Disconnected : ConnectedStateDesc.Connected,
            OperationalState = local.IsOnline == false ? OperationalStateDesc.Offline : OperationalStateDesc.Online,
            Databases = States(state, group),
        };
        return known with { Replicas = replicas };
    }

    /// <summary>
    /// The replica with what its own instance shows: its SERVERPROPERTY values where they differ from the instance's, the
    /// certificates and the asymmetric keys in an EKM provider in its master (the only keys backup encryption takes), and
    /// its credentials.
    /// </summary>
    private static ReplicaJson WithInstance(ReplicaJson replica, ServerState state, InstanceFacts instance)
    {
        var certificates = new List<string>();
        foreach (CertificateFacts certificate in state.Certificates)
        {
            certificates.Add(certificate.Name);
        }

        var keys = new List<string>();
        foreach (AsymmetricKeyFacts key in state.AsymmetricKeys)
        {
            if (key.IsInExtensibleKeyManagement)
            {
                keys.Add(key.Name);
            }
        }

        var credentials = new List<CredentialJson>();
        foreach (CredentialFacts credential in state.Credentials)
        {
            credentials.Add(new CredentialJson(credential.Name, credential.Identity));
        }

        return replica with
        {
            ProductMajorVersion = state.Instance.ProductMajorVersion == instance.ProductMajorVersion ? null : state.Instance.ProductMajorVersion,
            EngineEdition = state.Instance.EngineEdition == instance.EngineEdition ? null : state.Instance.EngineEdition,
            Certificates = certificates.Count == 0 ? null : certificates,
            AsymmetricKeys = keys.Count == 0 ? null : keys,
            Credentials = credentials.Count == 0 ? null : credentials,
        };
    }

    /// <summary>The group's databases as its primary shows them; the log and differential bases are known there only.</summary>
    private static IEnumerable<DatabaseJson> Databases(ServerState state, AvailabilityGroupFacts group)
    {
        foreach (DatabaseFacts database in state.Databases)
        {
            if (ReferenceEquals(state.GroupOf(database), group))
            {
                yield return new DatabaseJson(
                    database.Name,
                    TopologyJson.Twin<StateDesc>(database.State),
                    TopologyJson.Twin<RecoveryModelDesc>(database.RecoveryModel),
                    // Unknown counts as present, as the engine does.
                    database.HasLogBackupBase != false && database.HasDifferentialBase != false,
                    group.Name);
            }
        }
    }

    /// <summary>sys.dm_hadr_database_replica_states as this instance shows it for its own databases of the group.</summary>
    private static IReadOnlyList<ReplicaDatabaseJson> States(ServerState state, AvailabilityGroupFacts group)
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
