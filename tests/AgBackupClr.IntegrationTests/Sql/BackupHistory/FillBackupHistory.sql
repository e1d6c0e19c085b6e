-- Adds generated rows to msdb.dbo.backupset, in master: @Rows rows numbered from @FirstNumber, spread over the databases
-- AgBackupHistory1 to AgBackupHistory<@DatabaseCount> (only the first three exist; msdb keeps history by name), mostly
-- LOG with a DIFF every 11th and a FULL every 97th row, every 13th copy-only, one finish time per 40 rows so that some
-- backups of one database and type finish in the same instant, every 503rd without last_lsn and every 701st unfinished.
-- With @EdgeCases = 1 it also adds, finished after all of those: a newest FULL of AgBackupHistory1 that is copy-only, two
-- newest FULLs of AgBackupHistory2 finished in the same instant, and a newest FULL of AgBackupHistory3 without last_lsn.
-- Each row is a copy of the newest backup of AgBackupHistory1 with those columns changed: the columns come from msdb's own
-- catalog, so the copy is right on every version whatever columns backupset has and which of them allow NULL.
IF OBJECT_ID(N'tempdb..#HistoryRows') IS NOT NULL
    DROP TABLE #HistoryRows;
CREATE TABLE #HistoryRows
(
    n int NOT NULL,
    database_name nvarchar(128) NOT NULL,
    type char(1) NOT NULL,
    is_copy_only bit NOT NULL,
    finished datetime NULL,
    has_last_lsn bit NOT NULL
);

INSERT INTO #HistoryRows (n, database_name, type, is_copy_only, finished, has_last_lsn)
SELECT
    g.n,
    N'AgBackupHistory' + CONVERT(nvarchar(10), g.n % @DatabaseCount + 1),
    CASE WHEN g.n % 97 = 0 THEN 'D' WHEN g.n % 11 = 0 THEN 'I' ELSE 'L' END,
    CASE WHEN g.n % 13 = 0 THEN 1 ELSE 0 END,
    CASE WHEN g.n % 701 = 0 THEN NULL ELSE DATEADD(MINUTE, (g.n / 40) * 40, CONVERT(datetime, '20200101', 112)) END,
    CASE WHEN g.n % 503 = 0 THEN 0 ELSE 1 END
FROM (
    SELECT TOP (@Rows) @FirstNumber + ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) - 1 AS n
    FROM sys.all_columns AS a
    CROSS JOIN sys.all_columns AS b
) AS g;

IF @EdgeCases = 1
    INSERT INTO #HistoryRows (n, database_name, type, is_copy_only, finished, has_last_lsn)
    VALUES
        (2000000001, N'AgBackupHistory1', 'D', 1, CONVERT(datetime, '20300101', 112), 1),
        (2000000002, N'AgBackupHistory2', 'D', 0, CONVERT(datetime, '20300101', 112), 1),
        (2000000003, N'AgBackupHistory2', 'D', 0, CONVERT(datetime, '20300101', 112), 1),
        (2000000004, N'AgBackupHistory3', 'D', 0, CONVERT(datetime, '20300101', 112), 0);

DECLARE @template int = (SELECT MAX(backup_set_id) FROM msdb.dbo.backupset WHERE database_name = N'AgBackupHistory1');
IF @template IS NULL
    THROW 50000, N'Back up AgBackupHistory1 first (CreateHistoryDatabases.sql): its backupset row is the template.', 1;

DECLARE @columns nvarchar(max);
DECLARE @values nvarchar(max);
SELECT
    @columns = STRING_AGG(CONVERT(nvarchar(max), QUOTENAME(c.name)), N', ') WITHIN GROUP (ORDER BY c.column_id),
    @values = STRING_AGG(CONVERT(nvarchar(max), CASE c.name
        WHEN N'backup_set_uuid' THEN N'NEWID()'
        WHEN N'database_name' THEN N'h.database_name'
        WHEN N'type' THEN N'h.type'
        WHEN N'is_copy_only' THEN N'h.is_copy_only'
        WHEN N'backup_start_date' THEN N'DATEADD(MINUTE, -1, h.finished)'
        WHEN N'backup_finish_date' THEN N'h.finished'
        WHEN N'last_lsn' THEN N'CASE WHEN h.has_last_lsn = 1 THEN t.last_lsn + h.n END'
        ELSE N't.' + QUOTENAME(c.name)
    END), N', ') WITHIN GROUP (ORDER BY c.column_id)
FROM msdb.sys.columns AS c
WHERE c.object_id = OBJECT_ID(N'msdb.dbo.backupset') AND c.is_identity = 0 AND c.is_computed = 0;

DECLARE @insert nvarchar(max) = N'INSERT INTO msdb.dbo.backupset (' + @columns + N')
SELECT ' + @values + N'
FROM #HistoryRows AS h
CROSS JOIN msdb.dbo.backupset AS t
WHERE t.backup_set_id = @template;';
EXEC sys.sp_executesql @insert, N'@template int', @template = @template;
DROP TABLE #HistoryRows;
GO
