-- AgBackupClr install, step 5 (with usp_LogBackupDecision): usp_BackupIfPreferred keeps dbo.BackupDecisionLog to
-- @LogRetentionDays through this procedure. Like the log writes, the delete goes through a dbo-owned procedure, so
-- ownership chaining lets EXECUTE on it suffice: the job owner needs no DELETE on the table. Each call deletes at most
-- @batch_size rows logged before @logged_before in one statement, its own transaction when the caller has none, so no
-- lock is held for long and the log can reuse its space between calls; usp_BackupIfPreferred calls it until a call
-- deletes fewer. @logged_before is UTC, as logged_at is (named after msdb's sysmail_delete_log_sp @logged_before).
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
CREATE PROCEDURE dbo.usp_DeleteBackupDecisionLog
    @logged_before datetime2(3),
    @batch_size int,
    @deleted_rows int OUTPUT
AS
SET NOCOUNT ON;
-- EXECUTE on this procedure must not become a way to empty the log: no cutoff younger than the shortest retention (one day).
IF @logged_before IS NULL OR @logged_before > DATEADD(DAY, -1, SYSUTCDATETIME())
    THROW 50000, N'dbo.usp_DeleteBackupDecisionLog deletes only rows logged more than one day ago (@LogRetentionDays is at least 1).', 1;
DELETE TOP (@batch_size) FROM dbo.BackupDecisionLog
WHERE logged_at < @logged_before;
SET @deleted_rows = @@ROWCOUNT;
GO
