namespace AgBackupClr.Engine
{
    /// <summary>
    /// The queries that read a replica's state, each a constant so a test can parse it and check its columns
    /// against the documented columns of the views it reads. They run with the caller's permissions.
    /// </summary>
    public static class StateQueries
    {
        /// <summary>
        /// docs/t-sql/functions/serverproperty-transact-sql.md; HAS_PERMS_BY_NAME so a missing permission gets a clear
        /// message. ComparisonStyle of the server collation is a bitmask whose bit 1 is "ignore case"
        /// (docs/t-sql/functions/collation-functions-collationproperty-transact-sql.md); database names compare under it.
        /// </summary>
        public const string Instance = @"SELECT
    CAST(SERVERPROPERTY(N'ServerName') AS nvarchar(128)) AS server_name,
    CAST(SERVERPROPERTY(N'MachineName') AS nvarchar(128)) AS machine_name,
    CAST(SERVERPROPERTY(N'InstanceName') AS nvarchar(128)) AS instance_name,
    CAST(SERVERPROPERTY(N'ProductMajorVersion') AS int) AS product_major_version,
    CAST(SERVERPROPERTY(N'EngineEdition') AS int) AS engine_edition,
    CAST(SERVERPROPERTY(N'IsHadrEnabled') AS int) AS is_hadr_enabled,
    @@TRANCOUNT AS tran_count,
    CAST(COLLATIONPROPERTY(CAST(SERVERPROPERTY(N'Collation') AS nvarchar(128)), N'ComparisonStyle') AS int) & 1 AS collation_ignores_case,
    HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') AS has_view_server_state,
    HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW ANY DEFINITION') AS has_view_any_definition,
    DATEPART(TZOFFSET, SYSDATETIMEOFFSET()) AS utc_offset_minutes;";

        /// <summary>
        /// One row per database, or only @database_name's when it is not NULL: fn_ValidateBackupRequest asks about one
        /// database, and sys.fn_hadr_backup_is_preferred_replica can be slow with many availability groups (docs/rules.md F7;
        /// olahallengren/sql-server-maintenance-solution#1170). So it is asked only where its answer can decide: for
        /// databases of an availability group that is not basic, and only when @ask_preferred_replica says the backup
        /// type is one a secondary of this instance may take (ReplicaBackupRules.PreferenceCanDecide). For a database in no
        /// group it is always 1. last_log_backup_lsn is NULL until the first full backup in FULL or BULK_LOGGED recovery,
        /// and also when the database is offline or will not start (database_guid is then NULL too: the base is unknown,
        /// never "missing"; docs/relational-databases/system-catalog-views/sys-database-recovery-status-transact-sql.md);
        /// differential_base_lsn of the primary data file (file_id 1) is the differential base. is_seeding: this replica is
        /// the source of a running automatic seeding (role_desc Source or Forwarder; docs/relational-databases/
        /// system-dynamic-management-views/sys-dm-hadr-physical-seeding-stats.md). source_database_id is not NULL for a
        /// database snapshot; is_in_standby is 1 between RESTORE LOG ... WITH STANDBY and recovery, and, like other
        /// columns, may be NULL for a database that is not ONLINE, whose state then decides. data_pages and log_pages are the
        /// allocated size of the database's files in 8-KB pages, the log (type 1) apart
        /// (docs/relational-databases/system-catalog-views/sys-master-files-transact-sql.md): @MaxFileSize splits a backup by them.
        /// The LSNs and times after them are what fn_BackupStatus shows of the database itself (local times: sys.master_files.
        /// differential_base_time is datetime); group_database_id is the same on every replica of an availability database
        /// (docs/relational-databases/system-catalog-views/sys-databases-transact-sql.md).
        /// </summary>
        public const string Databases = @"SELECT
    d.name,
    d.database_id,
    d.state,
    CAST(CASE WHEN d.source_database_id IS NULL THEN 0 ELSE 1 END AS bit) AS is_snapshot,
    CAST(ISNULL(d.is_in_standby, 0) AS bit) AS is_in_standby,
    d.recovery_model,
    CAST(CASE WHEN rs.database_guid IS NULL THEN NULL WHEN rs.last_log_backup_lsn IS NULL THEN 0 ELSE 1 END AS bit) AS has_log_backup_base,
    CAST(CASE WHEN mf.differential_base_lsn IS NULL THEN 0 ELSE 1 END AS bit) AS has_differential_base,
    CAST(CASE WHEN EXISTS (
        SELECT 1 FROM sys.dm_hadr_physical_seeding_stats AS ps
        WHERE ps.local_database_id = d.database_id AND ps.end_time_utc IS NULL
          AND ps.role_desc IN (N'Source', N'Forwarder')) THEN 1 ELSE 0 END AS bit) AS is_seeding,
    ag.name AS availability_group_name,
    drs.synchronization_state,
    drs.is_suspended,
    CASE WHEN ag.name IS NOT NULL AND ag.basic_features = 0 AND @ask_preferred_replica = 1
        THEN sys.fn_hadr_backup_is_preferred_replica(d.name) END AS is_preferred_backup_replica,
    (SELECT SUM(CAST(df.size AS bigint)) FROM sys.master_files AS df WHERE df.database_id = d.database_id AND df.type <> 1) AS data_pages,
    (SELECT SUM(CAST(lf.size AS bigint)) FROM sys.master_files AS lf WHERE lf.database_id = d.database_id AND lf.type = 1) AS log_pages,
    d.group_database_id,
    mf.differential_base_lsn,
    mf.differential_base_time,
    rs.last_log_backup_lsn
FROM sys.databases AS d
LEFT JOIN sys.database_recovery_status AS rs ON rs.database_id = d.database_id
LEFT JOIN sys.master_files AS mf ON mf.database_id = d.database_id AND mf.file_id = 1
LEFT JOIN sys.dm_hadr_database_replica_states AS drs ON drs.database_id = d.database_id AND drs.is_local = 1
LEFT JOIN sys.availability_replicas AS ar ON ar.replica_id = d.replica_id
LEFT JOIN sys.availability_groups AS ag ON ag.group_id = ar.group_id
WHERE @database_name IS NULL OR d.name = @database_name
ORDER BY d.database_id;";

