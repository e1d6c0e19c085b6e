using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// What the serializer cannot check one property at a time: ranges, names SQL Server would never show twice, one
/// primary, databases in groups that exist. Each check throws TopologyException naming the JSON path.
/// </summary>
internal static class TopologyRules
{
    /// <summary>SQL Server's longest name: sysname is nvarchar(128).</summary>
    private const int SysnameLength = 128;

    /// <summary>SERVERPROPERTY('EngineEdition') of Express, which may host a configuration-only replica and nothing else of a group.</summary>
    private const int ExpressEngineEdition = 4;

    public static void Check(TopologyJson topology)
    {
        CheckInstance(topology.Instance);

        // Without a group there is no replica: the plan would have no column, and every database would vanish from it.
        IReadOnlyList<AvailabilityGroupJson> groups = topology.AvailabilityGroups;
        NotEmpty(groups.Count, "$.availability_groups");
        var groupNames = new Names("an availability group");
        for (int g = 0; g < groups.Count; g++)
        {
            string path = Item("$.availability_groups", g);
            AvailabilityGroupJson group = NotNull(groups[g], path);
            groupNames.Add(Name(group.Name, path + ".name"), path + ".name");
            CheckGroup(group, topology.Instance, path);
            CheckReplicas(group, path);
        }

        NotEmpty(topology.Databases.Count, "$.databases");
        var databaseNames = new Names("a database");
        var members = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (int d = 0; d < topology.Databases.Count; d++)
        {
            string path = Item("$.databases", d);
            DatabaseJson database = NotNull(topology.Databases[d], path);
            databaseNames.Add(Name(database.Name, path + ".name"), path + ".name");

            // No keyword or name pattern of @Databases ever selects tempdb, so no job backs it up: a plan row for it would be a lie.
            if (ReplicaViews.IsTempdb(database.Name))
            {
                throw TopologyException.At(path + ".name", "tempdb is never backed up: no @Databases keyword or pattern selects it, and a job that names it is refused (REFUSE_TEMPDB); leave it out.");
            }

            if (database.AvailabilityGroup == null)
            {
                continue;
            }

            if (!groupNames.Contains(Name(database.AvailabilityGroup, path + ".availability_group")))
            {
                throw TopologyException.At(
                    path + ".availability_group",
                    Echo.Quote(database.AvailabilityGroup) + " is not an availability group of this topology; defined: " + groupNames.List() + ".");
            }

            CheckMember(database, path);

            if (!members.TryGetValue(database.AvailabilityGroup, out List<string>? names))
            {
                names = new List<string>();
                members.Add(database.AvailabilityGroup, names);
            }

            names.Add(database.Name);
        }

        for (int g = 0; g < groups.Count; g++)
        {
            IReadOnlyList<string> names = members.TryGetValue(groups[g].Name, out List<string>? found) ? found : Array.Empty<string>();
            CheckDatabasesOf(groups[g], topology.Instance, names, Item("$.availability_groups", g));
        }

        CheckSameInstance(topology);
    }

    /// <summary>The versions AgBackupClr supports (README, Requirements), SQL Server 2016 (13.x) to 2025 (17.x); Standard or Enterprise.</summary>
    private static void CheckInstance(InstanceJson instance)
    {
        CheckVersion(instance.ProductMajorVersion, "$.instance.product_major_version");
        CheckEdition(instance.EngineEdition, "$.instance.engine_edition");
    }

    private static void CheckVersion(int productMajorVersion, string path)
    {
        if (productMajorVersion < 13 || productMajorVersion > 17)
        {
            throw TopologyException.At(
                path,
                "expected SERVERPROPERTY('ProductMajorVersion') of a version AgBackupClr supports, 13 (SQL Server 2016) to 17 (SQL Server 2025), found "
                + Number(productMajorVersion) + ".");
        }
    }

    private static void CheckEdition(int engineEdition, string path)
    {
        if (engineEdition != 2 && engineEdition != InstanceFacts.EnterpriseEngineEdition)
        {
            throw TopologyException.At(
                path,
                "expected SERVERPROPERTY('EngineEdition') of an edition with availability groups, 2 (Standard) or 3 (Enterprise, Developer), found "
                + Number(engineEdition) + ".");
        }
    }

    /// <summary>
    /// Microsoft's pages disagree on distributed groups of Standard edition: the refusal says so, so that a DBA who runs one
    /// knows why it is not planned (docs/database-engine/availability-groups/windows/distributed-availability-groups.md and
    /// basic-availability-groups-always-on-availability-groups.md).
    /// </summary>
    private const string DistributedOnStandard = "Microsoft's distributed availability group page allows Standard edition from SQL Server 2019 CU17 while its basic availability group page forbids a basic group in one, and AgBackupClr follows the older page until a real server settles it";

