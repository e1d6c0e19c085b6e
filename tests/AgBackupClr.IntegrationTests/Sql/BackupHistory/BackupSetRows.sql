-- How many rows msdb.dbo.backupset holds.
SELECT COUNT_BIG(*) AS backupset_rows
FROM msdb.dbo.backupset;