        /// <summary>
        /// Each database's state on the other replicas of its availability group (not a distributed one): on the primary,
        /// sys.dm_hadr_database_replica_states has a row per database and replica, is_local = 0 for the others; on a secondary it
        /// has only the local rows, so this returns nothing there
        /// (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md).
        /// group_database_id is the same on every replica of an availability database.
        /// </summary>
        public const string OtherReplicaDatabases = @"SELECT
    d.name,
    ar.replica_server_name,
    drs.synchronization_state,
    drs.is_suspended
FROM sys.dm_hadr_database_replica_states AS drs
JOIN sys.availability_replicas AS ar ON ar.replica_id = drs.replica_id
JOIN sys.availability_groups AS ag ON ag.group_id = ar.group_id AND ag.is_distributed = 0
JOIN sys.databases AS d ON d.group_database_id = drs.group_database_id
WHERE drs.is_local = 0 AND (@database_name IS NULL OR d.name = @database_name);";

        /// <summary>
        /// One row per replica of each availability group (not the distributed ones). The state columns are NULL for
        /// replicas this instance cannot see: on a secondary, every replica but the local one.
        /// </summary>
        public const string Replicas = @"SELECT
    ag.name AS availability_group_name,
    ag.automated_backup_preference,
    ag.basic_features,
    ar.replica_server_name,
    ar.backup_priority,
    ar.availability_mode,
    ars.role,
    ars.connected_state,
    ars.operational_state,
    CAST(ISNULL(ars.is_local, 0) AS bit) AS is_local
FROM sys.availability_groups AS ag
JOIN sys.availability_replicas AS ar ON ar.group_id = ag.group_id
LEFT JOIN sys.dm_hadr_availability_replica_states AS ars ON ars.replica_id = ar.replica_id
WHERE ag.is_distributed = 0
ORDER BY ag.name, ar.replica_server_name;";

        /// <summary>
        /// The member availability groups of distributed availability groups with their roles: a distributed AG's
        /// replicas are named after its member AGs (docs/database-engine/availability-groups/windows/distributed-availability-groups.md).
        /// Only the primary replica of a member AG sees the role.
        /// </summary>
        public const string DistributedMembers = @"SELECT
    ar.replica_server_name AS member_group_name,
    ars.role
FROM sys.availability_groups AS dag
JOIN sys.availability_replicas AS ar ON ar.group_id = dag.group_id
LEFT JOIN sys.dm_hadr_availability_replica_states AS ars ON ars.replica_id = ar.replica_id
WHERE dag.is_distributed = 1;";

        /// <summary>sys.availability_groups.cluster_type_desc exists from SQL Server 2017 (14.x).</summary>
        public const string ClusterTypes = @"SELECT ag.name AS availability_group_name, ag.cluster_type_desc
FROM sys.availability_groups AS ag
WHERE ag.is_distributed = 0;";

