-- Takes EXECUTE on dbo.usp_LogBackupDecision away from @LoginName's user in this database, as when a DBA ran an
-- earlier grant script that did not know that procedure. Run in the utility database after grant-job-owner.sql.
-- The user name is an identifier in REVOKE, so the statement is built with QUOTENAME.
DECLARE @userName sysname = (SELECT dp.name FROM sys.database_principals AS dp WHERE dp.sid = SUSER_SID(@LoginName));
IF @userName IS NULL
    THROW 50000, N'@LoginName has no user in this database: run grant-job-owner.sql for it first.', 1;
DECLARE @revoke nvarchar(max) = N'REVOKE EXECUTE ON dbo.usp_LogBackupDecision FROM ' + QUOTENAME(@userName) + N';';
EXEC sys.sp_executesql @revoke;
GO
