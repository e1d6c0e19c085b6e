-- The newest backup set msdb has recorded on this instance, as a mark: BackupsTaken.sql then lists only what
-- came after it. Ids, not times, so clock resolution cannot hide or add a backup.
SELECT ISNULL(MAX(bs.backup_set_id), 0) AS last_backup_set_id
FROM msdb.dbo.backupset AS bs;
