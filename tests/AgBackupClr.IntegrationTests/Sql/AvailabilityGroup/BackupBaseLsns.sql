-- The two values StateQueries.Databases reads to know whether a LOG or a DIFF has a base, read the same way (same
-- views, same joins) on this replica: sys.database_recovery_status.last_log_backup_lsn (NULL before the first full
-- backup) and sys.master_files.differential_base_lsn of the primary data file (file_id 1).
SELECT
    rs.last_log_backup_lsn,
    mf.differential_base_lsn
FROM sys.databases AS d
LEFT JOIN sys.database_recovery_status AS rs ON rs.database_id = d.database_id
LEFT JOIN sys.master_files AS mf ON mf.database_id = d.database_id AND mf.file_id = 1
WHERE d.name = N'AgBackupClrTestDb';
