-- Everything deploy.sql can leave behind, one line per item, so installs and uninstalls can be compared:
-- the utility database's own objects and assemblies, and the instance's trusted assembly hashes.
-- Run in the utility database.
SELECT N'object ' + o.type_desc + N' ' + SCHEMA_NAME(o.schema_id) + N'.' + o.name AS item
FROM sys.objects AS o
WHERE o.is_ms_shipped = 0
UNION ALL
SELECT N'assembly ' + a.name + N' ' + a.permission_set_desc
FROM sys.assemblies AS a
WHERE a.is_user_defined = 1
UNION ALL
SELECT N'trusted assembly ' + CONVERT(nvarchar(200), ta.hash, 1)
FROM sys.trusted_assemblies AS ta
ORDER BY item;
