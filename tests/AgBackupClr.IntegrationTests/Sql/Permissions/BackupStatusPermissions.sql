-- What the connected login may read for dbo.fn_BackupStatus, asked as that login in the utility database: the function
-- itself, the log watch it reads, and the three msdb tables StateQueries.BackupHistoryPermission asks about the same way.
-- HAS_PERMS_BY_NAME answers NULL for an object the caller cannot see, which for this question means "may not".
SELECT
    ISNULL(HAS_PERMS_BY_NAME(N'dbo.fn_BackupStatus', N'OBJECT', N'SELECT'), 0) AS can_read_status,
    ISNULL(HAS_PERMS_BY_NAME(N'dbo.ObservedLogBackupLsn', N'OBJECT', N'SELECT'), 0) AS can_read_log_watch,
    ISNULL(HAS_PERMS_BY_NAME(N'msdb.dbo.backupset', N'OBJECT', N'SELECT'), 0) AS can_read_backupset,
    ISNULL(HAS_PERMS_BY_NAME(N'msdb.dbo.backupmediafamily', N'OBJECT', N'SELECT'), 0) AS can_read_backupmediafamily,
    ISNULL(HAS_PERMS_BY_NAME(N'msdb.dbo.restorehistory', N'OBJECT', N'SELECT'), 0) AS can_read_restorehistory;
