-- The availability database's differential base as this replica's sys.master_files shows it (primary data file), read
-- together with both clocks, to tell which one differential_base_time is written in
-- (docs/relational-databases/system-catalog-views/sys-master-files-transact-sql.md does not say).
SELECT mf.differential_base_lsn, mf.differential_base_time, SYSDATETIME() AS local_now, SYSUTCDATETIME() AS utc_now
FROM sys.master_files AS mf
WHERE mf.database_id = DB_ID(N'AgBackupClrTestDb') AND mf.file_id = 1;
