-- Forgets every differential base usp_BackupIfPreferred recorded for @DatabaseName on this replica, so a cleanup scenario
-- starts from a guard that has seen no FULL yet whatever ran before it. Run in the utility database as sa.
DELETE FROM dbo.ObservedDifferentialBase WHERE database_name = @DatabaseName;
