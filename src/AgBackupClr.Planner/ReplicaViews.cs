using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Planner;

/// <summary>
/// What one replica's instance would read from its own DMVs, built from the topology's full truth. Only the
/// primary sees the other replicas' states (docs/rules.md F8); a secondary sees its own row and nothing else of the others.
/// </summary>
public static class ReplicaViews
{
    /// <summary>
    /// The replica each availability group's backups go to: the engine's election over every replica's true state.
    /// It stands in for sys.fn_hadr_backup_is_preferred_replica, whose tie-break between equal priorities SQL Server
    /// does not document; the election breaks ties by the lowest replica name.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> PreferredReplicas(Topology topology)
    {
        var preferred = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (TopologyGroup group in topology.AvailabilityGroups)
        {
            var replicas = new List<ReplicaFacts>(group.Replicas.Count);
            foreach (TopologyReplica replica in group.Replicas)
            {
                replicas.Add(new ReplicaFacts(
                    replica.ReplicaServerName, replica.BackupPriority, replica.AvailabilityMode, replica.Role, IsConnected(group, replica), replica.IsOnline, false));
            }

            preferred.Add(group.Name, BackupElection.Elect(Group(group, replicas)).Winner?.ReplicaServerName);
        }

        return preferred;
    }

    /// <summary>The instances that hold databases: every replica that is not CONFIGURATION_ONLY, in the order the file names them.</summary>
    public static IReadOnlyList<string> Servers(Topology topology)
    {
        var servers = new List<string>();
        foreach (TopologyGroup group in topology.AvailabilityGroups)
        {
            foreach (TopologyReplica replica in group.Replicas)
            {
                if (replica.AvailabilityMode != AvailabilityMode.ConfigurationOnly
                    && !servers.Exists(server => string.Equals(server, replica.ReplicaServerName, StringComparison.OrdinalIgnoreCase)))
                {
                    servers.Add(replica.ReplicaServerName);
                }
            }
        }

        return servers;
    }

    /// <param name="preferredReplicas">From PreferredReplicas: computed once for all views.</param>
    public static ServerState ViewOf(Topology topology, string serverName, IReadOnlyDictionary<string, string?> preferredReplicas) =>
        ViewOf(topology, serverName, preferredReplicas, new SharedFacts(topology.Databases.Count));

    /// <param name="shared">What the views of the same topology built before this one hold, to reuse where this one sees the same.</param>
    internal static ServerState ViewOf(Topology topology, string serverName, IReadOnlyDictionary<string, string?> preferredReplicas, SharedFacts shared)
    {
        var groups = new List<AvailabilityGroupFacts>();
        foreach (TopologyGroup group in topology.AvailabilityGroups)
        {
            TopologyReplica? local = LocalReplica(group, serverName);
            if (local != null)
            {
                groups.Add(Group(group, Replicas(group, local)));
            }
        }

        var databases = new List<DatabaseFacts>(topology.Databases.Count);
        for (int position = 0; position < topology.Databases.Count; position++)
        {
            TopologyDatabase database = topology.Databases[position];
            int databaseId = DatabaseId(database.Name, position);
            if (database.AvailabilityGroupName == null)
            {
                // sys.fn_hadr_backup_is_preferred_replica returns 1 for a database in no availability group.
                databases.Add(shared.Database(position, database, databaseId, null, true, Array.Empty<OtherReplicaDatabaseFacts>()));
                continue;
            }

            TopologyGroup group = GroupNamed(topology, database.AvailabilityGroupName);
            TopologyReplica? local = LocalReplica(group, serverName);
            if (local == null || local.AvailabilityMode == AvailabilityMode.ConfigurationOnly)
            {
                continue;
            }

            string? preferred = preferredReplicas[group.Name];
            databases.Add(shared.Database(
                position,
                database,
                databaseId,
                shared.State(topology.StateOf(group, local, database.Name)),
                preferred != null && string.Equals(preferred, serverName, StringComparison.OrdinalIgnoreCase),
                OtherReplicas(topology, group, local, database.Name, shared)));
        }

        return WithMaster(new ServerState(Instance(topology, serverName), databases, groups), topology, serverName);
    }

    /// <summary>
    /// The rows of sys.dm_hadr_database_replica_states for the database's other copies: only the primary shows them
    /// (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md); a
    /// configuration-only replica holds no databases.
    /// </summary>
    private static IReadOnlyList<OtherReplicaDatabaseFacts> OtherReplicas(
        Topology topology, TopologyGroup group, TopologyReplica local, string databaseName, SharedFacts shared)
    {
        if (local.Role != ReplicaRole.Primary)
        {
            return Array.Empty<OtherReplicaDatabaseFacts>();
        }

        var others = new List<OtherReplicaDatabaseFacts>(group.Replicas.Count - 1);
        for (int i = 0; i < group.Replicas.Count; i++)
        {
            TopologyReplica replica = group.Replicas[i];
            if (!ReferenceEquals(replica, local) && replica.AvailabilityMode != AvailabilityMode.ConfigurationOnly)
            {
                TopologyDatabaseReplica state = topology.StateOf(group, replica, databaseName);
                others.Add(new OtherReplicaDatabaseFacts(replica.ReplicaServerName, shared.State(state)));
            }
        }

        return others;
    }

