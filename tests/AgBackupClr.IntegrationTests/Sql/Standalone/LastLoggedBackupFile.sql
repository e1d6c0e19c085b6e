-- What dbo.BackupDecisionLog kept as backup_file for the last decision about @Database. Run in the utility database.
SELECT TOP (1) l.backup_file
FROM dbo.BackupDecisionLog AS l
WHERE l.database_name = @Database
ORDER BY l.id DESC;
