using System;
using System.Collections.Generic;

namespace AgBackupClr.Model
{
    /// <summary>
    /// Instance-wide facts: SERVERPROPERTY values, @@TRANCOUNT, and whether the server collation ignores case
    /// (COLLATIONPROPERTY(SERVERPROPERTY('Collation'), 'ComparisonStyle') has bit 1 set).
    /// </summary>
    public sealed class InstanceFacts
    {
        public InstanceFacts(
            string serverName,
            string machineName,
            string? instanceName,
            int productMajorVersion,
            int engineEdition,
            bool isHadrEnabled,
            int tranCount,
            bool collationIgnoresCase,
            bool isLinux = false,
            int utcOffsetMinutes = 0)
        {
            ServerName = serverName;
            MachineName = machineName;
            InstanceName = instanceName;
            ProductMajorVersion = productMajorVersion;
            EngineEdition = engineEdition;
            IsHadrEnabled = isHadrEnabled;
            TranCount = tranCount;
            CollationIgnoresCase = collationIgnoresCase;
            IsLinux = isLinux;
            UtcOffsetMinutes = utcOffsetMinutes;
        }

        public string ServerName { get; }

        public string MachineName { get; }

        public string? InstanceName { get; }

        public int ProductMajorVersion { get; }

        public int EngineEdition { get; }

        public bool IsHadrEnabled { get; }

        public int TranCount { get; }

        public bool CollationIgnoresCase { get; }

        /// <summary>SERVERPROPERTY('EngineEdition') of Enterprise and Developer.</summary>
        public const int EnterpriseEngineEdition = 3;

        public bool IsEnterpriseEngine => EngineEdition == EnterpriseEngineEdition;

        /// <summary>sys.dm_os_host_info.host_platform is 'Linux' (SQL Server 2017 and later; 2016 runs on Windows only).</summary>
        public bool IsLinux { get; }

        /// <summary>
        /// This instance's offset from UTC now, in minutes (DATEPART(TZOFFSET, SYSDATETIMEOFFSET())): the datetime columns of
        /// the catalog views hold local time.
        /// </summary>
        public int UtcOffsetMinutes { get; }

        /// <summary>A local time of this instance, as the catalog views show it, in UTC.</summary>
        public DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local.AddMinutes(-UtcOffsetMinutes), DateTimeKind.Utc);

