-- The permissions the users of GrantStatusReaders.sql hold on objects of this database, one line each, for example
-- 'AgBackupStatusReader GRANT SELECT dbo.fn_BackupStatus'. Run in the utility database.
SELECT pr.name + N' ' + p.state_desc + N' ' + p.permission_name + N' ' + OBJECT_SCHEMA_NAME(p.major_id) + N'.' + OBJECT_NAME(p.major_id) AS permission
FROM sys.database_permissions AS p
JOIN sys.database_principals AS pr ON pr.principal_id = p.grantee_principal_id
WHERE p.class = 1
  AND pr.name IN (N'AgBackupStatusReader', N'AgBackupStatusReaderDenied')
ORDER BY permission;
