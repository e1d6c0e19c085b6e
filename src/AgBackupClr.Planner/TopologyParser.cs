using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// Reads a topology file. Property names are SQL Server's column names and values are the names its *_desc
/// columns show; every property is checked by hand, so nothing unknown is ignored and nothing is guessed.
/// </summary>
public static class TopologyParser
{
    /// <summary>Every version from SQL Server 2012 (11.x), the first with availability groups, to SQL Server 2025 (17.x).</summary>
    public const int FirstProductMajorVersion = 11;

    public const int LastProductMajorVersion = 17;

    private const int StandardEngineEdition = 2;

    /// <summary>Throws TopologyException naming the line (malformed JSON) or the JSON path (a wrong value).</summary>
    public static Topology Parse(string json)
    {
        if (json.Trim().Length == 0)
        {
            throw new TopologyException("the file is empty; a topology is a JSON object with \"instance\", \"availability_groups\" and \"databases\".");
        }

        var options = new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, options);
        }
        catch (JsonException error)
        {
            // The reader counts lines and bytes from 0; editors count from 1.
            string place = error.LineNumber.HasValue && error.BytePositionInLine.HasValue
                ? "line " + Number(error.LineNumber.Value + 1) + ", column " + Number(error.BytePositionInLine.Value + 1) + ": "
                : string.Empty;
            throw new TopologyException(place + "not valid JSON: " + ReaderProblem(error.Message));
        }

        using (document)
        {
            Topology topology = Read(document.RootElement);
            Check(topology);
            return topology;
        }
    }

    private static Topology Read(JsonElement root)
    {
        JsonFields fields = JsonFields.Open(root, "$", "instance", "availability_groups", "databases");
        TopologyInstance instance = ReadInstance(fields.RequiredObject("instance", "product_major_version", "engine_edition"));

        var groups = new List<TopologyGroup>();
        IReadOnlyList<JsonElement> groupItems = fields.OptionalArray("availability_groups");
        for (int i = 0; i < groupItems.Count; i++)
        {
            groups.Add(ReadGroup(groupItems[i], JsonFields.Item(fields.Place("availability_groups"), i)));
        }

        var databases = new List<TopologyDatabase>();
        IReadOnlyList<JsonElement> databaseItems = fields.RequiredArray("databases", false);
        for (int i = 0; i < databaseItems.Count; i++)
        {
            databases.Add(ReadDatabase(databaseItems[i], JsonFields.Item(fields.Place("databases"), i)));
        }

        return new Topology(instance, groups, databases);
    }

    private static TopologyInstance ReadInstance(JsonFields fields) =>
        new TopologyInstance(
            fields.RequiredInteger(
                "product_major_version",
                FirstProductMajorVersion,
                LastProductMajorVersion,
                "SERVERPROPERTY('ProductMajorVersion') of a version with availability groups, 11 (SQL Server 2012) to 17 (SQL Server 2025)"),
            fields.RequiredInteger(
                "engine_edition",
                StandardEngineEdition,
                InstanceFacts.EnterpriseEngineEdition,
                "SERVERPROPERTY('EngineEdition') of an edition with availability groups, 2 (Standard) or 3 (Enterprise, Developer)"));

    private static TopologyGroup ReadGroup(JsonElement element, string path)
    {
        JsonFields fields = JsonFields.Open(
            element, path, "name", "automated_backup_preference", "basic_features", "distributed_role", "replicas");
        var replicas = new List<TopologyReplica>();
        IReadOnlyList<JsonElement> items = fields.RequiredArray("replicas", false);
        for (int i = 0; i < items.Count; i++)
        {
            replicas.Add(ReadReplica(items[i], JsonFields.Item(fields.Place("replicas"), i)));
        }

        // SQL Server's defaults: AUTOMATED_BACKUP_PREFERENCE = SECONDARY, an ordinary (not basic, not distributed) group.
        return new TopologyGroup(
            fields.RequiredString("name"),
            fields.OptionalName("automated_backup_preference", TopologyNames.AutomatedBackupPreference, AutomatedBackupPreference.Secondary),
            fields.OptionalBoolean("basic_features", false),
            fields.OptionalName("distributed_role", TopologyNames.DistributedRole, DistributedRole.NotDistributed),
            replicas);
    }

    private static TopologyReplica ReadReplica(JsonElement element, string path)
    {
        JsonFields fields = JsonFields.Open(
            element,
            path,
            "replica_server_name",
            "backup_priority",
            "availability_mode",
            "role",
            "connected_state",
            "operational_state",
            "databases");
        var databases = new List<TopologyDatabaseReplica>();
        IReadOnlyList<JsonElement> items = fields.OptionalArray("databases");
        for (int i = 0; i < items.Count; i++)
        {
            JsonFields database = JsonFields.Open(
                items[i], JsonFields.Item(fields.Place("databases"), i), "database_name", "synchronization_state", "is_suspended");
            databases.Add(new TopologyDatabaseReplica(
                database.RequiredString("database_name"),
                database.RequiredName("synchronization_state", TopologyNames.SynchronizationState),
                database.OptionalBoolean("is_suspended", false)));
        }

        // BACKUP_PRIORITY defaults to 50 in CREATE AVAILABILITY GROUP; a replica is CONNECTED and ONLINE unless the file says otherwise.
        return new TopologyReplica(
            fields.RequiredString("replica_server_name"),
            fields.OptionalInteger("backup_priority", 0, 100, "a BACKUP_PRIORITY from 0 (never) to 100", 50),
            fields.RequiredName("availability_mode", TopologyNames.AvailabilityMode),
            fields.RequiredName("role", TopologyNames.Role),
            fields.OptionalName("connected_state", TopologyNames.ConnectedState, true),
            fields.OptionalName("operational_state", TopologyNames.OperationalState, true),
            databases);
    }

    private static TopologyDatabase ReadDatabase(JsonElement element, string path)
    {
        JsonFields fields = JsonFields.Open(element, path, "name", "state", "recovery_model", "has_full_backup", "availability_group");
        bool hasFullBackup = fields.OptionalBoolean("has_full_backup", true);
        return new TopologyDatabase(
            fields.RequiredString("name"),
            fields.OptionalName("state", TopologyNames.DatabaseState, DatabaseState.Online),
            fields.OptionalName("recovery_model", TopologyNames.RecoveryModel, RecoveryModel.Full),
            hasFullBackup,
            hasFullBackup,
            fields.OptionalString("availability_group"));
    }

    /// <summary>What SQL Server itself would never show: names twice, two primaries, a database in a missing group.</summary>
    private static void Check(Topology topology)
    {
        var groupNames = new List<string>();
        for (int g = 0; g < topology.AvailabilityGroups.Count; g++)
        {
            TopologyGroup group = topology.AvailabilityGroups[g];
            string groupPath = JsonFields.Item("$.availability_groups", g);
            Unique(groupNames, group.Name, groupPath + ".name", "an availability group");
            CheckReplicas(group, groupPath);
        }

        var databaseNames = new List<string>();
        for (int d = 0; d < topology.Databases.Count; d++)
        {
            TopologyDatabase database = topology.Databases[d];
            string path = JsonFields.Item("$.databases", d);
            Unique(databaseNames, database.Name, path + ".name", "a database");
            if (database.AvailabilityGroupName == null)
            {
                continue;
            }

            if (Find(topology, database.AvailabilityGroupName) == null)
            {
                throw TopologyException.At(
                    path + ".availability_group",
                    "\"" + database.AvailabilityGroupName + "\" is not an availability group of this topology; defined: "
                    + (groupNames.Count == 0 ? "none" : string.Join(", ", groupNames)) + ".");
            }

            // docs/database-engine/availability-groups/windows/prereqs-restrictions-recommendations-always-on-availability.md
            if (database.RecoveryModel != RecoveryModel.Full)
            {
                throw TopologyException.At(
                    path + ".recovery_model",
                    "a database in an availability group uses the FULL recovery model; found " + SqlNames.Of(database.RecoveryModel) + ".");
            }
        }

        for (int g = 0; g < topology.AvailabilityGroups.Count; g++)
        {
            CheckDatabasesOf(topology, topology.AvailabilityGroups[g], JsonFields.Item("$.availability_groups", g));
        }
    }

    private static void CheckReplicas(TopologyGroup group, string groupPath)
    {
        // docs/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups.md
        if (group.BasicFeatures && group.Replicas.Count > 2)
        {
            throw TopologyException.At(
                groupPath + ".replicas",
                "a basic availability group has at most two replicas; found " + Number(group.Replicas.Count) + ".");
        }

        var replicaNames = new List<string>();
        string? primaryPath = null;
        for (int r = 0; r < group.Replicas.Count; r++)
        {
            TopologyReplica replica = group.Replicas[r];
            string path = JsonFields.Item(groupPath + ".replicas", r);
            Unique(replicaNames, replica.ReplicaServerName, path + ".replica_server_name", "a replica of this availability group");
            if (replica.Role != ReplicaRole.Primary)
            {
                continue;
            }

            if (replica.AvailabilityMode == AvailabilityMode.ConfigurationOnly)
            {
                throw TopologyException.At(path + ".role", "a CONFIGURATION_ONLY replica holds no databases and cannot be PRIMARY.");
            }

            if (primaryPath != null)
            {
                throw TopologyException.At(
                    path + ".role", "an availability group has one PRIMARY replica, and " + primaryPath + " is PRIMARY already.");
            }

            primaryPath = path;
        }
    }

    private static void CheckDatabasesOf(Topology topology, TopologyGroup group, string groupPath)
    {
        var members = new List<string>();
        foreach (TopologyDatabase database in topology.Databases)
        {
            if (database.AvailabilityGroupName != null && Same(database.AvailabilityGroupName, group.Name))
            {
                members.Add(database.Name);
            }
        }

        if (group.BasicFeatures && members.Count > 1)
        {
            throw TopologyException.At(
                groupPath,
                "a basic availability group holds one database; found " + Number(members.Count) + " (" + string.Join(", ", members) + ").");
        }

        for (int r = 0; r < group.Replicas.Count; r++)
        {
            var listed = new List<string>();
            for (int d = 0; d < group.Replicas[r].Databases.Count; d++)
            {
                string name = group.Replicas[r].Databases[d].DatabaseName;
                string path = JsonFields.Item(JsonFields.Item(groupPath + ".replicas", r) + ".databases", d) + ".database_name";
                if (!members.Exists(member => Same(member, name)))
                {
                    throw TopologyException.At(
                        path,
                        "\"" + name + "\" is not a database of availability group \"" + group.Name + "\"; its databases: "
                        + (members.Count == 0 ? "none" : string.Join(", ", members)) + ".");
                }

                Unique(listed, name, path, "a database state of this replica");
            }
        }
    }

    private static TopologyGroup? Find(Topology topology, string name)
    {
        foreach (TopologyGroup group in topology.AvailabilityGroups)
        {
            if (Same(group.Name, name))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>SQL Server compares these names case-insensitively on almost every instance, so "sql1" and "SQL1" are one name.</summary>
    private static void Unique(List<string> seen, string name, string path, string what)
    {
        if (seen.Exists(other => Same(other, name)))
        {
            throw TopologyException.At(path, "\"" + name + "\" names " + what + " already defined; names must be unique.");
        }

        seen.Add(name);
    }

    private static bool Same(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    /// <summary>The reader's own description of the problem, without the position it appends (given already, 1-based).</summary>
    private static string ReaderProblem(string message)
    {
        int position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string problem = position < 0 ? message : message.Substring(0, position);
        int path = problem.IndexOf(" Path: $", StringComparison.Ordinal);
        return (path < 0 ? problem : problem.Substring(0, path)).Trim();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
