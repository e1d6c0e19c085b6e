using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// A group whose replicas run different versions is in a rolling upgrade. The docs set AUTOMATED_BACKUP_PREFERENCE PRIMARY
/// before the first secondary is upgraded: "During a version upgrade, no replicas will be readable or available for backups"
/// (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md). Each
/// replica's job decides from its own version, and none sees the others', so under another preference a backup may be
/// taken on two replicas (one of which SQL Server refuses) or by none: the plan says so above its rows. (Where the preferred
/// replica is an older secondary, the primary sees its copy NOT SYNCHRONIZING and refuses: none takes it, but a job fails.)
/// </summary>
public static class RollingUpgrade
{
    public static IReadOnlyList<string> Warnings(Topology topology)
    {
        var warnings = new List<string>();
        foreach (TopologyGroup group in topology.AvailabilityGroups)
        {
            var versions = new List<string>();
            var distinct = new HashSet<int>();
            foreach (TopologyReplica replica in group.Replicas)
            {
                if (replica.AvailabilityMode != AvailabilityMode.ConfigurationOnly)
                {
                    int version = topology.InstanceOf(replica).ProductMajorVersion;
                    distinct.Add(version);
                    versions.Add(replica.ReplicaServerName + " " + version.ToString(CultureInfo.InvariantCulture));
                }
            }

            if (distinct.Count > 1 && group.AutomatedBackupPreference != AutomatedBackupPreference.Primary)
            {
                warnings.Add(
                    "the replicas of " + Echo.Line(group.Name) + " run different versions (" + Echo.List(versions, false) + ") and its AUTOMATED_BACKUP_PREFERENCE is "
                    + SqlNames.Of(group.AutomatedBackupPreference) + ": during a version upgrade no replica is available for backups (Microsoft's upgrade steps), and each replica "
                    + "decides from its own version only, so a backup may run on two replicas or on none. Set it to PRIMARY until every replica is upgraded.");
            }
        }

        return warnings;
    }
}
