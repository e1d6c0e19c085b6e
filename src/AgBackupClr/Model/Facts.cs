using System;
using System.Collections.Generic;

namespace AgBackupClr.Model
{
    /// <summary>
    /// Instance-wide facts: SERVERPROPERTY values, @@TRANCOUNT, and whether the server collation ignores case
    /// (COLLATIONPROPERTY(SERVERPROPERTY('Collation'), 'ComparisonStyle') has bit 1 set).
    /// </summary>
    public sealed record InstanceFacts(
        string ServerName,
        string MachineName,
        string? InstanceName,
        int ProductMajorVersion,
        int EngineEdition,
        bool IsHadrEnabled,
        int TranCount,
        bool CollationIgnoresCase)
    {
        /// <summary>SERVERPROPERTY('EngineEdition') of Enterprise and Developer.</summary>
        public const int EnterpriseEngineEdition = 3;

        public bool IsEnterpriseEngine => EngineEdition == EnterpriseEngineEdition;

        /// <summary>sys.dm_os_host_info.host_platform is 'Linux' (SQL Server 2017 and later; 2016 runs on Windows only).</summary>
        public bool IsLinux { get; init; }

        /// <summary>
        /// This instance's offset from UTC now, in minutes (DATEPART(TZOFFSET, SYSDATETIMEOFFSET())): the datetime columns of
        /// the catalog views hold local time.
        /// </summary>
        public int UtcOffsetMinutes { get; init; }

        /// <summary>A local time of this instance, as the catalog views show it, in UTC.</summary>
        public DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local.AddMinutes(-UtcOffsetMinutes), DateTimeKind.Utc);

