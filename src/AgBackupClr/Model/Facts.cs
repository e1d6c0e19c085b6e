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

    /// <summary>The local row of sys.dm_hadr_database_replica_states.</summary>
    public sealed record DatabaseReplicaFacts(SynchronizationState SynchronizationState, bool IsSuspended);

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
