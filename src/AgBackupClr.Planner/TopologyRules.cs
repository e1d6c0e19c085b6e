using System;
using System.Collections.Generic;
using System.Globalization;
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
            CheckDatabasesOf(groups[g], names, Item("$.availability_groups", g));
        }
    }

    /// <summary>The versions AgBackupClr supports (README, Requirements), SQL Server 2016 (13.x) to 2025 (17.x); Standard or Enterprise.</summary>
    private static void CheckInstance(InstanceJson instance)
    {
        if (instance.ProductMajorVersion < 13 || instance.ProductMajorVersion > 17)
        {
            throw TopologyException.At(
                "$.instance.product_major_version",
                "expected SERVERPROPERTY('ProductMajorVersion') of a version AgBackupClr supports, 13 (SQL Server 2016) to 17 (SQL Server 2025), found "
                + Number(instance.ProductMajorVersion) + ".");
        }

        if (instance.EngineEdition != 2 && instance.EngineEdition != InstanceFacts.EnterpriseEngineEdition)
        {
            throw TopologyException.At(
                "$.instance.engine_edition",
                "expected SERVERPROPERTY('EngineEdition') of an edition with availability groups, 2 (Standard) or 3 (Enterprise, Developer), found "
                + Number(instance.EngineEdition) + ".");
        }
    }

    /// <summary>The editions basic and distributed groups exist on, and that one group is never both.</summary>
    private static void CheckGroup(AvailabilityGroupJson group, InstanceJson instance, string groupPath)
    {
        // docs/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups.md
        if (group.BasicFeatures && instance.EngineEdition == InstanceFacts.EnterpriseEngineEdition)
        {
            throw TopologyException.At(
                groupPath + ".basic_features", "a basic availability group exists on Standard edition only (engine_edition 2); this instance is 3.");
        }

        if (group.BasicFeatures && group.DistributedRole != null)
        {
            throw TopologyException.At(groupPath + ".distributed_role", "a basic availability group cannot be part of a distributed availability group.");
        }

        // docs/database-engine/availability-groups/windows/distributed-availability-groups.md
        if (group.DistributedRole != null && instance.EngineEdition != InstanceFacts.EnterpriseEngineEdition)
        {
            throw TopologyException.At(
                groupPath + ".distributed_role", "a distributed availability group needs Enterprise edition (engine_edition 3); this instance is 2.");
        }

        if (group.BasicFeatures && group.Replicas.Count > 2)
        {
            throw TopologyException.At(
                groupPath + ".replicas", "a basic availability group has at most two replicas; found " + Number(group.Replicas.Count) + ".");
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

            primaryPath = path;
        }
    }

    private static void CheckDatabasesOf(AvailabilityGroupJson group, IReadOnlyList<string> members, string groupPath)
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
            }
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
