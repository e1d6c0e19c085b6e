-- AgBackupClr install, step 9 (and the last step of sql/uninstall.sql, which the build writes from this same file).
-- sys.trusted_assemblies is instance-wide: drop only the hashes that installs into this database (or version 1.0.0,
-- whose description named no database) trusted and that no assembly in any database of the instance still has. When
-- a database that could hold such an assembly cannot be read, nothing is dropped. This runs after COMMIT because
-- whether sys.sp_drop_trusted_assembly rolls back with a transaction is undocumented; it is safe whether or not the
-- install committed, since a hash an assembly still has is never dropped. A secondary copy of an availability database
-- that this session cannot read holds no assembly of its own: it is the primary's copy, which the install on the
-- primary reads (and AgBackupClr never installs into an availability database), so it is not counted as unreadable.
IF CAST(SERVERPROPERTY(N'ProductMajorVersion') AS int) >= 14
BEGIN
    DECLARE @suffix nvarchar(4000) = N' deploy.sql in database ' + QUOTENAME(DB_NAME());
    DECLARE @trusted TABLE (hash varbinary(64) NOT NULL, description nvarchar(4000) NULL);
    DECLARE @in_use TABLE (hash varbinary(64) NULL);
    DECLARE @unreadable nvarchar(max) = NULL;
    DECLARE @name sysname, @query nvarchar(max), @unused varbinary(64), @unreadableSecondary bit;

    -- Dynamic SQL because SQL Server 2016 has no sys.trusted_assemblies.
    INSERT INTO @trusted (hash, description) EXEC (N'SELECT hash, description FROM sys.trusted_assemblies;');

    DECLARE instance_databases CURSOR LOCAL FAST_FORWARD FOR SELECT name FROM sys.databases;
    OPEN instance_databases;
    FETCH NEXT FROM instance_databases INTO @name;
    WHILE @@FETCH_STATUS = 0
    BEGIN
        -- A secondary replica accepts no connection to its databases (0, NO) or only read-intent ones (1, READ_ONLY), which
        -- this session is not; 2 (ALL) reads (docs/relational-databases/system-catalog-views/sys-availability-replicas-transact-sql.md).
        SET @unreadableSecondary = CASE WHEN EXISTS (
            SELECT 1
            FROM sys.dm_hadr_database_replica_states AS drs
            JOIN sys.availability_replicas AS ar ON ar.replica_id = drs.replica_id
            WHERE drs.database_id = DB_ID(@name) AND drs.is_local = 1 AND drs.is_primary_replica = 0
              AND ar.secondary_role_allow_connections <> 2) THEN 1 ELSE 0 END;
        IF @unreadableSecondary = 0 AND DATABASEPROPERTYEX(@name, N'Status') = N'ONLINE' AND HAS_DBACCESS(@name) = 1
        BEGIN
            -- file_id 1 of an assembly is the assembly itself, whose SHA2_512 is what sys.trusted_assemblies holds.
            SET @query = N'SELECT HASHBYTES(''SHA2_512'', content) FROM ' + QUOTENAME(@name) + N'.sys.assembly_files WHERE file_id = 1;';
            BEGIN TRY
                INSERT INTO @in_use (hash) EXEC (@query);
            END TRY
            BEGIN CATCH
                SET @unreadable = CONCAT(@unreadable + N', ', QUOTENAME(@name));
            END CATCH;
        END
        -- AgBackupClr never installs into an availability database, so one that is not ONLINE or not accessible here cannot need a hash.
        ELSE IF NOT EXISTS (SELECT 1 FROM sys.databases WHERE name = @name AND group_database_id IS NOT NULL)
            SET @unreadable = CONCAT(@unreadable + N', ', QUOTENAME(@name));
        FETCH NEXT FROM instance_databases INTO @name;
    END;
    CLOSE instance_databases;
    DEALLOCATE instance_databases;

    IF @unreadable IS NOT NULL
        PRINT N'AgBackupClr: kept the assembly hashes earlier installs trusted, because these databases could not be read to '
            + N'see whether an assembly in them still needs one: ' + @unreadable + N'. Run this script again when they '
            + N'are online, or remove an unused hash with sys.sp_drop_trusted_assembly.';
    ELSE
    BEGIN
        DECLARE unused_hashes CURSOR LOCAL FAST_FORWARD FOR
            SELECT t.hash
            FROM @trusted AS t
            WHERE (t.description COLLATE Latin1_General_BIN2 = N'AgBackupClr deploy.sql'
                   OR (LEFT(t.description, 12) COLLATE Latin1_General_BIN2 = N'AgBackupClr '
                       AND RIGHT(t.description, LEN(@suffix)) COLLATE Latin1_General_BIN2 = @suffix))
              AND NOT EXISTS (SELECT 1 FROM @in_use AS u WHERE u.hash = t.hash);
        OPEN unused_hashes;
        FETCH NEXT FROM unused_hashes INTO @unused;
        WHILE @@FETCH_STATUS = 0
        BEGIN
            EXEC sys.sp_drop_trusted_assembly @hash = @unused;
            PRINT N'AgBackupClr: removed the trust of the unused assembly hash ' + CONVERT(nvarchar(130), @unused, 1) + N'.';
            FETCH NEXT FROM unused_hashes INTO @unused;
        END;
        CLOSE unused_hashes;
        DEALLOCATE unused_hashes;
    END;
END;
GO
