using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>Why SQL Server would not accept a backup statement on a replica.</summary>
    public enum SupportLimit
    {
        None,
        BasicAvailabilityGroup,
        EngineEdition,
        CopyOnlyLogOnSecondary,
        OnlyCopyOnlyFullOnSecondary,
        NoDifferentialOnSecondary,
        RestoreOnAvailabilityGroupDatabase,
        ForwarderTakesOnlyCopyOnlyFull,
        SecondaryOfSecondaryAvailabilityGroup,
    }

    /// <summary>Whether SQL Server accepts a backup statement on a replica and, if not, why (as a clause, written when read).</summary>
    public readonly struct Support
    {
        private readonly InstanceFacts instance;

        public Support(SupportLimit limit, InstanceFacts instance)
        {
            Limit = limit;
            this.instance = instance;
        }

        public SupportLimit Limit { get; }

        public bool IsAllowed => Limit == SupportLimit.None;

        /// <summary>Null when allowed; otherwise a clause such as "SQL Server 16.x (before SQL Server 2025) allows only ...".</summary>
        public string? WhyNot => Limit switch
        {
            SupportLimit.None => null,
            SupportLimit.BasicAvailabilityGroup => "a basic availability group allows no backups on its secondary replica",
            SupportLimit.EngineEdition =>
                "backups on a secondary replica need Enterprise or Developer edition (EngineEdition 3), and this instance is EngineEdition "
                + instance.EngineEdition.ToString(CultureInfo.InvariantCulture),
            SupportLimit.CopyOnlyLogOnSecondary => "SQL Server does not allow COPY_ONLY log backups on a secondary replica",
            SupportLimit.OnlyCopyOnlyFullOnSecondary => BeforeFullAndDiff() + " allows only COPY_ONLY FULL backups on a secondary replica",
            SupportLimit.NoDifferentialOnSecondary => BeforeFullAndDiff() + " does not allow differential backups on a secondary replica",
            SupportLimit.RestoreOnAvailabilityGroupDatabase => "RESTORE is not allowed on availability group databases",
            SupportLimit.ForwarderTakesOnlyCopyOnlyFull =>
                "the forwarder of a distributed availability group takes only COPY_ONLY FULL backups unless @AllowNonCopyOnlyBackupsOnForwarder = 'Y' "
                + "(a policy, not a SQL Server limit: FULL, DIFF and LOG backups at two sites would split the log chain)",
            _ => "a secondary replica of a distributed availability group's secondary availability group takes no backups",
        };

        private string BeforeFullAndDiff() =>
            "SQL Server " + instance.ProductMajorVersion.ToString(CultureInfo.InvariantCulture) + ".x (before SQL Server 2025)";
    }

    /// <summary>
    /// The one place that says which backups a replica may take (docs/rules.md): F1 (secondaries), F3 (SQL Server 2025),
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
        public static Support OnSecondary(InstanceFacts instance, AvailabilityGroupFacts group, BackupType type, bool copyOnly) =>
            new Support(SecondaryLimit(instance, group, type, copyOnly), instance);

        /// <summary>
        /// Whether this replica, in the role it has now, may take the backup. The primary of an ordinary AG (or of the
        /// AG that holds a distributed AG's global primary) takes everything; secondaries of a distributed AG's
        /// secondary AG take nothing (docs/database-engine/availability-groups/windows/distributed-availability-groups.md).
        /// The docs allow any backup on the forwarder, but FULL, DIFF and LOG there split the log chain between two
        /// sites, so like Ola Hallengren's DatabaseBackup it takes only COPY_ONLY FULL unless the caller allows more.
        /// </summary>
        public static Support OnThisReplica(InstanceFacts instance, AvailabilityGroupFacts group, ReplicaRole role, BackupRequest request)
        {
            bool isSecondaryAgOfDistributedAg = group.DistributedRole == DistributedRole.Secondary;
            if (role == ReplicaRole.Primary)
            {
                bool forwarderMayTakeIt = (request.BackupType == BackupType.Full && request.CopyOnly) || request.AllowNonCopyOnlyBackupsOnForwarder;
                return new Support(!isSecondaryAgOfDistributedAg || forwarderMayTakeIt ? SupportLimit.None : SupportLimit.ForwarderTakesOnlyCopyOnlyFull, instance);
            }

            return isSecondaryAgOfDistributedAg
                ? new Support(SupportLimit.SecondaryOfSecondaryAvailabilityGroup, instance)
                : OnSecondary(instance, group, request.BackupType, request.CopyOnly);
        }

        /// <summary>
        /// Whether a secondary of an ordinary (not basic) availability group on an instance like this one may take the
        /// backup: only then can the backup preference decide where it runs, and sys.fn_hadr_backup_is_preferred_replica,
        /// which can take seconds with many availability groups (docs/rules.md F7), is worth asking.
        /// </summary>
        public static bool PreferenceCanDecide(InstanceFacts instance, BackupType type, bool copyOnly) =>
            InstanceLimit(instance, type, copyOnly) == SupportLimit.None;

        private static SupportLimit SecondaryLimit(InstanceFacts instance, AvailabilityGroupFacts group, BackupType type, bool copyOnly)
        {
            // docs/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups.md
            return group.IsBasic ? SupportLimit.BasicAvailabilityGroup : InstanceLimit(instance, type, copyOnly);
        }

        private static SupportLimit InstanceLimit(InstanceFacts instance, BackupType type, bool copyOnly)
        {
            // Active secondaries (backups on secondaries) are an Enterprise feature: EngineEdition 3.
            if (!instance.IsEnterpriseEngine)
            {
                return SupportLimit.EngineEdition;
            }

            bool from2025 = instance.ProductMajorVersion >= FirstVersionWithFullAndDiffOnSecondaries;
            switch (type)
            {
                case BackupType.Log:
                    // docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md
                    return copyOnly ? SupportLimit.CopyOnlyLogOnSecondary : SupportLimit.None;
                case BackupType.Full:
                    return copyOnly || from2025 ? SupportLimit.None : SupportLimit.OnlyCopyOnlyFullOnSecondary;
                case BackupType.Diff:
                    return from2025 ? SupportLimit.None : SupportLimit.NoDifferentialOnSecondary;
                default:
                    // docs: RESTORE statements are not allowed on either the primary or secondary databases of an AG.
                    return SupportLimit.RestoreOnAvailabilityGroupDatabase;
            }
        }
    }
}
