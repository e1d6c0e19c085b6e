using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AgBackupClr.Planner;

/// <summary>--priority REPLICA=N: the BACKUP_PRIORITY the replica would have (ALTER AVAILABILITY GROUP ... MODIFY REPLICA).</summary>
internal sealed record PriorityChange(string Replica, int BackupPriority);

/// <summary>--preference GROUP=VALUE: the AUTOMATED_BACKUP_PREFERENCE the group would have.</summary>
internal sealed record PreferenceChange(string Group, AutomatedBackupPreferenceDesc Preference);

/// <summary>
/// The changes a DBA asks "what if?" about, applied to the topology as read before it is planned: the reason the
/// planner exists is to show the silent gap before a failover, a replica going down or a new priority shows it.
/// </summary>
internal sealed record WhatIf(
    IReadOnlyList<string> Failovers,
    IReadOnlyList<string> Down,
    IReadOnlyList<PriorityChange> Priorities,
    IReadOnlyList<PreferenceChange> Preferences)
{
    /// <summary>The topology with every change made, and a sentence per change; throws TopologyException naming the option.</summary>
    public TopologyJson Apply(TopologyJson topology, List<string> applied)
    {
        var groups = new List<AvailabilityGroupJson>(topology.AvailabilityGroups);
        foreach (string replica in Failovers)
        {
            ForEachReplica(groups, "--failover", replica, (group, found) => Failover(group, found, topology.Instance, applied));
        }

        foreach (string replica in Down)
        {
            ForEachReplica(groups, "--down", replica, (group, found) =>
            {
                applied.Add(found.ReplicaServerName + " of " + group.Name + " is down: DISCONNECTED and OFFLINE.");
                return Replace(group, found, found with { ConnectedState = ConnectedStateDesc.Disconnected, OperationalState = OperationalStateDesc.Offline });
            });
        }

        foreach (PriorityChange change in Priorities)
        {
            ForEachReplica(groups, "--priority", change.Replica, (group, found) =>
            {
                applied.Add(
                    found.ReplicaServerName + " of " + group.Name + " has BACKUP_PRIORITY " + Number(change.BackupPriority) + " (was "
                    + Number(found.BackupPriority) + ").");
                return Replace(group, found, found with { BackupPriority = change.BackupPriority });
            });
        }

        foreach (PreferenceChange change in Preferences)
        {
            int index = groups.FindIndex(group => string.Equals(group.Name, change.Group, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new TopologyException(
                    "--preference " + Echo.Quote(change.Group) + ": no availability group of the topology has that name; groups: "
                    + Echo.List(groups.ConvertAll(group => group.Name)) + ".");
            }

            applied.Add(
                groups[index].Name + " has AUTOMATED_BACKUP_PREFERENCE " + TopologyParser.Spelling(change.Preference) + " (was "
                + TopologyParser.Spelling(groups[index].AutomatedBackupPreference) + ").");
            groups[index] = groups[index] with { AutomatedBackupPreference = change.Preference };
        }

        return topology with { AvailabilityGroups = groups };
    }

    /// <summary>
    /// The replica becomes PRIMARY of its group and the primary it replaces SECONDARY, as after a manual failover. During a
    /// rolling upgrade the failover goes to an upgraded replica; the replicas left on an older version then receive no log
    /// (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md), so
    /// their databases show the state Topology.StateOf gives them, NOT SYNCHRONIZING.
    /// </summary>
    private static AvailabilityGroupJson Failover(AvailabilityGroupJson group, ReplicaJson target, InstanceJson instance, List<string> applied)
    {
        if (target.AvailabilityMode == AvailabilityModeDesc.ConfigurationOnly)
        {
            throw new TopologyException(
                "--failover " + Echo.Quote(target.ReplicaServerName) + ": a CONFIGURATION_ONLY replica holds no databases and cannot be PRIMARY.");
        }

        int version = target.ProductMajorVersion ?? instance.ProductMajorVersion;
        ReplicaJson? primary = group.Replicas.FirstOrDefault(replica => replica.Role == RoleDesc.Primary);
        int primaryVersion = primary?.ProductMajorVersion ?? instance.ProductMajorVersion;
        if (primary != null && version < primaryVersion)
        {
            throw new TopologyException(
                "--failover " + Echo.Quote(target.ReplicaServerName) + ": it runs product_major_version " + Number(version) + ", older than the primary "
                + Echo.Quote(primary.ReplicaServerName) + "'s " + Number(primaryVersion) + ", so it receives no log and a failover to it would lose data; "
                + "upgrade it first.");
        }

        var replicas = new List<ReplicaJson>(group.Replicas.Count);
        var behind = new List<string>();
        string? former = null;
        foreach (ReplicaJson replica in group.Replicas)
        {
            bool isTarget = ReferenceEquals(replica, target);
            if (replica.Role == RoleDesc.Primary && !isTarget)
            {
                former = replica.ReplicaServerName;
            }

            ReplicaJson changed = isTarget ? replica with { Role = RoleDesc.Primary } : replica.Role == RoleDesc.Primary ? replica with { Role = RoleDesc.Secondary } : replica;
            if ((replica.ProductMajorVersion ?? instance.ProductMajorVersion) < version && changed.AvailabilityMode != AvailabilityModeDesc.ConfigurationOnly)
            {
                behind.Add(replica.ReplicaServerName);
                changed = changed with { Databases = null };
            }

            replicas.Add(changed);
        }

        applied.Add(
            (target.Role == RoleDesc.Primary ? target.ReplicaServerName + " is PRIMARY of " + group.Name + " already."
            : target.ReplicaServerName + " fails over to PRIMARY of " + group.Name + (former == null ? ", which had none." : "; " + former + " becomes SECONDARY."))
            + (behind.Count == 0 ? string.Empty
                : " " + Echo.List(behind, false) + (behind.Count == 1 ? " runs" : " run") + " an older version and receive" + (behind.Count == 1 ? "s" : string.Empty)
                    + " no log: NOT SYNCHRONIZING."));
        return group with { Replicas = replicas };
    }

    /// <summary>Changes the named replica in every group it is a replica of; a name no group has is a mistake, not a no-op.</summary>
    private static void ForEachReplica(
        List<AvailabilityGroupJson> groups, string option, string name, Func<AvailabilityGroupJson, ReplicaJson, AvailabilityGroupJson> change)
    {
        bool found = false;
        var names = new List<string>();
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (ReplicaJson replica in groups[g].Replicas)
            {
                names.Add(replica.ReplicaServerName);
                if (string.Equals(replica.ReplicaServerName, name, StringComparison.OrdinalIgnoreCase))
                {
                    groups[g] = change(groups[g], replica);
                    found = true;
                    break;
                }
            }
        }

        if (!found)
        {
            throw new TopologyException(
                option + " " + Echo.Quote(name) + ": no replica of the topology has that name; replicas: " + Echo.List(names.Distinct(StringComparer.OrdinalIgnoreCase).ToList()) + ".");
        }
    }

    private static AvailabilityGroupJson Replace(AvailabilityGroupJson group, ReplicaJson replica, ReplicaJson changed)
    {
        var replicas = new List<ReplicaJson>(group.Replicas);
        replicas[replicas.IndexOf(replica)] = changed;
        return group with { Replicas = replicas };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
