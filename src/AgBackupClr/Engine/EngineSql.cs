namespace AgBackupClr.Engine
{
    /// <summary>
    /// The T-SQL the SQLCLR entry points run besides the state queries and the BACKUP commands, kept here (not in the
    /// net48-only entry points) so the tests can parse it and check it against deploy.sql.
    /// </summary>
    public static class EngineSql
    {
        /// <summary>
        /// One row of dbo.BackupDecisionLog, through the dbo-owned procedure deploy.sql creates: T-SQL sent over the context
        /// connection is permission-checked as the caller, and ownership chaining lets EXECUTE on the procedure suffice.
        /// @id NULL writes a new row and returns its id; an id completes that row. Each other parameter carries the result
        /// row's column of the same name.
        /// </summary>
        public const string LogDecision = @"EXEC dbo.usp_LogBackupDecision
    @id = @id OUTPUT,
    @database_name = @database_name, @availability_group_name = @availability_group_name, @replica_role = @replica_role,
    @backup_type = @backup_type, @copy_only = @copy_only, @action = @action, @reason_code = @reason_code, @reason = @reason,
    @is_preferred_replica = @is_preferred_replica, @preferred_replica_name = @preferred_replica_name, @command = @command,
    @backup_file = @backup_file, @started_at = @started_at, @finished_at = @finished_at, @error_number = @error_number,
    @error_message = @error_message;";

        /// <summary>
        /// The files of one folder, not of its subfolders: the undocumented xp_dirtree (depth 1, files too), which maintenance
        /// scripts have long used, as SQL Server's service account sees the folder; a folder that does not exist has no rows.
        /// Columns by position: subdirectory (the name), depth, file (1 for a file).
        /// </summary>
        public const string ListFolder = "EXECUTE master.dbo.xp_dirtree @folder, 1, 1;";

        /// <summary>The media label of one file: MediaSetId, FamilyCount, FamilySequenceNumber read by name (docs/t-sql/statements/restore-statements-labelonly-transact-sql.md).</summary>
        public const string ReadLabel = "RESTORE LABELONLY FROM DISK = @file;";

        /// <summary>
        /// The backup sets of one file, read by column name: the columns grow with each version
        /// (docs/t-sql/statements/restore-statements-headeronly-transact-sql.md).
        /// </summary>
        public const string ReadHeader = "RESTORE HEADERONLY FROM DISK = @file;";

        /// <summary>The columns of RESTORE LABELONLY read, by name.</summary>
        public static class LabelColumns
        {
            public const string MediaSetId = "MediaSetId";
            public const string FamilyCount = "FamilyCount";
            public const string FamilySequenceNumber = "FamilySequenceNumber";
        }

        /// <summary>The columns of RESTORE HEADERONLY read, by name; a password-protected backup set has them NULL and proves nothing.</summary>
        public static class HeaderColumns
        {
            public const string BackupType = "BackupType";
            public const string DatabaseName = "DatabaseName";
            public const string CheckpointLsn = "CheckpointLSN";
            public const string BackupStartDate = "BackupStartDate";
            public const string BackupFinishDate = "BackupFinishDate";
            public const string IsSnapshot = "IsSnapshot";
            public const string IsDamaged = "IsDamaged";
            public const string IsCopyOnly = "IsCopyOnly";
            public const string FamilyGuid = "FamilyGUID";
        }

        /// <summary>
        /// Records sys.database_recovery_status.last_log_backup_lsn of @database_name when it differs from the newest recorded, and
        /// answers it with when this replica first saw it, through the dbo-owned procedure deploy.sql creates (EXECUTE on it is all
        /// the job owner needs). @utc_now is SYSUTCDATETIME(): the watch of @MaxLogAgeMinutes runs on this replica's clock.
        /// </summary>
        public const string ObserveLogBackupLsn = @"EXEC dbo.usp_ObserveLogBackupLsn @database_name = @database_name, @record = @record, @utc_now = @utc_now OUTPUT,
    @last_log_backup_lsn = @last_log_backup_lsn OUTPUT, @first_seen_utc = @first_seen_utc OUTPUT;";

        /// <summary>The procedure ObserveLogBackupLsn runs, which the job owner needs EXECUTE on with @MaxLogAgeMinutes.</summary>
        public const string ObserveLogBackupLsnProcedure = "dbo.usp_ObserveLogBackupLsn";

        /// <summary>
        /// What dbo.fn_BackupStatus shows of the log watch: every row of dbo.ObservedLogBackupLsn (the watch keeps one per
        /// database), matched in C# to the exact names sys.databases gives. Filtered here by the name the caller typed, the
        /// table's binary collation would miss 'Sales' asked as N'sales' on a case-insensitive server. T-SQL a CLR function
        /// sends is checked as its caller, so the reader needs SELECT on the table, which ObservedLogBackupLsnPermission asks first.
        /// </summary>
        public const string ObservedLogBackupLsns = @"SELECT o.database_name, o.last_log_backup_lsn, o.first_seen_utc
FROM dbo.ObservedLogBackupLsn AS o;";

        /// <summary>Whether the caller may read dbo.ObservedLogBackupLsn, so fn_BackupStatus names the GRANT instead of failing with Msg 229.</summary>
        public const string ObservedLogBackupLsnPermission =
            "SELECT HAS_PERMS_BY_NAME(N'dbo.ObservedLogBackupLsn', N'OBJECT', N'SELECT') AS can_read_observed_log_backup_lsn;";

        /// <summary>The procedure LogDecision runs, which the job owner needs EXECUTE on.</summary>
        public const string LogProcedure = "dbo.usp_LogBackupDecision";

        /// <summary>
        /// One batch of the decision log's retention, through the dbo-owned procedure deploy.sql creates (ownership chaining, as
        /// for LogDecision): at most @batch_size rows logged before @logged_before are deleted, and @deleted_rows says how many.
        /// </summary>
        public const string DeleteLogBatch =
            "EXEC dbo.usp_DeleteBackupDecisionLog @logged_before = @logged_before, @batch_size = @batch_size, @deleted_rows = @deleted_rows OUTPUT;";

        /// <summary>The procedure DeleteLogBatch runs, which the job owner needs EXECUTE on.</summary>
        public const string DeleteLogProcedure = "dbo.usp_DeleteBackupDecisionLog";

        /// <summary>
        /// The GRANT that mends Msg 229 (a missing permission, docs: database engine error 229) on one of the procedures above,
        /// in the words every message uses, with a leading space and no end: the caller adds its alternative or a full stop.
        /// </summary>
        public static string GrantToTheJobOwner(string procedure) =>
            " GRANT EXECUTE ON " + procedure + " TO the login that runs the job (sql/permissions/grant-job-owner.sql grants all it needs)";

        /// <summary>
        /// Whether a folder exists, as SQL Server's service account sees it, from SQL Server 2017 (14.x): sys.dm_os_file_exists is
        /// undocumented (Ola Hallengren's DatabaseBackup checks @Directory with it); the integration tests pin its columns.
        /// </summary>
        public const string FolderExists = @"SELECT fe.file_exists, fe.file_is_a_directory, fe.parent_directory_exists
FROM sys.dm_os_file_exists(@path) AS fe;";

        /// <summary>The same on SQL Server 2016, through the undocumented xp_fileexist, whose three columns come in the same order.</summary>
        public const string FolderExistsBefore2017 = "EXECUTE master.dbo.xp_fileexist @path;";

        public const int FirstVersionWithFileExists = 14;

        /// <summary>THROW, not RAISERROR: the message may hold % from database names, which RAISERROR would read as format codes.</summary>
        public const string ThrowFinalError = "THROW 50000, @message, 1;";
    }
}
