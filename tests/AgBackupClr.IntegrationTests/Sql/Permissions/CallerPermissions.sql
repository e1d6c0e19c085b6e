-- What the connected login may do here, asked as that login: whether it is sysadmin, and whether it may run the
-- procedure and the log and log backup LSN procedures the procedure writes through. Run in the utility database.
-- HAS_PERMS_BY_NAME answers NULL for an object the caller cannot see, which for this question means "may not".
SELECT
    SUSER_SNAME() AS login_name,
    IS_SRVROLEMEMBER(N'sysadmin') AS is_sysadmin,
    ISNULL(HAS_PERMS_BY_NAME(N'dbo.usp_BackupIfPreferred', N'OBJECT', N'EXECUTE'), 0) AS can_run_procedure,
    ISNULL(HAS_PERMS_BY_NAME(N'dbo.usp_LogBackupDecision', N'OBJECT', N'EXECUTE'), 0) AS can_log_decision,
    ISNULL(HAS_PERMS_BY_NAME(N'dbo.usp_ObserveLogBackupLsn', N'OBJECT', N'EXECUTE'), 0) AS can_observe_log_backup_lsn;
