-- Suspends data movement for this replica's copy of the availability database; run on the secondary,
-- whose database then becomes NOT SYNCHRONIZING (t-sql/statements/alter-database-transact-sql-set-hadr.md).
ALTER DATABASE AgBackupClrTestDb SET HADR SUSPEND;
GO
