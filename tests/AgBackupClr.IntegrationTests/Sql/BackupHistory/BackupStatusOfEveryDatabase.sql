-- Every row of dbo.fn_BackupStatus, in the utility database: what BackupHistoryScaleTests measures.
SELECT s.database_name, s.last_full_last_lsn, s.last_diff_last_lsn, s.last_log_last_lsn
FROM dbo.fn_BackupStatus(NULL) AS s;