        /// <summary>sys.availability_groups.is_contained exists from SQL Server 2022 (16.x).</summary>
        public const string Contained = @"SELECT ag.name AS availability_group_name, ag.is_contained
FROM sys.availability_groups AS ag
WHERE ag.is_distributed = 0;";

        /// <summary>
        /// The operating system this replica runs on, 'Windows' or 'Linux', from SQL Server 2017 (14.x); SQL Server 2016 runs
        /// on Windows only (docs/relational-databases/system-dynamic-management-views/sys-dm-os-host-info-transact-sql.md).
        /// </summary>
        public const string HostPlatform = @"SELECT hi.host_platform
FROM sys.dm_os_host_info AS hi;";

        /// <summary>
        /// The certificates BACKUP ... WITH ENCRYPTION (SERVER CERTIFICATE = ...) may name: they live in master
        /// (docs/t-sql/statements/backup-transact-sql.md, ENCRYPTION), on each instance apart. pvt_key_last_backup_date is NULL
        /// until the private key is exported (docs/relational-databases/system-catalog-views/sys-certificates-transact-sql.md).
        /// </summary>
        public const string Certificates = @"SELECT c.name, c.pvt_key_last_backup_date
FROM master.sys.certificates AS c;";

        /// <summary>
        /// The asymmetric keys in master; backup encryption takes only keys in an EKM provider, whose provider_type is
        /// CRYPTOGRAPHIC PROVIDER (docs/relational-databases/backup-restore/backup-encryption.md, Restrictions;
        /// docs/relational-databases/system-catalog-views/sys-asymmetric-keys-transact-sql.md).
        /// </summary>
        public const string AsymmetricKeys = @"SELECT k.name, k.provider_type
FROM master.sys.asymmetric_keys AS k;";

        /// <summary>
        /// The server-level credentials BACKUP TO URL authenticates with: one named after the container or bucket URL, or the
        /// one WITH CREDENTIAL names (docs/t-sql/statements/backup-transact-sql.md, URL and CREDENTIAL;
        /// docs/relational-databases/system-catalog-views/sys-credentials-transact-sql.md). Each instance has its own.
        /// </summary>
        public const string Credentials = @"SELECT cr.name, cr.credential_identity
FROM sys.credentials AS cr;";

        /// <summary>
        /// The log written since the last log backup, for @DatabaseOrder, and the time of the last log backup, which
        /// fn_BackupStatus shows: sys.dm_db_log_stats, from SQL Server 2016 SP2, read here from 2017 (14.x). A secondary returns
        /// only database_id, recovery_model and log_backup_time
        /// (docs/relational-databases/system-dynamic-management-views/sys-dm-db-log-stats-transact-sql.md, Remarks);
        /// log_backup_time is 1900-01-01 before the first log backup. Only for ONLINE databases that are not snapshots: a NULL
        /// database_id would mean the current database.
        /// </summary>
        public const string LogStats = @"SELECT d.name, ls.log_since_last_log_backup_mb, ls.log_backup_time
FROM sys.databases AS d
CROSS APPLY sys.dm_db_log_stats(d.database_id) AS ls
WHERE d.state = 0 AND d.source_database_id IS NULL AND (@database_name IS NULL OR d.name = @database_name);";

        /// <summary>
        /// Whether the caller may read this instance's backup history, so fn_BackupStatus can say which GRANT is missing
        /// instead of failing with Msg 229 (docs/t-sql/functions/has-perms-by-name-transact-sql.md).
        /// </summary>
        public const string BackupHistoryPermission = @"SELECT
    HAS_PERMS_BY_NAME(N'msdb.dbo.backupset', N'OBJECT', N'SELECT') AS can_read_backupset,
    HAS_PERMS_BY_NAME(N'msdb.dbo.backupmediafamily', N'OBJECT', N'SELECT') AS can_read_backupmediafamily,
    HAS_PERMS_BY_NAME(N'msdb.dbo.restorehistory', N'OBJECT', N'SELECT') AS can_read_restorehistory;";

