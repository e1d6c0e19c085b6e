using System;
using System.Collections.Generic;
using System.Linq;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>One row of Sql/AvailabilityGroup/BackupSettings.sql: the group's preference and one replica's priority.</summary>
internal sealed record ShownBackupSetting(string? Preference, string? ReplicaName, int? Priority);

/// <summary>The backup preference and each replica's priority that both replicas must show once a scenario has set them.</summary>
internal sealed class ExpectedBackupSettings
{
    private readonly string preference;
    private readonly Dictionary<string, int> priorities;

    /// <remarks>Replica names are matched as SQL Server matches them, without regard to case: a replica is named by its
    /// server, whose name ignores case (docs/t-sql/statements/create-availability-group-transact-sql.md, server_instance).
    /// So two names that differ only in case are one replica, and expecting two different priorities for it would wait
    /// for what can never be shown: they are refused here (CaseDifferingReplicaNamesTests pins SQL Server's refusal).</remarks>
    public ExpectedBackupSettings(string preference, string primaryName, int primaryPriority, string secondaryName, int secondaryPriority)
        : this(preference, [(primaryName, primaryPriority), (secondaryName, secondaryPriority)])
    {
    }

    /// <param name="replicas">Every replica of the group with the priority it must show, the primary first.</param>
    public ExpectedBackupSettings(string preference, IReadOnlyList<(string Name, int Priority)> replicas)
    {
        this.preference = preference;
        priorities = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, int priority) in replicas)
        {
            if (!priorities.TryAdd(name, priority))
            {
                string other = priorities.Keys.First(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
                throw new ArgumentException(
                    $"The replica names '{other}' and '{name}' differ only in case: SQL Server takes them for one server, so no availability group has both.",
                    nameof(replicas));
            }
        }
    }

    /// <summary>Whether one replica's rows show the preference and exactly these replicas with these priorities.</summary>
    public bool AreShownBy(IReadOnlyList<ShownBackupSetting> rows)
    {
        return rows.Count == priorities.Count
            && rows.All(row =>
                row.Preference == preference
                && priorities.TryGetValue(row.ReplicaName ?? string.Empty, out int priority)
                && row.Priority == priority);
    }
}
