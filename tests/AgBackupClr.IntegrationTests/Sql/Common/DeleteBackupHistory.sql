-- Forgets every backup and restore of @DatabaseName this instance's msdb recorded, with msdb's own procedure
-- (docs/relational-databases/system-stored-procedures/sp-delete-database-backuphistory-transact-sql.md), so a test
-- starts from a history it knows: other fixtures back up the same database. Run in master.
EXEC msdb.dbo.sp_delete_database_backuphistory @database_name = @DatabaseName;
