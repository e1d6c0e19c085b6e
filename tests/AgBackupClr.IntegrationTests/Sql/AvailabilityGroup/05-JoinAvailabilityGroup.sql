-- Availability group set-up, step 5, on the secondary, in master: join, and let automatic seeding
-- create the database here (docs/linux/sql-server-linux-create-availability-group.md, example three).
-- ScriptDom, which the unit tests parse every .sql file with, does not know JOIN WITH (CLUSTER_TYPE = ...)
-- nor GRANT CREATE ANY DATABASE, so both statements are strings run by sp_executesql.
EXEC sys.sp_executesql N'ALTER AVAILABILITY GROUP AgBackupClrTestAg JOIN WITH (CLUSTER_TYPE = NONE);';
GO
EXEC sys.sp_executesql N'ALTER AVAILABILITY GROUP AgBackupClrTestAg GRANT CREATE ANY DATABASE;';
GO
