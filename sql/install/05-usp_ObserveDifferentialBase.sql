-- AgBackupClr install, step 5b: what the chain guard of @CleanupTime knows. Each run of usp_BackupIfPreferred with
-- @CleanupTime records the differential base it reads in sys.master_files (the FULL every later backup of the chain
-- needs, whichever replica took it) whenever it differs from the newest recorded for the database, with when this replica
-- first saw it: a RESTORE back to an older FULL is a row of its own. The table is
-- created once and kept across upgrades, like dbo.BackupDecisionLog: its history is what lets cleanup start at once.
-- Times are this instance's local time (SYSDATETIME()), as in backup headers and xp_delete_file. Names compare as
-- binary: on a case-sensitive server 'Sales' and 'SALES' are two databases with two chains.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
IF OBJECT_ID(N'dbo.ObservedDifferentialBase', N'U') IS NULL
    CREATE TABLE dbo.ObservedDifferentialBase
    (
        database_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
        differential_base_lsn numeric(25, 0) NOT NULL,
        differential_base_time datetime NOT NULL,
        first_seen datetime2(3) NOT NULL,
        CONSTRAINT PK_ObservedDifferentialBase PRIMARY KEY CLUSTERED (database_name, first_seen, differential_base_lsn)
    );
GO
-- Through this dbo-owned procedure the job owner needs EXECUTE, not INSERT or SELECT on the table (as with
-- usp_LogBackupDecision). @record = 0 (a dry run) records nothing and returns the base read now as if it were.
-- sys.master_files needs VIEW ANY DEFINITION, which the state queries already need.
CREATE PROCEDURE dbo.usp_ObserveDifferentialBase
    @database_name nvarchar(128),
    @record bit,
    @local_now datetime2(3) = NULL OUTPUT
AS
SET NOCOUNT ON;
DECLARE @lsn numeric(25, 0), @time datetime;
SET @local_now = SYSDATETIME();
SELECT @lsn = mf.differential_base_lsn, @time = mf.differential_base_time
FROM sys.master_files AS mf
WHERE mf.database_id = DB_ID(@database_name) AND mf.file_id = 1;
-- A row when the base differs from the newest recorded, and one only when two jobs of this replica observe at once: the
-- database's range stays locked until the insert.
IF @record = 1 AND @lsn IS NOT NULL AND @time IS NOT NULL
    INSERT INTO dbo.ObservedDifferentialBase (database_name, differential_base_lsn, differential_base_time, first_seen)
    SELECT @database_name, @lsn, @time, @local_now
    WHERE ISNULL((
        SELECT TOP (1) o.differential_base_lsn FROM dbo.ObservedDifferentialBase AS o WITH (UPDLOCK, HOLDLOCK)
        WHERE o.database_name = @database_name
        ORDER BY o.first_seen DESC, o.differential_base_lsn DESC), -1) <> @lsn;
SELECT o.differential_base_lsn, o.differential_base_time, o.first_seen
FROM dbo.ObservedDifferentialBase AS o
WHERE o.database_name = @database_name
UNION ALL
SELECT @lsn, @time, @local_now
WHERE @record = 0 AND @lsn IS NOT NULL AND @time IS NOT NULL AND ISNULL((
    SELECT TOP (1) o.differential_base_lsn FROM dbo.ObservedDifferentialBase AS o
    WHERE o.database_name = @database_name
    ORDER BY o.first_seen DESC, o.differential_base_lsn DESC), -1) <> @lsn;
GO
