-- The files of the media set the backup written to @BackupFile belongs to, in family order
-- (msdb.dbo.backupmediafamily, docs/relational-databases/system-tables/backupmediafamily-transact-sql.md). Run in master.
SELECT mf.family_sequence_number, mf.physical_device_name
FROM msdb.dbo.backupmediafamily AS mf
WHERE mf.media_set_id = (SELECT TOP (1) f.media_set_id FROM msdb.dbo.backupmediafamily AS f
                         WHERE f.physical_device_name = @BackupFile ORDER BY f.media_set_id DESC)
ORDER BY mf.family_sequence_number;