    /// <summary>The editions basic and distributed groups exist on, on every replica, and that one group is never both.</summary>
    private static void CheckGroup(AvailabilityGroupJson group, InstanceJson instance, string groupPath)
    {
        // docs/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups.md
        if (group.BasicFeatures)
        {
            CheckEditions(group, instance, 2, groupPath + ".basic_features", "a basic availability group exists on Standard edition only (engine_edition 2)", groupPath);
        }

        if (group.BasicFeatures && group.DistributedRole != null)
        {
            throw TopologyException.At(groupPath + ".distributed_role", "a basic availability group cannot be part of a distributed availability group (" + DistributedOnStandard + ").");
        }

        // docs/database-engine/availability-groups/windows/distributed-availability-groups.md
        if (group.DistributedRole != null)
        {
            CheckEditions(
                group, instance, InstanceFacts.EnterpriseEngineEdition, groupPath + ".distributed_role", "a distributed availability group needs Enterprise edition (engine_edition 3): " + DistributedOnStandard, groupPath);
        }

        CheckOneEdition(group, instance, groupPath);
        int holdingDatabases = group.Replicas.Count(replica => replica == null || !IsConfigurationOnly(replica));
        if (group.BasicFeatures && holdingDatabases > 2)
        {
            throw TopologyException.At(
                groupPath + ".replicas",
                "a basic availability group has at most two replicas besides a configuration-only one; found " + Number(holdingDatabases) + ".");
        }
    }

    /// <summary>
    /// The replicas of one group run one edition: a basic group runs on Standard only, and the backup rules of the others
    /// (docs/rules.md F4) would differ between replicas. A rolling upgrade changes versions, not editions.
    /// </summary>
    private static void CheckOneEdition(AvailabilityGroupJson group, InstanceJson instance, string groupPath)
    {
        ReplicaJson? first = group.Replicas.FirstOrDefault(replica => replica == null || !IsConfigurationOnly(replica));
        for (int r = 0; r < group.Replicas.Count; r++)
        {
            if (group.Replicas[r] is ReplicaJson replica && (replica == first || IsConfigurationOnly(replica)))
            {
                continue;
            }

            int edition = group.Replicas[r]?.EngineEdition ?? instance.EngineEdition;
            int expected = first?.EngineEdition ?? instance.EngineEdition;
            if (first != null && edition != expected)
            {
                throw TopologyException.At(
                    Item(groupPath + ".replicas", r) + ".engine_edition",
                    "the replicas of an availability group run one edition; " + Echo.Quote(first.ReplicaServerName) + " is " + Number(expected) + ", this replica "
                    + Number(edition) + ".");
            }
        }
    }

    /// <summary>
    /// A configuration-only replica holds no databases and may run any edition, Express included, and does not count towards a
    /// group's replicas (docs/linux/sql-server-linux-availability-group-ha.md, Requirements).
    /// </summary>
    private static bool IsConfigurationOnly(ReplicaJson replica) => replica.AvailabilityMode == AvailabilityModeDesc.ConfigurationOnly;

    /// <summary>Every replica of the group on this edition: the instance's, or the replica's own where it gives one.</summary>
    private static void CheckEditions(AvailabilityGroupJson group, InstanceJson instance, int edition, string groupPropertyPath, string rule, string groupPath)
    {
        if (instance.EngineEdition != edition && group.Replicas.Any(replica => replica != null && !IsConfigurationOnly(replica) && replica.EngineEdition == null))
        {
            throw TopologyException.At(groupPropertyPath, rule + "; this instance is " + Number(instance.EngineEdition) + ".");
        }

        for (int r = 0; r < group.Replicas.Count; r++)
        {
            if (group.Replicas[r] is ReplicaJson replica && !IsConfigurationOnly(replica) && replica.EngineEdition is int own && own != edition)
            {
                throw TopologyException.At(Item(groupPath + ".replicas", r) + ".engine_edition", rule + "; this replica is " + Number(own) + ".");
            }
        }
    }

    /// <summary>docs/database-engine/availability-groups/windows/prereqs-restrictions-recommendations-always-on-availability.md</summary>
    private static void CheckMember(DatabaseJson database, string path)
    {
        if (ReplicaViews.IsSystemDatabase(database.Name))
        {
            throw TopologyException.At(
                path + ".availability_group", Echo.Quote(database.Name) + " is a system database, and no system database can belong to an availability group.");
        }

        if (database.RecoveryModel != RecoveryModelDesc.Full)
        {
            throw TopologyException.At(
                path + ".recovery_model",
                "a database in an availability group uses the FULL recovery model; found " + TopologyParser.Spelling(database.RecoveryModel) + ".");
        }

        if (!database.HasFullBackup)
        {
            throw TopologyException.At(
                path + ".has_full_backup", "a database joins an availability group only after a full backup, so it has one; leave has_full_backup out.");
        }
    }