    /// <summary>What master and sys.credentials of the instance hold: what any of its replica entries lists.</summary>
    private static ServerState WithMaster(ServerState state, Topology topology, string serverName)
    {
        var certificates = new List<CertificateFacts>();
        var keys = new List<AsymmetricKeyFacts>();
        var credentials = new List<CredentialFacts>();
        foreach (TopologyReplica replica in EntriesOf(topology, serverName))
        {
            // The file names certificates only: when their private keys were last exported is not planned.
            certificates.AddRange(replica.Certificates.Select(name => new CertificateFacts(name, null)));
            keys.AddRange(replica.AsymmetricKeys.Select(name => new AsymmetricKeyFacts(name, true)));
            credentials.AddRange(replica.Credentials);
        }

        return state.With(certificates: certificates, asymmetricKeys: keys, credentials: credentials);
    }

    /// <summary>The server's entries in every group it is a replica of; TopologyRules makes them agree on version and edition.</summary>
    private static IEnumerable<TopologyReplica> EntriesOf(Topology topology, string serverName)
    {
        foreach (TopologyGroup group in topology.AvailabilityGroups)
        {
            if (LocalReplica(group, serverName) is TopologyReplica replica)
            {
                yield return replica;
            }
        }
    }

    private static IReadOnlyList<ReplicaFacts> Replicas(TopologyGroup group, TopologyReplica local)
    {
        bool seesAll = local.Role == ReplicaRole.Primary;
        var replicas = new List<ReplicaFacts>(group.Replicas.Count);
        foreach (TopologyReplica replica in group.Replicas)
        {
            bool isLocal = ReferenceEquals(replica, local);
            if (isLocal || seesAll)
            {
                // sys.dm_hadr_availability_replica_states shows the role of a local or connected remote replica only.
                bool isConnected = IsConnected(group, replica);
                ReplicaRole? role = isLocal || isConnected ? replica.Role : null;
                replicas.Add(new ReplicaFacts(
                    replica.ReplicaServerName, replica.BackupPriority, replica.AvailabilityMode, role, isConnected, replica.IsOnline, isLocal));
            }
            else
            {
                replicas.Add(new ReplicaFacts(replica.ReplicaServerName, replica.BackupPriority, replica.AvailabilityMode, null, null, null, false));
            }
        }

        return replicas;
    }

    /// <summary>
    /// A secondary is connected only to a primary: in a group whose primary is gone or not online (a what-if the
    /// topology may state by leaving PRIMARY out), every secondary shows DISCONNECTED, as SQL Server would show it.
    /// </summary>
    private static bool IsConnected(TopologyGroup group, TopologyReplica replica)
    {
        if (!replica.IsConnected || replica.Role == ReplicaRole.Primary)
        {
            return replica.IsConnected;
        }

        TopologyReplica? primary = group.Primary;
        return primary != null && primary.IsOnline;
    }

    private static AvailabilityGroupFacts Group(TopologyGroup group, IReadOnlyList<ReplicaFacts> replicas) =>
        new AvailabilityGroupFacts(group.Name, group.AutomatedBackupPreference, group.BasicFeatures, group.DistributedRole, false, "WSFC", replicas);

    /// <summary>Whether a topology's database is one of the system databases, which it names but gives no database_id.</summary>
    public static bool IsSystemDatabase(string name) => DatabaseId(name, 0) <= DatabaseFacts.MsdbDatabaseId;

    public static bool IsTempdb(string name) => DatabaseId(name, 0) == DatabaseFacts.TempdbDatabaseId;

    /// <summary>
    /// A topology names its databases and gives no database_id: master, tempdb, model and msdb get the ids SQL Server
    /// gives them, so the rules recognise them; every other database an id after them, in the file's order.
    /// </summary>
    private static int DatabaseId(string name, int position) =>
        Is(name, "master") ? DatabaseFacts.MasterDatabaseId
        : Is(name, "tempdb") ? DatabaseFacts.TempdbDatabaseId
        : Is(name, "model") ? DatabaseFacts.ModelDatabaseId
        : Is(name, "msdb") ? DatabaseFacts.MsdbDatabaseId
        : DatabaseFacts.MsdbDatabaseId + 1 + position;

