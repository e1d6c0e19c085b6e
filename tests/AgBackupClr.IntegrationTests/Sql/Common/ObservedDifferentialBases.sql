-- The differential bases usp_BackupIfPreferred recorded for a database on this replica. Run in the utility database.
SELECT o.differential_base_lsn, o.differential_base_time, o.first_seen
FROM dbo.ObservedDifferentialBase AS o
WHERE o.database_name = @DatabaseName
ORDER BY o.first_seen;
