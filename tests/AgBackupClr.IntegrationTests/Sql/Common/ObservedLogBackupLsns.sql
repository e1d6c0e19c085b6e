-- Every row of the log watch's memory (docs/usp_BackupIfPreferred.md, @MaxLogAgeMinutes), next to this instance's UTC clock read in the same
-- statement. Run in the utility database.
SELECT o.database_name, o.last_log_backup_lsn, o.first_seen_utc, SYSUTCDATETIME() AS server_utc_now
FROM dbo.ObservedLogBackupLsn AS o
ORDER BY o.database_name, o.first_seen_utc;
