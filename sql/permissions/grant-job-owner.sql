DECLARE @Login sysname = N'DOMAIN\SqlBackupJobOwner';
-- Grants a SQL Agent job owner that is not sysadmin exactly what dbo.usp_BackupIfPreferred needs (README,
-- "Requirements"). Set @Login above (and @AllowVerify below), then run it in the utility database where deploy.sql
-- installed AgBackupClr, on EVERY replica: logins, users and server permissions are per instance.
--   sqlcmd -S <replica> -d <utility database> -b -i sql/permissions/grant-job-owner.sql
-- Running it again changes nothing. Databases it cannot change here (the secondary copies of availability databases,
-- read-only or offline databases) are listed: an availability database gets its user and role membership on the
-- primary, and they reach the secondaries with the database.
-- @Verify = 'Y' runs RESTORE VERIFYONLY, which needs CREATE DATABASE permission (docs: t-sql/statements/
-- restore-statements-for-restoring-recovering-and-managing-backups-transact-sql.md); set 0 if your jobs never verify.
DECLARE @AllowVerify bit = 1;

SET NOCOUNT ON;
SET XACT_ABORT ON;

IF SUSER_ID(@Login) IS NULL
    THROW 50000, N'Set @Login to an existing login: the owner of the AgBackupClr Agent jobs (CREATE LOGIN it first).', 1;
IF OBJECT_ID(N'dbo.usp_BackupIfPreferred', N'PC') IS NULL OR OBJECT_ID(N'dbo.usp_LogBackupDecision', N'P') IS NULL
    OR OBJECT_ID(N'dbo.usp_DeleteBackupDecisionLog', N'P') IS NULL
    OR OBJECT_ID(N'dbo.usp_ObserveLogBackupLsn', N'P') IS NULL
    THROW 50000, N'Run this script in the utility database where deploy.sql installed AgBackupClr (sqlcmd -d <utility database>).', 1;

-- Run in each database: the login's user there (created when missing) and what it is granted. The database owner's
-- user (dbo) already has every permission in its database.
DECLARE @inDatabase nvarchar(max) = N'
DECLARE @user sysname = (SELECT name FROM sys.database_principals WHERE sid = SUSER_SID(@Login));
DECLARE @statement nvarchar(max);
IF @user IS NULL
BEGIN
    SET @user = @Login;
    SET @statement = N''CREATE USER '' + QUOTENAME(@user) + N'' FOR LOGIN '' + QUOTENAME(@Login) + N'';'';
    EXEC (@statement);
END;
IF @user <> N''dbo''
BEGIN
    SET @statement = N''ALTER ROLE db_backupoperator ADD MEMBER '' + QUOTENAME(@user) + N'';'';
    EXEC (@statement);
    IF @isUtilityDatabase = 1
    BEGIN
        SET @statement = N''GRANT EXECUTE ON dbo.usp_BackupIfPreferred TO '' + QUOTENAME(@user) + N'';''
            + N'' GRANT EXECUTE ON dbo.usp_LogBackupDecision TO '' + QUOTENAME(@user) + N'';''
            + N'' GRANT EXECUTE ON dbo.usp_DeleteBackupDecisionLog TO '' + QUOTENAME(@user) + N'';''
            + N'' GRANT EXECUTE ON dbo.usp_ObserveLogBackupLsn TO '' + QUOTENAME(@user) + N'';''
            + N'' GRANT SELECT ON dbo.fn_ValidateBackupRequest TO '' + QUOTENAME(@user) + N'';'';
        EXEC (@statement);
    END;
END;';

DECLARE @name sysname, @procedure nvarchar(300), @isUtility bit, @statement nvarchar(max);
DECLARE @skipped nvarchar(max) = NULL;

BEGIN TRANSACTION;

-- The state queries read sys.dm_hadr_* (VIEW SERVER STATE) and sys.availability_groups and sys.master_files
-- (VIEW ANY DEFINITION); the procedure says which one is missing.
SET @statement = N'GRANT VIEW SERVER STATE TO ' + QUOTENAME(@Login) + N'; GRANT VIEW ANY DEFINITION TO ' + QUOTENAME(@Login) + N';'
    + CASE WHEN @AllowVerify = 1 THEN N' GRANT CREATE ANY DATABASE TO ' + QUOTENAME(@Login) + N';' ELSE N'' END;
EXEC (@statement);

-- Every database a backup job may select, tempdb excepted: BACKUP needs db_backupoperator (or BACKUP DATABASE and
-- BACKUP LOG) in each.
DECLARE instance_databases CURSOR LOCAL FAST_FORWARD FOR
    SELECT name FROM sys.databases WHERE database_id <> 2 AND source_database_id IS NULL ORDER BY name;
OPEN instance_databases;
FETCH NEXT FROM instance_databases INTO @name;
WHILE @@FETCH_STATUS = 0
BEGIN
    IF DATABASEPROPERTYEX(@name, N'Status') = N'ONLINE' AND DATABASEPROPERTYEX(@name, N'Updateability') = N'READ_WRITE'
        AND HAS_DBACCESS(@name) = 1
    BEGIN
        SET @procedure = QUOTENAME(@name) + N'.sys.sp_executesql';
        SET @isUtility = CASE WHEN @name = DB_NAME() THEN 1 ELSE 0 END;
        EXEC @procedure @inDatabase, N'@Login sysname, @isUtilityDatabase bit', @Login = @Login, @isUtilityDatabase = @isUtility;
    END
    ELSE
        SET @skipped = CONCAT(@skipped + N', ', QUOTENAME(@name) + N' (' + CASE
            WHEN DATABASEPROPERTYEX(@name, N'Status') <> N'ONLINE' THEN CAST(DATABASEPROPERTYEX(@name, N'Status') AS nvarchar(60))
            WHEN EXISTS (SELECT 1 FROM sys.databases WHERE name = @name AND replica_id IS NOT NULL) THEN N'availability database: grant on the primary'
            WHEN DATABASEPROPERTYEX(@name, N'Updateability') = N'READ_ONLY' THEN N'read-only: a backup of it needs the grant too; set it READ_WRITE, run this again, set it back'
            ELSE N'no access' END + N')');
    FETCH NEXT FROM instance_databases INTO @name;
END;
CLOSE instance_databases;
DEALLOCATE instance_databases;

COMMIT TRANSACTION;

PRINT N'AgBackupClr: granted ' + @Login + N' what usp_BackupIfPreferred needs on this instance.';
IF @skipped IS NOT NULL
    PRINT N'Not changed here: ' + @skipped + N'.';
