-- The query dbo.fn_BackupStatus read its newest backups with before issue 20, verbatim (a correlated self-anti-join
-- over msdb.dbo.backupset): the reference BackupHistoryScaleTests compares the function's rows with. In master.
SELECT
    b.database_name,
    b.type,
    b.backup_finish_date,
    b.time_zone,
    b.last_lsn,
    f.physical_device_name
FROM msdb.dbo.backupset AS b
LEFT JOIN msdb.dbo.backupmediafamily AS f ON f.media_set_id = b.media_set_id AND f.family_sequence_number = 1 AND f.mirror = 0
WHERE b.type IN ('D', 'I', 'L') AND ISNULL(b.is_copy_only, 0) = 0 AND b.backup_finish_date IS NOT NULL AND b.last_lsn IS NOT NULL
  AND (@database_name IS NULL OR b.database_name = @database_name)
  AND NOT EXISTS (
      SELECT 1 FROM msdb.dbo.restorehistory AS r
      WHERE r.backup_set_id = b.backup_set_id AND (r.restore_type IS NULL OR r.restore_type <> 'V'))
  AND NOT EXISTS (
      SELECT 1 FROM msdb.dbo.backupset AS n
      WHERE n.database_name = b.database_name AND n.type = b.type AND ISNULL(n.is_copy_only, 0) = 0 AND n.backup_finish_date > b.backup_finish_date
        AND NOT EXISTS (
            SELECT 1 FROM msdb.dbo.restorehistory AS nr
            WHERE nr.backup_set_id = n.backup_set_id AND (nr.restore_type IS NULL OR nr.restore_type <> 'V')));
