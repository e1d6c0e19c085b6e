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

COMMIT TRANSACTION;
PRINT N'AgBackupClr installed in database ' + DB_NAME() + N' as "' + (SELECT description FROM #AgBackupClrInstall)
    + N'": dbo.usp_BackupIfPreferred, dbo.fn_ValidateBackupRequest, dbo.usp_LogBackupDecision, dbo.BackupDecisionLog,'
    + N' dbo.usp_ObserveDifferentialBase, dbo.ObservedDifferentialBase.';
DROP TABLE #AgBackupClrInstall;
GO
