-- The backups of @DatabaseName msdb recorded after the mark @AfterBackupSetId (LastBackupSetId.sql), with what
-- they were: type D = database (full), I = differential database, L = log; is_copy_only; the log range it holds
-- (first_lsn, last_lsn); the file written.
-- msdb is per instance, so a backup taken on a secondary replica shows up only in that replica's msdb.
SELECT
    bs.backup_set_id,
    bs.type,
    bs.is_copy_only,
    bs.first_lsn,
    bs.last_lsn,
    bmf.physical_device_name
FROM msdb.dbo.backupset AS bs
JOIN msdb.dbo.backupmediafamily AS bmf ON bmf.media_set_id = bs.media_set_id
WHERE bs.database_name = @DatabaseName
  AND bs.backup_set_id > @AfterBackupSetId
ORDER BY bs.backup_set_id;
