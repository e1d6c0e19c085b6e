-- How SQL Server shows the databases of CreateUnusualDatabases.sql, read without opening any of them: sys.databases,
-- and DATABASEPROPERTYEX 'Collation', which is NULL while a database is not started (a closed AUTO_CLOSE database).
-- Run in master.
SELECT
    d.name,
    d.state_desc,
    CAST(CASE WHEN d.source_database_id IS NULL THEN 0 ELSE 1 END AS bit) AS is_snapshot,
    d.is_auto_close_on,
    CAST(CASE WHEN DATABASEPROPERTYEX(d.name, 'Collation') IS NULL THEN 0 ELSE 1 END AS bit) AS is_started
FROM sys.databases AS d
WHERE d.name LIKE N'Unusual%'
ORDER BY d.name;
