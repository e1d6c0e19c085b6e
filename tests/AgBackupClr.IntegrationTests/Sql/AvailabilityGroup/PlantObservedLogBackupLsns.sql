-- The log watch's memory as a test wants it before a run: emptied, then a row of @DatabaseName that an older LSN left
-- and a row of a database that no longer exists, both from long ago, so a test sees which rows the next recording keeps
-- (only the newest of each database that exists). Run in the utility database, as sysadmin.
DELETE FROM dbo.ObservedLogBackupLsn;
INSERT INTO dbo.ObservedLogBackupLsn (database_name, last_log_backup_lsn, first_seen_utc)
VALUES (@DatabaseName, 1, '2000-01-01T00:00:00'), (N'AgBackupClrDroppedLongAgo', 1, '2000-01-01T00:00:00');
