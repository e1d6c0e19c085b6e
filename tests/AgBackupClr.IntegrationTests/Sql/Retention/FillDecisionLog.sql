-- Writes @Rows decisions about the made-up database @Marker into dbo.BackupDecisionLog, logged @AgeDays days ago (UTC,
-- as the table's own default writes logged_at), as years of a LOG job would have. Run in the utility database as sa.
WITH numbers AS
(
    SELECT TOP (@Rows) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
    FROM sys.all_columns AS a CROSS JOIN sys.all_columns AS b
)
INSERT INTO dbo.BackupDecisionLog (logged_at, database_name, backup_type, action, reason_code, reason)
SELECT DATEADD(DAY, -@AgeDays, SYSUTCDATETIME()), @Marker, N'LOG', N'SKIP', N'SKIP_NOT_PREFERRED', N'Written by the retention integration test.'
FROM numbers;