    /// <summary>Compared in place, not lowered first: this runs for every database of every view, and a lowered copy is garbage.</summary>
    private static bool Is(string name, string systemDatabase) => string.Equals(name, systemDatabase, StringComparison.OrdinalIgnoreCase);

    /// <summary>A topology describes no database snapshot and no database in STANDBY.</summary>
    private static DatabaseFacts Database(
        TopologyDatabase database, int databaseId, DatabaseReplicaFacts? local, bool isPreferred, IReadOnlyList<OtherReplicaDatabaseFacts> otherReplicas) =>
        new DatabaseFacts(
            database.Name,
            databaseId,
            database.State,
            false,
            false,
            database.RecoveryModel,
            database.HasLogBackupBase,
            database.HasDifferentialBase,
            false,
            database.AvailabilityGroupName,
            local,
            isPreferred,
            otherReplicas: otherReplicas);

    /// <summary>A replica_server_name is "HOST" or "HOST\INSTANCE", as @@SERVERNAME shows it.</summary>
    private static InstanceFacts Instance(Topology topology, string serverName)
    {
        TopologyInstance instance = topology.InstanceOf(EntriesOf(topology, serverName).First());
        int backslash = serverName.IndexOf('\\', StringComparison.Ordinal);
        return new InstanceFacts(
            serverName,
            backslash < 0 ? serverName : serverName.Substring(0, backslash),
            backslash < 0 ? null : serverName.Substring(backslash + 1),
            instance.ProductMajorVersion,
            instance.EngineEdition,
            true,
            0,
            // The topology names databases as the default, case-insensitive collations do.
            true);
    }

    private static TopologyReplica? LocalReplica(TopologyGroup group, string serverName)
    {
        // Indexed, not foreach: an IReadOnlyList's enumerator is boxed, and this runs for every database of every view.
        for (int i = 0; i < group.Replicas.Count; i++)
        {
            if (string.Equals(group.Replicas[i].ReplicaServerName, serverName, StringComparison.OrdinalIgnoreCase))
            {
                return group.Replicas[i];
            }
        }

        return null;
    }

    private static TopologyGroup GroupNamed(Topology topology, string name)
    {
        for (int i = 0; i < topology.AvailabilityGroups.Count; i++)
        {
            if (string.Equals(topology.AvailabilityGroups[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return topology.AvailabilityGroups[i];
            }
        }

        throw new ArgumentException("Availability group " + name + " is not in the topology; TopologyParser checks this.", nameof(name));
    }

    /// <summary>
    /// The facts the views of one topology hold alike, built once. A plan holds every replica's view for its whole run, and
    /// most replicas see a database the same way (every secondary that is not preferred, every replica for a database in no
    /// group): 1,000 databases on five replicas were 5,000 DatabaseFacts and 9,000 DatabaseReplicaFacts. Both are immutable
    /// and compared by no one by reference, so a rule reads the same values from a shared one.
    /// </summary>
    internal sealed class SharedFacts
    {
        /// <summary>Indexed by SynchronizationState, twice: not suspended, then suspended.</summary>
        private readonly DatabaseReplicaFacts?[] states = new DatabaseReplicaFacts?[2 * ((int)SynchronizationState.Initializing + 1)];

        /// <summary>The facts the last view built for each database, by its position in the topology.</summary>
        private readonly DatabaseFacts?[] databases;

        public SharedFacts(int databaseCount)
        {
            databases = new DatabaseFacts?[databaseCount];
        }

        public DatabaseReplicaFacts State(TopologyDatabaseReplica state)
        {
            int index = 2 * (int)state.SynchronizationState + (state.IsSuspended ? 1 : 0);
            if (index < 0 || index >= states.Length)
            {
                return new DatabaseReplicaFacts(state.SynchronizationState, state.IsSuspended);
            }

            return states[index] ??= new DatabaseReplicaFacts(state.SynchronizationState, state.IsSuspended);
        }

        /// <summary>
        /// The previous view's facts for the database at this position when this view sees it alike, else new ones. Only
        /// facts without other replicas' rows are shared: the primary, the one view that has them, differs anyway.
        /// </summary>
        public DatabaseFacts Database(
            int position, TopologyDatabase database, int databaseId, DatabaseReplicaFacts? local, bool isPreferred, IReadOnlyList<OtherReplicaDatabaseFacts> otherReplicas)
        {
            DatabaseFacts? previous = databases[position];
            if (previous != null && otherReplicas.Count == 0 && previous.OtherReplicas.Count == 0
                && ReferenceEquals(previous.LocalReplica, local) && previous.IsPreferredBackupReplica == isPreferred)
            {
                return previous;
            }

            DatabaseFacts built = ReplicaViews.Database(database, databaseId, local, isPreferred, otherReplicas);
            databases[position] = built;
            return built;
        }
    }
}
