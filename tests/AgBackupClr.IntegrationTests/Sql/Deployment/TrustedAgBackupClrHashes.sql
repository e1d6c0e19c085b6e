-- Every hash the instance trusts under an AgBackupClr description, and how many databases still hold a user
-- assembly with exactly those bits. deploy.sql and uninstall.sql may drop only hashes no assembly uses, so that two
-- utility databases on one instance never break each other (README, Deploy to every replica). Run in master.
SET NOCOUNT ON;
DECLARE @held TABLE (database_name sysname NOT NULL, assembly_hash varbinary(64) NOT NULL);
DECLARE @database sysname;
DECLARE @query nvarchar(max);

-- Every database whose catalog can be read: online, not a snapshot, accessible to the caller.
DECLARE readable_databases CURSOR LOCAL FAST_FORWARD FOR
    SELECT d.name
    FROM sys.databases AS d
    WHERE d.state = 0 AND d.source_database_id IS NULL AND HAS_DBACCESS(d.name) = 1;
OPEN readable_databases;
FETCH NEXT FROM readable_databases INTO @database;
WHILE @@FETCH_STATUS = 0
BEGIN
    SET @query = N'SELECT @database, HASHBYTES(''SHA2_512'', af.content)
FROM ' + QUOTENAME(@database) + N'.sys.assembly_files AS af
JOIN ' + QUOTENAME(@database) + N'.sys.assemblies AS a ON a.assembly_id = af.assembly_id
WHERE a.is_user_defined = 1 AND af.file_id = 1;';
    INSERT INTO @held (database_name, assembly_hash)
    EXEC sys.sp_executesql @query, N'@database sysname', @database = @database;
    FETCH NEXT FROM readable_databases INTO @database;
END;
CLOSE readable_databases;
DEALLOCATE readable_databases;

SELECT
    CONVERT(nvarchar(130), ta.hash, 1) AS trusted_hash,
    ta.description,
    (SELECT COUNT(*) FROM @held AS h WHERE h.assembly_hash = ta.hash) AS databases_holding
FROM sys.trusted_assemblies AS ta
WHERE ta.description LIKE N'AgBackupClr%'
ORDER BY ta.description, trusted_hash;
