-- How many backups of @DatabaseName this instance has recorded: msdb is per instance, so a backup taken
-- on a secondary replica shows up only in that replica's msdb.
SELECT COUNT(*) AS backup_count
FROM msdb.dbo.backupset AS bs
WHERE bs.database_name = @DatabaseName;
