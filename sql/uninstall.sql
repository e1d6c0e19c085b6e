-- Removes everything deploy.sql added to the current database, and the assembly hashes it trusted.
-- The decision log table goes too: copy dbo.BackupDecisionLog first if its history matters.
-- 'clr enabled' is left as it is, because other assemblies on the instance may need it.
-- Run on every replica: sqlcmd -S <replica> -d <utility database> -b -i sql/uninstall.sql
SET NOCOUNT ON;
SET XACT_ABORT ON;
GO
BEGIN TRANSACTION;

IF OBJECT_ID(N'dbo.usp_BackupIfPreferred', N'PC') IS NOT NULL
    DROP PROCEDURE dbo.usp_BackupIfPreferred;
IF OBJECT_ID(N'dbo.fn_ValidateBackupRequest', N'FT') IS NOT NULL
    DROP FUNCTION dbo.fn_ValidateBackupRequest;
IF EXISTS (SELECT 1 FROM sys.assemblies WHERE name = N'AgBackupClr')
    DROP ASSEMBLY AgBackupClr;
IF OBJECT_ID(N'dbo.BackupDecisionLog', N'U') IS NOT NULL
    DROP TABLE dbo.BackupDecisionLog;

IF CAST(SERVERPROPERTY(N'ProductMajorVersion') AS int) >= 14
BEGIN
    EXEC sys.sp_executesql
        N'DECLARE @hash varbinary(64);
DECLARE hashes CURSOR LOCAL FAST_FORWARD FOR
    SELECT hash FROM sys.trusted_assemblies WHERE description = N''AgBackupClr deploy.sql'';
OPEN hashes;
FETCH NEXT FROM hashes INTO @hash;
WHILE @@FETCH_STATUS = 0
BEGIN
    EXEC sys.sp_drop_trusted_assembly @hash = @hash;
    FETCH NEXT FROM hashes INTO @hash;
END;
CLOSE hashes;
DEALLOCATE hashes;';
END;

COMMIT TRANSACTION;
PRINT N'AgBackupClr removed from database ' + DB_NAME() + N'.';
GO
