-- AgBackupClr install, step 7: dbo.fn_BackupStatus, what this replica knows about each database's backups (README,
-- "Is every database backed up?").
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
CREATE FUNCTION dbo.fn_BackupStatus
(
    @DatabaseName sysname
)
RETURNS TABLE
(
    database_name nvarchar(128),
    group_database_id uniqueidentifier,
    availability_group_name nvarchar(128),
    replica_role nvarchar(60),
    recovery_model nvarchar(60),
    state nvarchar(60),
    last_full_finish_utc datetime,
    last_full_last_lsn numeric(25, 0),
    last_full_file nvarchar(260),
    last_diff_finish_utc datetime,
    last_diff_last_lsn numeric(25, 0),
    last_diff_file nvarchar(260),
    last_log_finish_utc datetime,
    last_log_last_lsn numeric(25, 0),
    last_log_file nvarchar(260),
    differential_base_lsn numeric(25, 0),
    differential_base_time_utc datetime,
    last_log_backup_lsn numeric(25, 0),
    last_log_backup_lsn_first_seen_utc datetime,
    log_backup_time_utc datetime,
    newest_log_backup_utc datetime,
    read_at_utc datetime
)
AS EXTERNAL NAME AgBackupClr.[AgBackupClr.Clr.TableValuedFunctions].BackupStatus;
GO