        /// <summary>
        /// How database names compare here: database names take the server collation
        /// (docs/relational-databases/databases/database-identifiers.md), so on a case-sensitive server 'Sales' and
        /// 'SALES' are two databases. Accent, kana and width sensitivity are not modelled.
        /// </summary>
        public StringComparison NameComparison => CollationIgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>
    /// One row of sys.databases with what the backup rules need from elsewhere. IsSnapshot is
    /// source_database_id IS NOT NULL; IsInStandby is is_in_standby. HasLogBackupBase and HasDifferentialBase are
    /// null where they are not known (on a secondary replica).
    /// </summary>
    public sealed record DatabaseFacts(
        string Name,
        int DatabaseId,
        DatabaseState State,
        bool IsSnapshot,
        bool IsInStandby,
        RecoveryModel RecoveryModel,
        bool? HasLogBackupBase,
        bool? HasDifferentialBase,
        bool IsSeeding,
        string? AvailabilityGroupName,
        DatabaseReplicaFacts? LocalReplica,
        bool? IsPreferredBackupReplica)
    {
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
        public long? DataPages { get; init; }

        /// <summary>The allocated size of the log files, in 8-KB pages; null when not shown.</summary>
        public long? LogPages { get; init; }

        /// <summary>sys.dm_db_log_stats.log_since_last_log_backup_mb; null where this replica cannot read it (before SQL Server 2017, on a secondary, not ONLINE).</summary>
        public double? LogSinceLastLogBackupMb { get; init; }

        /// <summary>
        /// Whether sys.dm_db_log_stats was read for this database (SQL Server 2017 and later, ONLINE): only then does a null
        /// LastLogBackupUtc mean that no log backup was ever taken.
        /// </summary>
        public bool LogBackupTimeRead { get; init; }

        /// <summary>
        /// sys.dm_db_log_stats.log_backup_time in UTC, null when none was taken: the one column of the view a secondary also
        /// returns (docs/relational-databases/system-dynamic-management-views/sys-dm-db-log-stats-transact-sql.md, Remarks), so
        /// the newest log backup this replica can see, wherever it was taken.
        /// </summary>
        public DateTime? LastLogBackupUtc { get; init; }

        /// <summary>sys.databases.create_date in UTC; null when not read.</summary>
        public DateTime? CreateDateUtc { get; init; }

        /// <summary>sys.databases.group_database_id: the same on every replica of an availability database, null outside one.</summary>
        public Guid? GroupDatabaseId { get; init; }

        /// <summary>
        /// sys.master_files.differential_base_lsn and differential_base_time (in UTC) of the primary data file: the newest FULL
        /// that is a differential base, as this replica shows it; null when there is none or it is not shown.
        /// </summary>
        public decimal? DifferentialBaseLsn { get; init; }

        public DateTime? DifferentialBaseTimeUtc { get; init; }

        /// <summary>sys.database_recovery_status.last_log_backup_lsn: where the next log backup starts; null before the first base.</summary>
        public decimal? LastLogBackupLsn { get; init; }

        /// <summary>
        /// The rows of sys.dm_hadr_database_replica_states for this database on the other replicas (is_local = 0): only the
        /// primary shows them (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md).
        /// </summary>
        public IReadOnlyList<OtherReplicaDatabaseFacts> OtherReplicas { get; init; } = Array.Empty<OtherReplicaDatabaseFacts>();

        /// <summary>This database's state on another replica, as this replica shows it; null where it is not visible.</summary>
        public DatabaseReplicaFacts? StateOn(string replicaServerName)
        {
            foreach (OtherReplicaDatabaseFacts other in OtherReplicas)
            {
                if (string.Equals(other.ReplicaServerName, replicaServerName, StringComparison.OrdinalIgnoreCase))
                {
                    return other.State;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// A row of master.sys.certificates: PrivateKeyLastBackup is pvt_key_last_backup_date, NULL until the private key is first
    /// exported (BACKUP CERTIFICATE ... WITH PRIVATE KEY).
    /// </summary>
    public sealed record CertificateFacts(string Name, DateTime? PrivateKeyLastBackup);

    /// <summary>A row of master.sys.asymmetric_keys: IsInExtensibleKeyManagement is provider_type = 'CRYPTOGRAPHIC PROVIDER'.</summary>
    public sealed record AsymmetricKeyFacts(string Name, bool IsInExtensibleKeyManagement);

    /// <summary>
    /// A row of sys.credentials: Identity is credential_identity ('SHARED ACCESS SIGNATURE', 'Managed Identity', 'S3 Access
    /// Key' for backups to URL, or a storage account's name).
    /// </summary>
    public sealed record CredentialFacts(string Name, string Identity);

    /// <summary>A row of sys.dm_hadr_database_replica_states: the local one, or on the primary another replica's.</summary>
    public sealed record DatabaseReplicaFacts(SynchronizationState SynchronizationState, bool IsSuspended)
    {
        /// <summary>
        /// SYNCHRONIZED or SYNCHRONIZING: the copy receives log, which SQL Server needs to back up a secondary (Msg 3062 otherwise;
        /// docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md).
        /// Suspension is apart: a suspended copy shows its state too.
        /// </summary>
        public bool IsSynchronizing =>
            SynchronizationState == SynchronizationState.Synchronized || SynchronizationState == SynchronizationState.Synchronizing;
    }

    /// <summary>A database's row of sys.dm_hadr_database_replica_states for another replica, named as sys.availability_replicas names it.</summary>
    public sealed record OtherReplicaDatabaseFacts(string ReplicaServerName, DatabaseReplicaFacts State);

    /// <summary>
    /// A row of sys.availability_replicas with the state sys.dm_hadr_availability_replica_states shows.
    /// Role, IsConnected and IsOnline are null where SQL Server does not show them (other replicas, seen
    /// from a secondary).
    /// </summary>
    public sealed record ReplicaFacts(
        string ReplicaServerName,
        int BackupPriority,
        AvailabilityMode AvailabilityMode,
        ReplicaRole? Role,
        bool? IsConnected,
        bool? IsOnline,
        bool IsLocal);

    /// <summary>A row of sys.availability_groups with its replicas.</summary>
    public sealed record AvailabilityGroupFacts(
        string Name,
        AutomatedBackupPreference AutomatedBackupPreference,
        bool IsBasic,
        DistributedRole DistributedRole,
        bool IsContained,
        string ClusterType,
        IReadOnlyList<ReplicaFacts> Replicas)
    {
        public ReplicaFacts? LocalReplica
        {
            get
            {
                foreach (ReplicaFacts replica in Replicas)
                {
                    if (replica.IsLocal)
                    {
                        return replica;
                    }
                }

                return null;
            }
        }

        public ReplicaRole? LocalRole => LocalReplica?.Role;
    }

    /// <summary>
    /// What a caller asks: a backup type, copy-only, whether to override the preference, how @Databases chose the
    /// database, and two policies that are off by default (named as in Ola Hallengren's DatabaseBackup): non-copy-only
    /// backups on a distributed availability group's forwarder, and skipping LOG backups on the seeding source while
    /// automatic seeding runs.
    /// </summary>
    public sealed record BackupRequest(
        BackupType BackupType,
        bool CopyOnly,
        bool OverrideBackupPreference,
        bool WillExecute,
        SelectedBy SelectedBy,
        bool AllowNonCopyOnlyBackupsOnForwarder = false,
        bool ExcludeSeedingFromLogBackup = false);
}

namespace AgBackupClr.Model
{
    /// <summary>
    /// A differential base of a database as a run of usp_BackupIfPreferred saw it in sys.master_files (file_id 1):
    /// differential_base_lsn and differential_base_time (the time of that LSN, near the start of the FULL that made it), and
    /// when this replica first saw it. The times are this instance's local time, as in backup headers and xp_delete_file.
    /// </summary>
    public sealed record ObservedBase(decimal Lsn, DateTime BeginTime, DateTime FirstSeen);
}
