-- How many rows of dbo.BackupDecisionLog are older than @RetentionDays days (UTC): all of them, and those about @Marker;
-- and how many about @Marker are younger. Run in the utility database as sa.
SELECT
    ISNULL(SUM(CASE WHEN l.logged_at < DATEADD(DAY, -@RetentionDays, SYSUTCDATETIME()) THEN 1 ELSE 0 END), 0) AS older_rows,
    ISNULL(SUM(CASE WHEN l.logged_at < DATEADD(DAY, -@RetentionDays, SYSUTCDATETIME()) AND l.database_name = @Marker THEN 1 ELSE 0 END), 0) AS older_marked_rows,
    ISNULL(SUM(CASE WHEN l.logged_at >= DATEADD(DAY, -@RetentionDays, SYSUTCDATETIME()) AND l.database_name = @Marker THEN 1 ELSE 0 END), 0) AS younger_marked_rows
FROM dbo.BackupDecisionLog AS l;
