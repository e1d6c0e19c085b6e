-- The availability database's last log backup time as this replica's sys.dm_db_log_stats shows it, read together with
-- both clocks, to tell which one log_backup_time is written in
-- (docs/relational-databases/system-dynamic-management-views/sys-dm-db-log-stats-transact-sql.md does not say).
SELECT ls.log_backup_time, SYSDATETIME() AS local_now, SYSUTCDATETIME() AS utc_now
FROM sys.dm_db_log_stats(DB_ID(N'AgBackupClrTestDb')) AS ls;
