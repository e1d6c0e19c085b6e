-- The permissions AgBackupJobRunner (GrantToJobRunner.sql) holds on objects of this database, one line each, for
-- example 'GRANT EXECUTE dbo.usp_BackupIfPreferred'. Run in the utility database.
SELECT p.state_desc + N' ' + p.permission_name + N' ' + OBJECT_SCHEMA_NAME(p.major_id) + N'.' + OBJECT_NAME(p.major_id) AS permission
FROM sys.database_permissions AS p
JOIN sys.database_principals AS pr ON pr.principal_id = p.grantee_principal_id
WHERE p.class = 1
  AND pr.name = N'AgBackupJobRunner'
ORDER BY permission;
