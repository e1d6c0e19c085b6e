-- How many decisions the log table holds; re-running deploy.sql must keep them. Run in the utility database.
SELECT COUNT(*) AS row_count
FROM dbo.BackupDecisionLog;