        /// <summary>
        /// How database names compare here: database names take the server collation
        /// (docs/relational-databases/databases/database-identifiers.md), so on a case-sensitive server 'Sales' and
        /// 'SALES' are two databases. Accent, kana and width sensitivity are not modelled.
        /// </summary>
        public StringComparison NameComparison => CollationIgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public InstanceFacts With(
            string? serverName = null,
            string? machineName = null,
            Change<string?> instanceName = default,
            int? productMajorVersion = null,
            int? engineEdition = null,
            bool? isHadrEnabled = null,
            int? tranCount = null,
            bool? collationIgnoresCase = null,
            bool? isLinux = null,
            int? utcOffsetMinutes = null) =>
            new InstanceFacts(
                serverName ?? ServerName,
                machineName ?? MachineName,
                instanceName.Or(InstanceName),
                productMajorVersion ?? ProductMajorVersion,
                engineEdition ?? EngineEdition,
                isHadrEnabled ?? IsHadrEnabled,
                tranCount ?? TranCount,
                collationIgnoresCase ?? CollationIgnoresCase,
                isLinux ?? IsLinux,
                utcOffsetMinutes ?? UtcOffsetMinutes);
    }

    /// <summary>
    /// One row of sys.databases with what the backup rules need from elsewhere. IsSnapshot is
    /// source_database_id IS NOT NULL; IsInStandby is is_in_standby. HasLogBackupBase and HasDifferentialBase are
    /// null where they are not known (on a secondary replica).
    /// </summary>
    public sealed class DatabaseFacts
    {
        public DatabaseFacts(
            string name,
            int databaseId,
            DatabaseState state,
            bool isSnapshot,
            bool isInStandby,
            RecoveryModel recoveryModel,
            bool? hasLogBackupBase,
            bool? hasDifferentialBase,
            bool isSeeding,
            string? availabilityGroupName,
            DatabaseReplicaFacts? localReplica,
            bool? isPreferredBackupReplica,
            long? dataPages = null,
            long? logPages = null,
            double? logSinceLastLogBackupMb = null,
            DateTime? lastLogBackupUtc = null,
            Guid? groupDatabaseId = null,
            decimal? differentialBaseLsn = null,
            DateTime? differentialBaseTimeUtc = null,
            decimal? lastLogBackupLsn = null,
            IReadOnlyList<OtherReplicaDatabaseFacts>? otherReplicas = null)
        {
            Name = name;
            DatabaseId = databaseId;
            State = state;
            IsSnapshot = isSnapshot;
            IsInStandby = isInStandby;
            RecoveryModel = recoveryModel;
            HasLogBackupBase = hasLogBackupBase;
            HasDifferentialBase = hasDifferentialBase;
            IsSeeding = isSeeding;
            AvailabilityGroupName = availabilityGroupName;
            LocalReplica = localReplica;
            IsPreferredBackupReplica = isPreferredBackupReplica;
            DataPages = dataPages;
            LogPages = logPages;
            LogSinceLastLogBackupMb = logSinceLastLogBackupMb;
            LastLogBackupUtc = lastLogBackupUtc;
            GroupDatabaseId = groupDatabaseId;
            DifferentialBaseLsn = differentialBaseLsn;
            DifferentialBaseTimeUtc = differentialBaseTimeUtc;
            LastLogBackupLsn = lastLogBackupLsn;
            OtherReplicas = otherReplicas ?? Array.Empty<OtherReplicaDatabaseFacts>();
        }

        public string Name { get; }

        public int DatabaseId { get; }

        public DatabaseState State { get; }

        public bool IsSnapshot { get; }

        public bool IsInStandby { get; }

        public RecoveryModel RecoveryModel { get; }

        public bool? HasLogBackupBase { get; }

        public bool? HasDifferentialBase { get; }

        public bool IsSeeding { get; }

        public string? AvailabilityGroupName { get; }

        public DatabaseReplicaFacts? LocalReplica { get; }

        public bool? IsPreferredBackupReplica { get; }

        /// <summary>
        /// The database_id SQL Server gives its system databases on every instance. They are recognised by id, never by
        /// name: on a case-sensitive server a user database may be called 'Master' or 'TEMPDB'.
        /// </summary>
        public const int MasterDatabaseId = 1;
        public const int TempdbDatabaseId = 2;
        public const int ModelDatabaseId = 3;
        public const int MsdbDatabaseId = 4;

        public bool IsInAvailabilityGroup => AvailabilityGroupName != null;

        /// <summary>master, tempdb, model and msdb (docs/relational-databases/databases/system-databases.md).</summary>
        public bool IsSystemDatabase => DatabaseId >= MasterDatabaseId && DatabaseId <= MsdbDatabaseId;

        public bool IsMaster => DatabaseId == MasterDatabaseId;

        public bool IsTempdb => DatabaseId == TempdbDatabaseId;

        /// <summary>The allocated size of the files a FULL or DIFF backup reads (every file but the log), in 8-KB pages; null when not shown.</summary>
        public long? DataPages { get; }

        /// <summary>The allocated size of the log files, in 8-KB pages; null when not shown.</summary>
        public long? LogPages { get; }

        /// <summary>sys.dm_db_log_stats.log_since_last_log_backup_mb; null where this replica cannot read it (before SQL Server 2017, on a secondary, not ONLINE).</summary>
        public double? LogSinceLastLogBackupMb { get; }

        /// <summary>
        /// sys.dm_db_log_stats.log_backup_time in UTC, null when none was taken: the one column of the view a secondary also
        /// returns (docs/relational-databases/system-dynamic-management-views/sys-dm-db-log-stats-transact-sql.md, Remarks), so
        /// the newest log backup this replica can see, wherever it was taken.
        /// </summary>
        public DateTime? LastLogBackupUtc { get; }

        /// <summary>sys.databases.group_database_id: the same on every replica of an availability database, null outside one.</summary>
        public Guid? GroupDatabaseId { get; }

        /// <summary>
        /// sys.master_files.differential_base_lsn and differential_base_time (in UTC) of the primary data file: the newest FULL
        /// that is a differential base, as this replica shows it; null when there is none or it is not shown.
        /// </summary>
        public decimal? DifferentialBaseLsn { get; }

        public DateTime? DifferentialBaseTimeUtc { get; }

        /// <summary>sys.database_recovery_status.last_log_backup_lsn: where the next log backup starts; null before the first base.</summary>
        public decimal? LastLogBackupLsn { get; }

        /// <summary>
        /// The rows of sys.dm_hadr_database_replica_states for this database on the other replicas (is_local = 0): only the
        /// primary shows them (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md).
        /// </summary>
        public IReadOnlyList<OtherReplicaDatabaseFacts> OtherReplicas { get; }

        /// <summary>This database's state on another replica, as this replica shows it; null where it is not visible.</summary>
        public DatabaseReplicaFacts? StateOn(string replicaServerName)
        {
            // Indexed, not foreach: an IReadOnlyList's enumerator is boxed, and a primary reads this for every database it skips.
            for (int i = 0; i < OtherReplicas.Count; i++)
            {
                if (string.Equals(OtherReplicas[i].ReplicaServerName, replicaServerName, StringComparison.OrdinalIgnoreCase))
                {
                    return OtherReplicas[i].State;
                }
            }

            return null;
        }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public DatabaseFacts With(
            string? name = null,
            int? databaseId = null,
            DatabaseState? state = null,
            bool? isSnapshot = null,
            bool? isInStandby = null,
            RecoveryModel? recoveryModel = null,
            Change<bool?> hasLogBackupBase = default,
            Change<bool?> hasDifferentialBase = default,
            bool? isSeeding = null,
            Change<string?> availabilityGroupName = default,
            Change<DatabaseReplicaFacts?> localReplica = default,
            Change<bool?> isPreferredBackupReplica = default,
            Change<long?> dataPages = default,
            Change<long?> logPages = default,
            Change<double?> logSinceLastLogBackupMb = default,
            Change<DateTime?> lastLogBackupUtc = default,
            Change<Guid?> groupDatabaseId = default,
            Change<decimal?> differentialBaseLsn = default,
            Change<DateTime?> differentialBaseTimeUtc = default,
            Change<decimal?> lastLogBackupLsn = default,
            IReadOnlyList<OtherReplicaDatabaseFacts>? otherReplicas = null) =>
            new DatabaseFacts(
                name ?? Name,
                databaseId ?? DatabaseId,
                state ?? State,
                isSnapshot ?? IsSnapshot,
                isInStandby ?? IsInStandby,
                recoveryModel ?? RecoveryModel,
                hasLogBackupBase.Or(HasLogBackupBase),
                hasDifferentialBase.Or(HasDifferentialBase),
                isSeeding ?? IsSeeding,
                availabilityGroupName.Or(AvailabilityGroupName),
                localReplica.Or(LocalReplica),
                isPreferredBackupReplica.Or(IsPreferredBackupReplica),
                dataPages.Or(DataPages),
                logPages.Or(LogPages),
                logSinceLastLogBackupMb.Or(LogSinceLastLogBackupMb),
                lastLogBackupUtc.Or(LastLogBackupUtc),
                groupDatabaseId.Or(GroupDatabaseId),
                differentialBaseLsn.Or(DifferentialBaseLsn),
                differentialBaseTimeUtc.Or(DifferentialBaseTimeUtc),
                lastLogBackupLsn.Or(LastLogBackupLsn),
                otherReplicas ?? OtherReplicas);
    }

    /// <summary>
    /// A row of master.sys.certificates: PrivateKeyLastBackup is pvt_key_last_backup_date, NULL until the private key is first
    /// exported (BACKUP CERTIFICATE ... WITH PRIVATE KEY).
    /// </summary>
    public sealed class CertificateFacts
    {
        public CertificateFacts(string name, DateTime? privateKeyLastBackup)
        {
            Name = name;
            PrivateKeyLastBackup = privateKeyLastBackup;
        }

        public string Name { get; }

        public DateTime? PrivateKeyLastBackup { get; }
    }

    /// <summary>A row of master.sys.asymmetric_keys: IsInExtensibleKeyManagement is provider_type = 'CRYPTOGRAPHIC PROVIDER'.</summary>
    public sealed class AsymmetricKeyFacts
    {
        public AsymmetricKeyFacts(string name, bool isInExtensibleKeyManagement)
        {
            Name = name;
            IsInExtensibleKeyManagement = isInExtensibleKeyManagement;
        }

        public string Name { get; }

        public bool IsInExtensibleKeyManagement { get; }
    }

    /// <summary>
    /// A row of sys.credentials: Identity is credential_identity ('SHARED ACCESS SIGNATURE', 'Managed Identity', 'S3 Access
    /// Key' for backups to URL, or a storage account's name).
    /// </summary>
    public sealed class CredentialFacts
    {
        public CredentialFacts(string name, string identity)
        {
            Name = name;
            Identity = identity;
        }

        public string Name { get; }

        public string Identity { get; }
    }

    /// <summary>A row of sys.dm_hadr_database_replica_states: the local one, or on the primary another replica's.</summary>
    public sealed class DatabaseReplicaFacts
    {
        public DatabaseReplicaFacts(SynchronizationState synchronizationState, bool isSuspended)
        {
            SynchronizationState = synchronizationState;
            IsSuspended = isSuspended;
        }

        public SynchronizationState SynchronizationState { get; }

        public bool IsSuspended { get; }

        /// <summary>
        /// SYNCHRONIZED or SYNCHRONIZING: the copy receives log, which SQL Server needs to back up a secondary (Msg 3062 otherwise;
        /// docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md).
        /// Suspension is apart: a suspended copy shows its state too.
        /// </summary>
        public bool IsSynchronizing =>
            SynchronizationState == SynchronizationState.Synchronized || SynchronizationState == SynchronizationState.Synchronizing;
    }

    /// <summary>A database's row of sys.dm_hadr_database_replica_states for another replica, named as sys.availability_replicas names it.</summary>
    public sealed class OtherReplicaDatabaseFacts
    {
        public OtherReplicaDatabaseFacts(string replicaServerName, DatabaseReplicaFacts state)
        {
            ReplicaServerName = replicaServerName;
            State = state;
        }

        public string ReplicaServerName { get; }

        public DatabaseReplicaFacts State { get; }
    }

    /// <summary>
    /// A row of sys.availability_replicas with the state sys.dm_hadr_availability_replica_states shows.
    /// Role, IsConnected and IsOnline are null where SQL Server does not show them (other replicas, seen
    /// from a secondary).
    /// </summary>
    public sealed class ReplicaFacts
    {
        public ReplicaFacts(
            string replicaServerName,
            int backupPriority,
            AvailabilityMode availabilityMode,
            ReplicaRole? role,
            bool? isConnected,
            bool? isOnline,
            bool isLocal)
        {
            ReplicaServerName = replicaServerName;
            BackupPriority = backupPriority;
            AvailabilityMode = availabilityMode;
            Role = role;
            IsConnected = isConnected;
            IsOnline = isOnline;
            IsLocal = isLocal;
        }

        public string ReplicaServerName { get; }

        public int BackupPriority { get; }

        public AvailabilityMode AvailabilityMode { get; }

        public ReplicaRole? Role { get; }

        public bool? IsConnected { get; }

        public bool? IsOnline { get; }

        public bool IsLocal { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public ReplicaFacts With(
            string? replicaServerName = null,
            int? backupPriority = null,
            AvailabilityMode? availabilityMode = null,
            Change<ReplicaRole?> role = default,
            Change<bool?> isConnected = default,
            Change<bool?> isOnline = default,
            bool? isLocal = null) =>
            new ReplicaFacts(
                replicaServerName ?? ReplicaServerName,
                backupPriority ?? BackupPriority,
                availabilityMode ?? AvailabilityMode,
                role.Or(Role),
                isConnected.Or(IsConnected),
                isOnline.Or(IsOnline),
                isLocal ?? IsLocal);
    }

    /// <summary>A row of sys.availability_groups with its replicas.</summary>
    public sealed class AvailabilityGroupFacts
    {
        public AvailabilityGroupFacts(
            string name,
            AutomatedBackupPreference automatedBackupPreference,
            bool isBasic,
            DistributedRole distributedRole,
            bool isContained,
            string clusterType,
            IReadOnlyList<ReplicaFacts> replicas)
        {
            Name = name;
            AutomatedBackupPreference = automatedBackupPreference;
            IsBasic = isBasic;
            DistributedRole = distributedRole;
            IsContained = isContained;
            ClusterType = clusterType;
            Replicas = replicas;
        }

        public string Name { get; }

        public AutomatedBackupPreference AutomatedBackupPreference { get; }

        public bool IsBasic { get; }

        public DistributedRole DistributedRole { get; }

        public bool IsContained { get; }

        public string ClusterType { get; }

        public IReadOnlyList<ReplicaFacts> Replicas { get; }

        public ReplicaFacts? LocalReplica
        {
            get
            {
                // Indexed, not foreach: an IReadOnlyList's enumerator is boxed, and a decision reads this several times.
                for (int i = 0; i < Replicas.Count; i++)
                {
                    if (Replicas[i].IsLocal)
                    {
                        return Replicas[i];
                    }
                }

                return null;
            }
        }

        public ReplicaRole? LocalRole => LocalReplica?.Role;

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public AvailabilityGroupFacts With(
            string? name = null,
            AutomatedBackupPreference? automatedBackupPreference = null,
            bool? isBasic = null,
            DistributedRole? distributedRole = null,
            bool? isContained = null,
            string? clusterType = null,
            IReadOnlyList<ReplicaFacts>? replicas = null) =>
            new AvailabilityGroupFacts(
                name ?? Name,
                automatedBackupPreference ?? AutomatedBackupPreference,
                isBasic ?? IsBasic,
                distributedRole ?? DistributedRole,
                isContained ?? IsContained,
                clusterType ?? ClusterType,
                replicas ?? Replicas);
    }

    /// <summary>
    /// What a caller asks: a backup type, copy-only, whether to override the preference, how @Databases chose the
    /// database, and two policies that are off by default (named as in Ola Hallengren's DatabaseBackup): non-copy-only
    /// backups on a distributed availability group's forwarder, and skipping LOG backups on the seeding source while
    /// automatic seeding runs.
    /// </summary>
    public sealed class BackupRequest
    {
        public BackupRequest(
            BackupType backupType,
            bool copyOnly,
            bool overrideBackupPreference,
            bool willExecute,
            SelectedBy selectedBy,
            bool allowNonCopyOnlyBackupsOnForwarder = false,
            bool excludeSeedingFromLogBackup = false)
        {
            BackupType = backupType;
            CopyOnly = copyOnly;
            OverrideBackupPreference = overrideBackupPreference;
            WillExecute = willExecute;
            SelectedBy = selectedBy;
            AllowNonCopyOnlyBackupsOnForwarder = allowNonCopyOnlyBackupsOnForwarder;
            ExcludeSeedingFromLogBackup = excludeSeedingFromLogBackup;
        }

        public BackupType BackupType { get; }

        public bool CopyOnly { get; }

        public bool OverrideBackupPreference { get; }

        public bool WillExecute { get; }

        public SelectedBy SelectedBy { get; }

        public bool AllowNonCopyOnlyBackupsOnForwarder { get; }

        public bool ExcludeSeedingFromLogBackup { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public BackupRequest With(
            BackupType? backupType = null,
            bool? copyOnly = null,
            bool? overrideBackupPreference = null,
            bool? willExecute = null,
            SelectedBy? selectedBy = null,
            bool? allowNonCopyOnlyBackupsOnForwarder = null,
            bool? excludeSeedingFromLogBackup = null) =>
            new BackupRequest(
                backupType ?? BackupType,
                copyOnly ?? CopyOnly,
                overrideBackupPreference ?? OverrideBackupPreference,
                willExecute ?? WillExecute,
                selectedBy ?? SelectedBy,
                allowNonCopyOnlyBackupsOnForwarder ?? AllowNonCopyOnlyBackupsOnForwarder,
                excludeSeedingFromLogBackup ?? ExcludeSeedingFromLogBackup);
    }
}

namespace AgBackupClr.Model
{
    /// <summary>How a FULL in the folders was proven to be what it is.</summary>
    public enum FullBackupProof
    {
        /// <summary>This replica's msdb recorded it (backupset and backupmediafamily), and every file of it is in the folder.</summary>
        Msdb,

        /// <summary>Another replica (or tool) wrote it: its files' own headers (RESTORE LABELONLY and HEADERONLY) say what it is.</summary>
        Header,
    }

    /// <summary>
    /// A FULL (regular or COPY_ONLY, never a snapshot) of one database whose every file is in its FULL folders now, as the
    /// guard of @CleanupTime proved it: the dates are the local time of the replica that wrote it, as in its header and as
    /// xp_delete_file compares them; CheckpointLsn is what a DIFF based on it carries as differential_base_lsn.
    /// </summary>
    public sealed class FullBackupOnDisk
    {
        public FullBackupOnDisk(IReadOnlyList<string> files, decimal checkpointLsn, bool isCopyOnly, DateTime backupStartDate, DateTime backupFinishDate, FullBackupProof provenBy)
        {
            Files = files;
            CheckpointLsn = checkpointLsn;
            IsCopyOnly = isCopyOnly;
            BackupStartDate = backupStartDate;
            BackupFinishDate = backupFinishDate;
            ProvenBy = provenBy;
        }

        public IReadOnlyList<string> Files { get; }

        public decimal CheckpointLsn { get; }

        public bool IsCopyOnly { get; }

        public DateTime BackupStartDate { get; }

        public DateTime BackupFinishDate { get; }

        public FullBackupProof ProvenBy { get; }
    }
}

namespace AgBackupClr.Model
{
    /// <summary>
    /// Where the log chain of a database stands as a run of usp_BackupIfPreferred watched it for @MaxLogAgeMinutes
    /// (dbo.ObservedLogBackupLsn): sys.database_recovery_status.last_log_backup_lsn, which every log backup moves, and when
    /// this replica first saw it there, both with UtcNow read from this replica's clock (SYSUTCDATETIME()).
    /// </summary>
    public sealed class ObservedLogBackupLsn
    {
        public ObservedLogBackupLsn(DateTime utcNow, decimal? lastLogBackupLsn, DateTime? firstSeenUtc)
        {
            UtcNow = utcNow;
            LastLogBackupLsn = lastLogBackupLsn;
            FirstSeenUtc = firstSeenUtc;
        }

        public DateTime UtcNow { get; }

        /// <summary>Null where no log backup can start (SIMPLE recovery, no full backup yet) or the database is not started.</summary>
        public decimal? LastLogBackupLsn { get; }

        /// <summary>When this replica first saw LastLogBackupLsn (now, when this run saw it first); null with it.</summary>
        public DateTime? FirstSeenUtc { get; }
    }
}
