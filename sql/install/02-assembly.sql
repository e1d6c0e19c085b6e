-- AgBackupClr install, step 2: one transaction replaces the assembly and its objects. The log table is kept.
-- The build writes the assembly bits and their SHA2_512 hash into deploy.sql in place of the two empty literals below.
BEGIN TRANSACTION;

DECLARE @assembly varbinary(max) = 0x/*AssemblyBits*/;
DECLARE @hash varbinary(64) = 0x/*AssemblyHash*/;
DECLARE @description nvarchar(4000) = N'AgBackupClr deploy.sql';

IF HASHBYTES('SHA2_512', @assembly) <> @hash
    THROW 50000, N'deploy.sql is damaged: the assembly bits do not match their SHA2_512 hash. Regenerate it with dotnet build.', 1;

-- Keep the permissions granted on our objects across the re-create.
IF OBJECT_ID(N'tempdb..#AgBackupClrPermissions') IS NOT NULL
    DROP TABLE #AgBackupClrPermissions;
SELECT N'GRANT ' + p.permission_name COLLATE DATABASE_DEFAULT + N' ON ' + QUOTENAME(SCHEMA_NAME(o.schema_id)) + N'.'
        + QUOTENAME(o.name) + N' TO ' + QUOTENAME(pr.name) + CASE WHEN p.state = 'W' THEN N' WITH GRANT OPTION' ELSE N'' END
        + N';' AS statement_text
INTO #AgBackupClrPermissions
FROM sys.database_permissions AS p
JOIN sys.objects AS o ON o.object_id = p.major_id
JOIN sys.database_principals AS pr ON pr.principal_id = p.grantee_principal_id
WHERE p.class = 1
  AND p.state IN ('G', 'W')
  AND o.schema_id = SCHEMA_ID(N'dbo')
  AND o.name IN (N'usp_BackupIfPreferred', N'fn_ValidateBackupRequest');

IF OBJECT_ID(N'dbo.usp_BackupIfPreferred', N'PC') IS NOT NULL
    DROP PROCEDURE dbo.usp_BackupIfPreferred;
IF OBJECT_ID(N'dbo.fn_ValidateBackupRequest', N'FT') IS NOT NULL
    DROP FUNCTION dbo.fn_ValidateBackupRequest;
IF EXISTS (SELECT 1 FROM sys.assemblies WHERE name = N'AgBackupClr')
    DROP ASSEMBLY AgBackupClr;

-- 'clr strict security' (2017+) loads only signed or trusted assemblies: trust exactly these bits, and forget the
-- hashes that earlier versions of this script trusted. Dynamic SQL because 2016 has neither procedure nor view.
IF CAST(SERVERPROPERTY(N'ProductMajorVersion') AS int) >= 14
BEGIN
    EXEC sys.sp_executesql
        N'DECLARE @old varbinary(64);
DECLARE old_hashes CURSOR LOCAL FAST_FORWARD FOR
    SELECT hash FROM sys.trusted_assemblies WHERE description = @description AND hash <> @hash;
OPEN old_hashes;
FETCH NEXT FROM old_hashes INTO @old;
WHILE @@FETCH_STATUS = 0
BEGIN
    EXEC sys.sp_drop_trusted_assembly @hash = @old;
    FETCH NEXT FROM old_hashes INTO @old;
END;
CLOSE old_hashes;
DEALLOCATE old_hashes;
IF NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies WHERE hash = @hash)
    EXEC sys.sp_add_trusted_assembly @hash = @hash, @description = @description;',
        N'@hash varbinary(64), @description nvarchar(4000)',
        @hash = @hash,
        @description = @description;
END;

CREATE ASSEMBLY AgBackupClr
    AUTHORIZATION dbo
    FROM @assembly
    WITH PERMISSION_SET = SAFE;
GO