    private static void CheckReplicas(AvailabilityGroupJson group, string groupPath)
    {
        NotEmpty(group.Replicas.Count, groupPath + ".replicas");

        var replicaNames = new Names("a replica of this availability group");
        string? primaryPath = null;
        for (int r = 0; r < group.Replicas.Count; r++)
        {
            string path = Item(groupPath + ".replicas", r);
            ReplicaJson replica = NotNull(group.Replicas[r], path);
            replicaNames.Add(Name(replica.ReplicaServerName, path + ".replica_server_name"), path + ".replica_server_name");
            if (replica.AvailabilityMode == AvailabilityModeDesc.ConfigurationOnly && replica.Databases?.Count > 0)
            {
                throw TopologyException.At(path + ".databases", "a CONFIGURATION_ONLY replica holds no databases; leave its databases out.");
            }

            if (replica.BackupPriority < 0 || replica.BackupPriority > 100)
            {
                throw TopologyException.At(
                    path + ".backup_priority", "expected a BACKUP_PRIORITY from 0 (never) to 100, found " + Number(replica.BackupPriority) + ".");
            }

            CheckInstanceOf(replica, path);

            if (replica.Role != RoleDesc.Primary)
            {
                continue;
            }

            if (replica.AvailabilityMode == AvailabilityModeDesc.ConfigurationOnly)
            {
                throw TopologyException.At(path + ".role", "a CONFIGURATION_ONLY replica holds no databases and cannot be PRIMARY.");
            }

            if (primaryPath != null)
            {
                throw TopologyException.At(path + ".role", "an availability group has one PRIMARY replica, and " + primaryPath + " is PRIMARY already.");
            }

            // connected_state says whether a replica is connected to the primary, so the primary itself is never DISCONNECTED
            // (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md).
            if (replica.ConnectedState == ConnectedStateDesc.Disconnected)
            {
                throw TopologyException.At(
                    path + ".connected_state", "connected_state says whether a replica is connected to the primary, so a PRIMARY is never DISCONNECTED; leave it out.");
            }

            primaryPath = path;
        }
    }

    /// <summary>A replica's own SERVERPROPERTY values, and the names of what its master and sys.credentials hold.</summary>
    private static void CheckInstanceOf(ReplicaJson replica, string path)
    {
        if (replica.ProductMajorVersion is int version)
        {
            CheckVersion(version, path + ".product_major_version");
        }

        if (replica.EngineEdition is int edition && !(IsConfigurationOnly(replica) && edition == ExpressEngineEdition))
        {
            CheckEdition(edition, path + ".engine_edition");
        }

        CheckNames(replica.Certificates, path + ".certificates", "a certificate");
        CheckNames(replica.AsymmetricKeys, path + ".asymmetric_keys", "an asymmetric key");
        IReadOnlyList<CredentialJson> credentials = replica.Credentials ?? Array.Empty<CredentialJson>();
        var credentialNames = new Names("a credential of this replica");
        for (int c = 0; c < credentials.Count; c++)
        {
            string item = Item(path + ".credentials", c);
            CredentialJson credential = NotNull(credentials[c], item);
            credentialNames.Add(Name(credential.Name, item + ".name"), item + ".name");
            Name(credential.CredentialIdentity, item + ".credential_identity");
        }
    }

    private static void CheckNames(IReadOnlyList<string>? names, string arrayPath, string what)
    {
        var seen = new Names(what + " of this replica");
        IReadOnlyList<string> items = names ?? Array.Empty<string>();
        for (int n = 0; n < items.Count; n++)
        {
            string path = Item(arrayPath, n);
            seen.Add(Name(items[n] ?? throw TopologyException.At(path, "expected a string, found null."), path), path);
        }
    }

    /// <summary>
    /// A server is one instance in every group it is a replica of: one version, one edition. What its master holds may be
    /// listed under any of its entries.
    /// </summary>
    private static void CheckSameInstance(TopologyJson topology)
    {
        var first = new Dictionary<string, (int Version, int Edition, string Path)>(StringComparer.OrdinalIgnoreCase);
        for (int g = 0; g < topology.AvailabilityGroups.Count; g++)
        {
            IReadOnlyList<ReplicaJson> replicas = topology.AvailabilityGroups[g].Replicas;
            for (int r = 0; r < replicas.Count; r++)
            {
                string path = Item(Item("$.availability_groups", g) + ".replicas", r);
                ReplicaJson replica = replicas[r];
                int version = replica.ProductMajorVersion ?? topology.Instance.ProductMajorVersion;
                int edition = replica.EngineEdition ?? topology.Instance.EngineEdition;
                if (!first.TryGetValue(replica.ReplicaServerName, out (int Version, int Edition, string Path) known))
                {
                    first.Add(replica.ReplicaServerName, (version, edition, path));
                }
                else if (known.Version != version || known.Edition != edition)
                {
                    throw TopologyException.At(
                        path + (known.Version != version ? ".product_major_version" : ".engine_edition"),
                        Echo.Quote(replica.ReplicaServerName) + " is one instance in every availability group: product_major_version " + Number(version)
                        + " and engine_edition " + Number(edition) + " here, " + Number(known.Version) + " and " + Number(known.Edition) + " at " + known.Path + ".");
                }
            }
        }
    }

