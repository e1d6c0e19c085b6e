-- AgBackupClr install, step 8: give back the permissions, commit, and say what was installed.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
DECLARE @grant nvarchar(max);
DECLARE grants CURSOR LOCAL FAST_FORWARD FOR SELECT statement_text FROM #AgBackupClrPermissions;
OPEN grants;
FETCH NEXT FROM grants INTO @grant;
WHILE @@FETCH_STATUS = 0
BEGIN
    EXEC sys.sp_executesql @grant;
    FETCH NEXT FROM grants INTO @grant;
END;
CLOSE grants;
DEALLOCATE grants;
DROP TABLE #AgBackupClrPermissions;

-- Whoever may run usp_BackupIfPreferred may run the procedures it calls (their T-SQL is checked as the caller), so an
-- upgrade that adds one keeps a job owner without sysadmin working. A GRANT or DENY already there is left as it is.
DECLARE calls CURSOR LOCAL FAST_FORWARD FOR
    SELECT N'GRANT EXECUTE ON dbo.' + QUOTENAME(called.name) + N' TO ' + QUOTENAME(pr.name) + N';'
    FROM sys.database_permissions AS p
    JOIN sys.database_principals AS pr ON pr.principal_id = p.grantee_principal_id
    CROSS JOIN (VALUES (N'usp_LogBackupDecision'), (N'usp_DeleteBackupDecisionLog'), (N'usp_ObserveLogBackupLsn')) AS called (name)
    WHERE p.class = 1
      AND p.major_id = OBJECT_ID(N'dbo.usp_BackupIfPreferred')
      AND p.permission_name = N'EXECUTE'
      AND p.state IN ('G', 'W')
      AND NOT EXISTS (
          SELECT 1 FROM sys.database_permissions AS q
          WHERE q.class = 1 AND q.major_id = OBJECT_ID(N'dbo.' + called.name)
            AND q.grantee_principal_id = p.grantee_principal_id AND q.permission_name = N'EXECUTE');
OPEN calls;
FETCH NEXT FROM calls INTO @grant;
WHILE @@FETCH_STATUS = 0
BEGIN
    EXEC sys.sp_executesql @grant;
    FETCH NEXT FROM calls INTO @grant;
END;
CLOSE calls;
DEALLOCATE calls;

-- Whoever may read dbo.fn_BackupStatus may read the log watch it reports (its T-SQL is checked as the caller too), so an
-- upgrade that adds dbo.ObservedLogBackupLsn keeps a monitoring login working. A GRANT or DENY already there is left as it is.
DECLARE readers CURSOR LOCAL FAST_FORWARD FOR
    SELECT N'GRANT SELECT ON dbo.ObservedLogBackupLsn TO ' + QUOTENAME(pr.name) + N';'
    FROM sys.database_permissions AS p
    JOIN sys.database_principals AS pr ON pr.principal_id = p.grantee_principal_id
    WHERE p.class = 1
      AND p.major_id = OBJECT_ID(N'dbo.fn_BackupStatus')
      AND p.permission_name = N'SELECT'
      AND p.state IN ('G', 'W')
      AND NOT EXISTS (
          SELECT 1 FROM sys.database_permissions AS q
          WHERE q.class = 1 AND q.major_id = OBJECT_ID(N'dbo.ObservedLogBackupLsn')
            AND q.grantee_principal_id = p.grantee_principal_id AND q.permission_name = N'SELECT');
OPEN readers;
FETCH NEXT FROM readers INTO @grant;
WHILE @@FETCH_STATUS = 0
BEGIN
    EXEC sys.sp_executesql @grant;
    FETCH NEXT FROM readers INTO @grant;
END;
CLOSE readers;
DEALLOCATE readers;

COMMIT TRANSACTION;
PRINT N'AgBackupClr installed in database ' + DB_NAME() + N' as "' + (SELECT description FROM #AgBackupClrInstall)
    + N'": dbo.usp_BackupIfPreferred, dbo.fn_ValidateBackupRequest, dbo.fn_BackupStatus, dbo.usp_LogBackupDecision, dbo.usp_DeleteBackupDecisionLog,'
    + N' dbo.BackupDecisionLog, dbo.usp_ObserveLogBackupLsn, dbo.ObservedLogBackupLsn.';
DROP TABLE #AgBackupClrInstall;
GO
