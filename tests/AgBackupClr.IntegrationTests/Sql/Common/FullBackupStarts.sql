-- The regular FULL backups of @DatabaseName this instance's msdb recorded, oldest first, with when each started (local
-- time, docs/relational-databases/system-tables/backupset-transact-sql.md).
SELECT bs.backup_set_id, bs.backup_start_date
FROM msdb.dbo.backupset AS bs
WHERE bs.database_name = @DatabaseName AND bs.type = 'D' AND bs.is_copy_only = 0
ORDER BY bs.backup_set_id;
