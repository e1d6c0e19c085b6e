-- The availability database's differential base as this replica's sys.master_files shows it (primary data file).
SELECT mf.differential_base_lsn, mf.differential_base_time
FROM sys.master_files AS mf
WHERE mf.database_id = DB_ID(N'AgBackupClrTestDb') AND mf.file_id = 1;
