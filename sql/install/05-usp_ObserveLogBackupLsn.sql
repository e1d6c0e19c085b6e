-- AgBackupClr install, step 5c: what @MaxLogAgeMinutes watches. A run that watches a database's log chain records
-- sys.database_recovery_status.last_log_backup_lsn (where the next log backup starts: every log backup moves it, on the
-- replica that took it and, through the database, on the others) whenever it differs from the newest recorded for the
-- database, with when this replica first saw it by its own clock (SYSUTCDATETIME()): no time zone is involved. The
-- watch needs only the newest row of a database, so each recording deletes the older rows and the rows of databases
-- that no longer exist. The table is created once and kept across upgrades, like dbo.BackupDecisionLog, so an
-- upgrade does not restart the watch. Names compare as binary: on a case-sensitive server 'Sales' and 'SALES' are two
-- databases with two log chains.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
IF OBJECT_ID(N'dbo.ObservedLogBackupLsn', N'U') IS NULL
    CREATE TABLE dbo.ObservedLogBackupLsn
    (
        database_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
        last_log_backup_lsn numeric(25, 0) NOT NULL,
        first_seen_utc datetime2(3) NOT NULL,
        CONSTRAINT PK_ObservedLogBackupLsn PRIMARY KEY CLUSTERED (database_name, first_seen_utc, last_log_backup_lsn)
    );
GO
-- Through this dbo-owned procedure the job owner needs EXECUTE, not INSERT, DELETE or SELECT on the table (as with
-- usp_LogBackupDecision). It answers where the log chain stands now (@last_log_backup_lsn, NULL when no log
-- backup can start yet) and since when this replica has seen it there (@first_seen_utc), both read with @utc_now, this
-- replica's clock. @record = 0 (a dry run) records nothing and answers as if it had: an LSN not recorded yet is first
-- seen now.
CREATE PROCEDURE dbo.usp_ObserveLogBackupLsn
    @database_name nvarchar(128),
    @record bit,
    @utc_now datetime2(3) = NULL OUTPUT,
    @last_log_backup_lsn numeric(25, 0) = NULL OUTPUT,
    @first_seen_utc datetime2(3) = NULL OUTPUT
AS
SET NOCOUNT ON;
SET @utc_now = SYSUTCDATETIME();
SET @first_seen_utc = NULL;
SET @last_log_backup_lsn = (
    SELECT rs.last_log_backup_lsn FROM sys.database_recovery_status AS rs WHERE rs.database_id = DB_ID(@database_name));
-- NULL: in SIMPLE recovery or before the first full backup no log backup can start, and a database that is not started
-- shows none: nothing moves that could be watched, so nothing is recorded.
IF @last_log_backup_lsn IS NULL
    RETURN;
IF @record = 1
BEGIN
    -- A row when the LSN differs from the newest recorded, and one only when two jobs of this replica observe at once:
    -- the database's range stays locked until the insert.
    INSERT INTO dbo.ObservedLogBackupLsn (database_name, last_log_backup_lsn, first_seen_utc)
    SELECT @database_name, @last_log_backup_lsn, @utc_now
    WHERE ISNULL((
        SELECT TOP (1) o.last_log_backup_lsn FROM dbo.ObservedLogBackupLsn AS o WITH (UPDLOCK, HOLDLOCK)
        WHERE o.database_name = @database_name
        ORDER BY o.first_seen_utc DESC, o.last_log_backup_lsn DESC), -1) <> @last_log_backup_lsn;
    -- Only the newest row of a database says since when its LSN stands where it does.
    DELETE o FROM dbo.ObservedLogBackupLsn AS o
    WHERE o.database_name = @database_name
      AND o.first_seen_utc < (SELECT MAX(n.first_seen_utc) FROM dbo.ObservedLogBackupLsn AS n WHERE n.database_name = @database_name);
    -- A database dropped or renamed is watched no more. One the caller cannot see in sys.databases (VIEW ANY DATABASE,
    -- which public has by default) counts as gone too: its watch starts again when it is seen, later, never falsely.
    DELETE o FROM dbo.ObservedLogBackupLsn AS o
    WHERE NOT EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.name COLLATE Latin1_General_100_BIN2 = o.database_name);
END;
SELECT TOP (1) @first_seen_utc = CASE WHEN o.last_log_backup_lsn = @last_log_backup_lsn THEN o.first_seen_utc END
FROM dbo.ObservedLogBackupLsn AS o
WHERE o.database_name = @database_name
ORDER BY o.first_seen_utc DESC, o.last_log_backup_lsn DESC;
SET @first_seen_utc = ISNULL(@first_seen_utc, @utc_now);
GO
