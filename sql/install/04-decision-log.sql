-- AgBackupClr install, step 4: the decision log. Created once and kept across upgrades: it is the DBA's history.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
IF OBJECT_ID(N'dbo.BackupDecisionLog', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.BackupDecisionLog
    (
        id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_BackupDecisionLog PRIMARY KEY CLUSTERED,
        logged_at datetime2(3) NOT NULL CONSTRAINT DF_BackupDecisionLog_logged_at DEFAULT (SYSUTCDATETIME()),
        server_name nvarchar(128) NOT NULL CONSTRAINT DF_BackupDecisionLog_server_name DEFAULT (CAST(SERVERPROPERTY(N'ServerName') AS nvarchar(128))),
        database_name nvarchar(128) NULL,
        availability_group_name nvarchar(128) NULL,
        replica_role nvarchar(60) NULL,
        backup_type nvarchar(10) NULL,
        copy_only bit NULL,
        action nvarchar(10) NOT NULL,
        reason_code nvarchar(60) NOT NULL,
        reason nvarchar(max) NOT NULL,
        is_preferred_replica bit NULL,
        preferred_replica_name nvarchar(256) NULL,
        command nvarchar(max) NULL,
        backup_file nvarchar(max) NULL,
        started_at datetime2(3) NULL,
        finished_at datetime2(3) NULL,
        error_number int NULL,
        error_message nvarchar(max) NULL
    );
    CREATE INDEX IX_BackupDecisionLog_database_name ON dbo.BackupDecisionLog (database_name, logged_at);
END;
GO
-- Upgrade from 1.1 and earlier: backup_file was nvarchar(260), one file. A striped backup lists every file, one a line
-- (up to 64 paths of 260 characters), so the column widens; the rows it holds are kept as they are.
IF EXISTS (SELECT 1 FROM sys.columns AS c
           WHERE c.object_id = OBJECT_ID(N'dbo.BackupDecisionLog', N'U') AND c.name = N'backup_file' AND c.max_length <> -1)
    ALTER TABLE dbo.BackupDecisionLog ALTER COLUMN backup_file nvarchar(max) NULL;
GO
-- The retention (@LogRetentionDays) deletes the oldest rows by logged_at, and README's "Why did nothing back up?"
-- counts the last day's decisions by reason_code and action: both seek this index, and the count reads nothing else.
-- A database's newest decisions (README: WHERE database_name = ... ORDER BY logged_at DESC, id DESC) are read in order
-- from IX_BackupDecisionLog_database_name, whose key SQL Server ends with the clustered key id
-- (docs/relational-databases/sql-server-index-design-guide.md, Column Considerations).
-- A table kept from an earlier version gets it too; on millions of rows the first install takes a while to build it.
IF NOT EXISTS (SELECT 1 FROM sys.indexes AS i
               WHERE i.object_id = OBJECT_ID(N'dbo.BackupDecisionLog', N'U') AND i.name = N'IX_BackupDecisionLog_logged_at')
    CREATE INDEX IX_BackupDecisionLog_logged_at ON dbo.BackupDecisionLog (logged_at) INCLUDE (action, reason_code);
GO
