using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>Whether SQL Server accepts a backup statement on a replica, and if not, the sentence that says why.</summary>
    public readonly struct Support
    {
        private Support(bool isAllowed, string? whyNot)
        {
            IsAllowed = isAllowed;
            WhyNot = whyNot;
        }

        public bool IsAllowed { get; }

        /// <summary>Null when allowed; otherwise a clause such as "SQL Server 16 allows only ...".</summary>
        public string? WhyNot { get; }

        public static Support Allowed => new Support(true, null);

        public static Support NotAllowed(string whyNot) => new Support(false, whyNot);
    }

    /// <summary>
    /// The one place that says which backups a replica may take: F1 (secondaries), F3 (SQL Server 2025),
    /// F4 (basic AGs, edition) and F5 (distributed AGs). When SQL Server changes these rules, only this class changes.
    /// </summary>
    public static class ReplicaBackupRules
    {
        /// <summary>
        /// SQL Server 2025 (17.x) is the first version that takes regular FULL and DIFF backups on a secondary.
        /// docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md
        /// </summary>
        public const int FirstVersionWithFullAndDiffOnSecondaries = 17;

        /// <summary>Whether an ordinary secondary replica of this AG, on an instance like this one, may take the backup.</summary>
        public static Support OnSecondary(InstanceFacts instance, AvailabilityGroupFacts group, BackupType type, bool copyOnly)
        {
            // docs/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups.md
            if (group.IsBasic)
            {
                return Support.NotAllowed("a basic availability group allows no backups on its secondary replica");
            }

            // Active secondaries (backups on secondaries) are an Enterprise feature: EngineEdition 3.
            if (!instance.IsEnterpriseEngine)
            {
                return Support.NotAllowed(
                    "backups on a secondary replica need Enterprise or Developer edition (EngineEdition 3), and this instance is EngineEdition "
                    + instance.EngineEdition.ToString(CultureInfo.InvariantCulture));
            }

            switch (type)
            {
                case BackupType.Log:
                    // docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md
                    return copyOnly
                        ? Support.NotAllowed("SQL Server does not allow COPY_ONLY log backups on a secondary replica")
                        : Support.Allowed;
                case BackupType.Full:
                    return copyOnly || instance.ProductMajorVersion >= FirstVersionWithFullAndDiffOnSecondaries
                        ? Support.Allowed
                        : Support.NotAllowed(BeforeFullAndDiff(instance) + " allows only COPY_ONLY FULL backups on a secondary replica");
                case BackupType.Diff:
                    return instance.ProductMajorVersion >= FirstVersionWithFullAndDiffOnSecondaries
                        ? Support.Allowed
                        : Support.NotAllowed(BeforeFullAndDiff(instance) + " does not allow differential backups on a secondary replica");
                default:
                    // docs: RESTORE statements are not allowed on either the primary or secondary databases of an AG.
                    return Support.NotAllowed("RESTORE is not allowed on availability group databases");
            }
        }

        /// <summary>
        /// Whether this replica, in the role it has now, may take the backup. The primary of an ordinary AG (or of the
        /// AG that holds a distributed AG's global primary) takes everything; the forwarder takes only copy-only FULL;
        /// secondaries of a distributed AG's secondary AG take nothing (docs/database-engine/availability-groups/windows/distributed-availability-groups.md).
        /// </summary>
        public static Support OnThisReplica(InstanceFacts instance, AvailabilityGroupFacts group, ReplicaRole role, BackupType type, bool copyOnly)
        {
            bool isSecondaryAgOfDistributedAg = group.DistributedRole == DistributedRole.Secondary;
            if (role == ReplicaRole.Primary)
            {
                if (!isSecondaryAgOfDistributedAg)
                {
                    return Support.Allowed;
                }

                return type == BackupType.Full && copyOnly
                    ? Support.Allowed
                    : Support.NotAllowed("the forwarder of a distributed availability group takes only COPY_ONLY FULL backups");
            }

            if (isSecondaryAgOfDistributedAg)
            {
                return Support.NotAllowed("a secondary replica of a distributed availability group's secondary availability group takes no backups");
            }

            return OnSecondary(instance, group, type, copyOnly);
        }

        private static string BeforeFullAndDiff(InstanceFacts instance) =>
            "SQL Server " + instance.ProductMajorVersion.ToString(CultureInfo.InvariantCulture) + ".x (before SQL Server 2025)";
    }
}
