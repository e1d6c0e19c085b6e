using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The names SQL Server shows for the values of one column (its *_desc column), matched exactly: a topology
/// says "SECONDARY_ONLY" as sys.availability_groups.automated_backup_preference_desc does, and nothing else.
/// </summary>
internal sealed class SqlNameSet<T>
    where T : struct
{
    private readonly IReadOnlyList<KeyValuePair<string, T>> names;

    public SqlNameSet(string meaning, IReadOnlyList<KeyValuePair<string, T>> names)
    {
        Meaning = meaning;
        this.names = names;
        var allowed = new List<string>(names.Count);
        foreach (KeyValuePair<string, T> name in names)
        {
            allowed.Add(name.Key);
        }

        Allowed = string.Join(", ", allowed);
    }

    /// <summary>What the value is, after "is not": "a backup preference".</summary>
    public string Meaning { get; }

    public string Allowed { get; }

    public bool TryFind(string text, out T value)
    {
        foreach (KeyValuePair<string, T> name in names)
        {
            if (string.Equals(name.Key, text, StringComparison.Ordinal))
            {
                value = name.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>The value names a topology file accepts, taken from the engine's SqlNames so both spell them alike.</summary>
internal static class TopologyNames
{
    public static readonly SqlNameSet<AutomatedBackupPreference> AutomatedBackupPreference =
        FromEngine<AutomatedBackupPreference>("an automated backup preference", SqlNames.Of);

    public static readonly SqlNameSet<AvailabilityMode> AvailabilityMode = FromEngine<AvailabilityMode>("an availability mode", SqlNames.Of);

    public static readonly SqlNameSet<ReplicaRole> Role = FromEngine<ReplicaRole>("a replica role", SqlNames.Of);

    public static readonly SqlNameSet<SynchronizationState> SynchronizationState =
        FromEngine<SynchronizationState>("a synchronization state", SqlNames.Of);

    public static readonly SqlNameSet<DatabaseState> DatabaseState = FromEngine<DatabaseState>("a database state", SqlNames.Of);

    public static readonly SqlNameSet<RecoveryModel> RecoveryModel = FromEngine<RecoveryModel>("a recovery model", SqlNames.Of);

    /// <summary>
    /// The role_desc this availability group has in its distributed availability group: PRIMARY when it holds the
    /// global primary, SECONDARY when its primary is the forwarder.
    /// </summary>
    public static readonly SqlNameSet<DistributedRole> DistributedRole = new SqlNameSet<DistributedRole>(
        "a role in a distributed availability group",
        new[]
        {
            new KeyValuePair<string, DistributedRole>("PRIMARY", Model.DistributedRole.GlobalPrimary),
            new KeyValuePair<string, DistributedRole>("SECONDARY", Model.DistributedRole.Secondary),
        });

    /// <summary>sys.dm_hadr_availability_replica_states.connected_state_desc.</summary>
    public static readonly SqlNameSet<bool> ConnectedState = new SqlNameSet<bool>(
        "a connected state",
        new[]
        {
            new KeyValuePair<string, bool>("CONNECTED", true),
            new KeyValuePair<string, bool>("DISCONNECTED", false),
        });

    /// <summary>sys.dm_hadr_availability_replica_states.operational_state_desc: only ONLINE can take a backup.</summary>
    public static readonly SqlNameSet<bool> OperationalState = new SqlNameSet<bool>(
        "an operational state",
        new[]
        {
            new KeyValuePair<string, bool>("PENDING_FAILOVER", false),
            new KeyValuePair<string, bool>("PENDING", false),
            new KeyValuePair<string, bool>("ONLINE", true),
            new KeyValuePair<string, bool>("OFFLINE", false),
            new KeyValuePair<string, bool>("FAILED", false),
            new KeyValuePair<string, bool>("FAILED_NO_QUORUM", false),
        });

    private static SqlNameSet<T> FromEngine<T>(string meaning, Func<T, string> nameOf)
        where T : struct, Enum
    {
        var names = new List<KeyValuePair<string, T>>();
        foreach (T value in Enum.GetValues<T>())
        {
            names.Add(new KeyValuePair<string, T>(nameOf(value), value));
        }

        return new SqlNameSet<T>(meaning, names);
    }
}
