-- Removes the second newest LOG backup of @DatabaseName from this instance's msdb history, as if its row had been lost:
-- the backup itself happened, so the chain agbackup status checks now has a gap where it was.
-- Child rows first: backupfile, backupfilegroup and restorehistory reference backupset (backupset-transact-sql.md).
DECLARE @BackupSetId int =
(
    SELECT backup_set_id
    FROM msdb.dbo.backupset
    WHERE database_name = @DatabaseName AND type = 'L'
    ORDER BY backup_set_id DESC
    OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY
);
DECLARE @MediaSetId int = (SELECT media_set_id FROM msdb.dbo.backupset WHERE backup_set_id = @BackupSetId);

IF @BackupSetId IS NULL
    THROW 50000, N'There is no second newest LOG backup of the database in this msdb to remove.', 1;

DELETE FROM msdb.dbo.backupfile WHERE backup_set_id = @BackupSetId;
DELETE FROM msdb.dbo.backupfilegroup WHERE backup_set_id = @BackupSetId;
DELETE FROM msdb.dbo.restorefile WHERE restore_history_id IN (SELECT restore_history_id FROM msdb.dbo.restorehistory WHERE backup_set_id = @BackupSetId);
DELETE FROM msdb.dbo.restorefilegroup WHERE restore_history_id IN (SELECT restore_history_id FROM msdb.dbo.restorehistory WHERE backup_set_id = @BackupSetId);
DELETE FROM msdb.dbo.restorehistory WHERE backup_set_id = @BackupSetId;
DELETE FROM msdb.dbo.backupset WHERE backup_set_id = @BackupSetId;
IF NOT EXISTS (SELECT 1 FROM msdb.dbo.backupset WHERE media_set_id = @MediaSetId)
BEGIN
    DELETE FROM msdb.dbo.backupmediafamily WHERE media_set_id = @MediaSetId;
    DELETE FROM msdb.dbo.backupmediaset WHERE media_set_id = @MediaSetId;
END;
