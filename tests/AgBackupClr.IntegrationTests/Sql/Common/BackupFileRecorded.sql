-- Whether msdb recorded a backup written to @BackupFile: proof that the procedure really ran BACKUP there.
SELECT COUNT(*) AS recorded
FROM msdb.dbo.backupmediafamily AS bmf
WHERE bmf.physical_device_name = @BackupFile;
