-- The declared length of dbo.BackupDecisionLog.backup_file: -1 is nvarchar(max) (sys.columns.max_length,
-- docs/relational-databases/system-catalog-views/sys-columns-transact-sql.md). Run in the utility database.
SELECT CAST(c.max_length AS int) AS max_length
FROM sys.columns AS c
WHERE c.object_id = OBJECT_ID(N'dbo.BackupDecisionLog', N'U') AND c.name = N'backup_file';