        /// <summary>
        /// The newest regular FULL ('D'), DIFF ('I') and LOG ('L') this instance took of each database, for fn_BackupStatus:
        /// msdb keys its history by database name, and copy-only backups are outside the sequence, as in agbackup status
        /// (docs/relational-databases/system-tables/backupset-transact-sql.md; backupmediafamily-transact-sql.md: the first
        /// family of mirror 0 names the file). backup_finish_date is this instance's local time; time_zone its offset from UTC
        /// in 15-minute intervals, 127 when unknown. A RESTORE writes backupset rows too, for the backup it read: those named in
        /// restorehistory (restorehistory-transact-sql.md) are another server's backups or copies, not backups this instance
        /// took; RESTORE VERIFYONLY (restore_type V) restores nothing. Two backups finished in the same instant both come back;
        /// the reader keeps one. backupset is read once and ranked per database and type (RANK, so that such a tie keeps both)
        /// instead of asking, for each row, whether a newer one exists: an msdb nobody purges holds years of log backups, and
        /// that self-join grew with the square of them. A newest backup without last_lsn still hides the older ones, as it
        /// always did: it is ranked first and then left out.
        /// </summary>
        public const string BackupHistory = @"SELECT
    h.database_name,
    h.type,
    h.backup_finish_date,
    h.time_zone,
    h.last_lsn,
    f.physical_device_name
FROM (
    SELECT
        b.database_name,
        b.type,
        b.backup_finish_date,
        b.time_zone,
        b.last_lsn,
        b.media_set_id,
        RANK() OVER (PARTITION BY b.database_name, b.type ORDER BY b.backup_finish_date DESC) AS newest
    FROM msdb.dbo.backupset AS b
    WHERE b.type IN ('D', 'I', 'L') AND ISNULL(b.is_copy_only, 0) = 0 AND b.backup_finish_date IS NOT NULL
      AND (@database_name IS NULL OR b.database_name = @database_name)
      AND NOT EXISTS (
          SELECT 1 FROM msdb.dbo.restorehistory AS r
          WHERE r.backup_set_id = b.backup_set_id AND (r.restore_type IS NULL OR r.restore_type <> 'V'))
) AS h
LEFT JOIN msdb.dbo.backupmediafamily AS f ON f.media_set_id = h.media_set_id AND f.family_sequence_number = 1 AND f.mirror = 0
WHERE h.newest = 1 AND h.last_lsn IS NOT NULL;";

        public const int FirstVersionWithLogStats = 14;

        public const int FirstVersionWithClusterType = 14;
        public const int FirstVersionWithHostInfo = 14;
        public const int FirstVersionWithContainedGroups = 16;

        /// <summary>
        /// The FULLs of @database_name this replica's msdb recorded, each media family's paths (mirrors included) a row, by position:
        /// checkpoint_lsn, is_copy_only, backup_start_date, backup_finish_date, media_family_count, family_sequence_number,
        /// physical_device_name, backup_set_id, family_guid (the database's at creation, kept by a RESTORE, so a same-named
        /// database of another origin proves nothing). Only backups taken here: a RESTORE writes a backupset row too, which restorehistory
        /// names; no snapshot (is_snapshot), no damaged backup (is_damaged), disk devices only (device_type 2)
        /// (docs/relational-databases/system-tables/backupset-transact-sql.md, backupmediafamily-transact-sql.md, backupmediaset-transact-sql.md).
        /// </summary>
        public const string RecordedFulls = @"SELECT bs.checkpoint_lsn, bs.is_copy_only, bs.backup_start_date, bs.backup_finish_date, ms.media_family_count,
    mf.family_sequence_number, mf.physical_device_name, bs.backup_set_id, bs.family_guid
FROM msdb.dbo.backupset AS bs
INNER JOIN msdb.dbo.backupmediaset AS ms ON ms.media_set_id = bs.media_set_id
INNER JOIN msdb.dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id
WHERE bs.database_name = @database_name AND bs.type = 'D' AND bs.is_snapshot = 0 AND bs.is_damaged = 0 AND mf.device_type = 2
    AND bs.checkpoint_lsn IS NOT NULL AND bs.backup_finish_date IS NOT NULL AND ms.media_family_count IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM msdb.dbo.restorehistory AS rh WHERE rh.backup_set_id = bs.backup_set_id)
ORDER BY bs.backup_set_id, mf.family_sequence_number;";

        /// <summary>
        /// The family_guid of @database_name: the ID of the original database at creation, which a RESTORE keeps, so every
        /// replica's copy and every backup of it carry it (docs/relational-databases/system-catalog-views/sys-database-recovery-status-transact-sql.md).
        /// </summary>
        public const string DatabaseFamily = @"SELECT drs.family_guid
FROM sys.database_recovery_status AS drs
WHERE drs.database_id = DB_ID(@database_name);";
    }
}
