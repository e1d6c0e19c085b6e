-- What README "Requirements" asks for a reader of dbo.fn_BackupStatus beyond the job's grants, in two steps so a test
-- can leave out the second: SELECT on the function and the log watch it reads (@Step = 1, run in the utility database), then SELECT on
-- msdb.dbo.backupset, msdb.dbo.backupmediafamily and msdb.dbo.restorehistory (@Step = 2, run in msdb). The user is @LoginName's user in the
-- database the script runs in (grant-job-owner.sql created one in every database), an identifier built with QUOTENAME.
DECLARE @userName sysname = (SELECT dp.name FROM sys.database_principals AS dp WHERE dp.sid = SUSER_SID(@LoginName));
IF @userName IS NULL
    THROW 50000, N'@LoginName has no user in this database: run grant-job-owner.sql for it first.', 1;
DECLARE @grant nvarchar(max) = CASE @Step
    WHEN 1 THEN N'GRANT SELECT ON dbo.fn_BackupStatus TO ' + QUOTENAME(@userName) + N'; GRANT SELECT ON dbo.ObservedLogBackupLsn TO ' + QUOTENAME(@userName) + N';'
    WHEN 2 THEN N'GRANT SELECT ON dbo.backupset TO ' + QUOTENAME(@userName) + N'; GRANT SELECT ON dbo.backupmediafamily TO ' + QUOTENAME(@userName)
        + N'; GRANT SELECT ON dbo.restorehistory TO ' + QUOTENAME(@userName) + N';'
END;
IF @grant IS NULL
    THROW 50000, N'@Step is 1 (the function, in the utility database) or 2 (the history tables, in msdb).', 1;
EXEC sys.sp_executesql @grant;
GO