    private static void CheckDatabasesOf(AvailabilityGroupJson group, InstanceJson instance, IReadOnlyList<string> members, string groupPath)
    {
        if (group.BasicFeatures && members.Count > 1)
        {
            throw TopologyException.At(
                groupPath, "a basic availability group holds one database; found " + Number(members.Count) + " (" + Echo.List(members) + ").");
        }

        var memberNames = new HashSet<string>(members, StringComparer.OrdinalIgnoreCase);
        for (int r = 0; r < group.Replicas.Count; r++)
        {
            IReadOnlyList<ReplicaDatabaseJson> states = group.Replicas[r].Databases ?? Array.Empty<ReplicaDatabaseJson>();
            var listed = new Names("a database state of this replica");
            for (int d = 0; d < states.Count; d++)
            {
                string path = Item(Item(groupPath + ".replicas", r) + ".databases", d);
                string name = Name(NotNull(states[d], path).DatabaseName, path + ".database_name");
                if (!memberNames.Contains(name))
                {
                    throw TopologyException.At(
                        path + ".database_name",
                        Echo.Quote(name) + " is not a database of availability group " + Echo.Quote(group.Name) + "; its databases: " + Echo.List(members) + ".");
                }

                listed.Add(name, path + ".database_name");
                CheckReceivesLog(group, instance, r, states[d], path);
            }
        }
    }

    /// <summary>
    /// During a rolling upgrade a secondary may run a newer version than the primary; one still on an older version receives
    /// no log: "An upgraded primary replica can no longer ship logs to any secondary replica whose SQL Server instance has not
    /// yet been upgraded to the same version" (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md).
    /// </summary>
    private static void CheckReceivesLog(AvailabilityGroupJson group, InstanceJson instance, int replicaIndex, ReplicaDatabaseJson state, string path)
    {
        ReplicaJson replica = group.Replicas[replicaIndex];
        ReplicaJson? primary = group.Replicas.FirstOrDefault(candidate => candidate.Role == RoleDesc.Primary);
        int version = replica.ProductMajorVersion ?? instance.ProductMajorVersion;
        int primaryVersion = primary == null ? version : primary.ProductMajorVersion ?? instance.ProductMajorVersion;
        bool receivesLog = state.SynchronizationState == SynchronizationStateDesc.Synchronized || state.SynchronizationState == SynchronizationStateDesc.Synchronizing;
        if (version < primaryVersion && receivesLog)
        {
            throw TopologyException.At(
                path + ".synchronization_state",
                Echo.Quote(replica.ReplicaServerName) + " runs product_major_version " + Number(version) + ", older than the primary " + Echo.Quote(primary!.ReplicaServerName)
                + "'s " + Number(primaryVersion) + ", and an upgraded primary ships no log to a replica not yet upgraded: its databases are NOT SYNCHRONIZING, not "
                + TopologyParser.Spelling(state.SynchronizationState) + ".");
        }
    }

    private static T NotNull<T>(T? item, string path)
        where T : class =>
        item ?? throw TopologyException.At(path, "expected an object { ... }, found null.");

    private static string Name(string name, string path) =>
        name.Trim().Length > 0 && name.Length <= SysnameLength
            ? name
            : throw TopologyException.At(path, "expected a name of 1 to 128 characters (sysname), not all blank, found " + Echo.Quote(name) + ".");

    private static void NotEmpty(int count, string path)
    {
        if (count == 0)
        {
            throw TopologyException.At(path, "expected at least one item, found an empty array.");
        }
    }

    private static string Item(string arrayPath, int index) => arrayPath + "[" + Number(index) + "]";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>SQL Server compares these names case-insensitively on almost every instance, so "sql1" and "SQL1" are one name.</summary>
    private sealed class Names
    {
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> inOrder = new List<string>();
        private readonly string what;

        public Names(string what) => this.what = what;

        public void Add(string name, string path)
        {
            if (!seen.Add(name))
            {
                throw TopologyException.At(path, Echo.Quote(name) + " names " + what + " already defined; names must be unique.");
            }

            inOrder.Add(name);
        }

        public bool Contains(string name) => seen.Contains(name);

        public string List() => Echo.List(inOrder);
    }
}
