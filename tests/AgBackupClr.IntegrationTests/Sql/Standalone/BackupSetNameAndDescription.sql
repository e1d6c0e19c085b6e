-- The NAME and DESCRIPTION msdb recorded for the backup written to @BackupFile (msdb.dbo.backupset,
-- docs/relational-databases/system-tables/backupset-transact-sql.md). Run in master.
SELECT TOP (1) bs.name, bs.description
FROM msdb.dbo.backupset AS bs
JOIN msdb.dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id
WHERE mf.physical_device_name = @BackupFile
ORDER BY bs.backup_set_id DESC;
