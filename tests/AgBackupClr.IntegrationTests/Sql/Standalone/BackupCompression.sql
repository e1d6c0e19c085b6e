-- How msdb recorded the backup written to @BackupFile: compressed or not (compressed_backup_size < backup_size) and,
-- from SQL Server 2022, with which algorithm (msdb.dbo.backupset.compression_algorithm,
-- docs/relational-databases/system-tables/backupset-transact-sql.md). Run in master.
SELECT TOP (1)
    CAST(CASE WHEN bs.compressed_backup_size < bs.backup_size THEN 1 ELSE 0 END AS int) AS is_compressed,
    CAST(bs.compression_algorithm AS nvarchar(32)) AS compression_algorithm
FROM msdb.dbo.backupset AS bs
JOIN msdb.dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id
WHERE mf.physical_device_name = @BackupFile
ORDER BY bs.backup_set_id DESC;
