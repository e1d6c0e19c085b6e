-- AgBackupClr install, step 3: one transaction replaces the assembly and its objects. The log table is kept.
-- The build writes the assembly bits into deploy.sql in place of the empty literal below.
IF OBJECT_ID(N'tempdb..#AgBackupClrInstall') IS NULL OR NOT EXISTS (SELECT 1 FROM #AgBackupClrInstall)
BEGIN
    RAISERROR(N'AgBackupClr: trusting the assembly hash failed (see the error above); nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
-- An upgrade drops objects a running job step holds (a multi-hour FULL holds dbo.usp_BackupIfPreferred), and while the
-- DROP waits, every new call of them queues behind it: every LOG job would stop. So the install waits at most 30 seconds
-- for a lock, then fails saying why and changes nothing (Msg 1222; docs/t-sql/statements/set-lock-timeout-transact-sql.md).
-- The setting lasts for the session: step 10 gives back the default, -1.
SET LOCK_TIMEOUT 30000;
BEGIN TRANSACTION;
BEGIN TRY

DECLARE @assembly varbinary(max) = 0x/*AssemblyBits*/;

IF NOT EXISTS (SELECT 1 FROM #AgBackupClrInstall WHERE hash = HASHBYTES('SHA2_512', @assembly))
    THROW 50000, N'deploy.sql is damaged: the assembly bits do not match their SHA2_512 hash. Regenerate it with dotnet build.', 1;

-- Keep the permissions granted or denied on our objects across the re-create (signatures are not kept: README).
IF OBJECT_ID(N'tempdb..#AgBackupClrPermissions') IS NOT NULL
    DROP TABLE #AgBackupClrPermissions;
SELECT CASE WHEN p.state = 'D' THEN N'DENY ' ELSE N'GRANT ' END + p.permission_name COLLATE DATABASE_DEFAULT + N' ON '
        + QUOTENAME(SCHEMA_NAME(o.schema_id)) + N'.' + QUOTENAME(o.name) + N' TO ' + QUOTENAME(pr.name)
        + CASE WHEN p.state = 'W' THEN N' WITH GRANT OPTION' ELSE N'' END + N';' AS statement_text
INTO #AgBackupClrPermissions
FROM sys.database_permissions AS p
JOIN sys.objects AS o ON o.object_id = p.major_id
JOIN sys.database_principals AS pr ON pr.principal_id = p.grantee_principal_id
WHERE p.class = 1
  AND p.state IN ('G', 'W', 'D')
  AND o.schema_id = SCHEMA_ID(N'dbo')
  AND o.name IN (N'usp_BackupIfPreferred', N'fn_ValidateBackupRequest', N'fn_BackupStatus', N'usp_LogBackupDecision', N'usp_DeleteBackupDecisionLog',
      N'usp_ObserveLogBackupLsn');

IF OBJECT_ID(N'dbo.usp_BackupIfPreferred', N'PC') IS NOT NULL
    DROP PROCEDURE dbo.usp_BackupIfPreferred;
IF OBJECT_ID(N'dbo.fn_ValidateBackupRequest', N'FT') IS NOT NULL
    DROP FUNCTION dbo.fn_ValidateBackupRequest;
IF OBJECT_ID(N'dbo.fn_BackupStatus', N'FT') IS NOT NULL
    DROP FUNCTION dbo.fn_BackupStatus;
IF OBJECT_ID(N'dbo.usp_LogBackupDecision', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_LogBackupDecision;
IF OBJECT_ID(N'dbo.usp_DeleteBackupDecisionLog', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_DeleteBackupDecisionLog;
-- Builds after 1.0.0 had the chain guard of @CleanupTime remember differential bases here; it now proves its FULLs from
-- the backup files themselves (README, "Retention in availability groups"), so the procedure and its table go.
IF OBJECT_ID(N'dbo.usp_ObserveDifferentialBase', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_ObserveDifferentialBase;
IF OBJECT_ID(N'dbo.ObservedDifferentialBase', N'U') IS NOT NULL
    DROP TABLE dbo.ObservedDifferentialBase;
IF OBJECT_ID(N'dbo.usp_ObserveLogBackupLsn', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_ObserveLogBackupLsn;
IF EXISTS (SELECT 1 FROM sys.assemblies WHERE name = N'AgBackupClr')
    DROP ASSEMBLY AgBackupClr;

CREATE ASSEMBLY AgBackupClr
    AUTHORIZATION dbo
    FROM @assembly
    WITH PERMISSION_SET = SAFE;

END TRY
BEGIN CATCH
    IF @@TRANCOUNT > 0
        ROLLBACK TRANSACTION;
    IF ERROR_NUMBER() <> 1222
        THROW;
    DECLARE @waited nvarchar(2048) = N'AgBackupClr: the install waited 30 seconds for a lock on the objects it replaces and '
        + N'gave up (Msg 1222: ' + ERROR_MESSAGE() + N'). A session is using them: most likely an Agent job step running '
        + N'dbo.usp_BackupIfPreferred, whose calls would all have queued behind this install. Nothing was changed and the '
        + N'installed version keeps working; run deploy.sql again when no AgBackupClr job step is running.';
    RAISERROR(N'%s', 16, 1, @waited);
    SET NOEXEC ON;
END CATCH;
GO
