-- AgBackupClr install, step 2: trust the assembly's SHA2_512 hash BEFORE the install transaction.
-- 'clr strict security' (2017+) loads only signed or trusted assemblies. Whether sys.sp_add_trusted_assembly may run
-- in a user transaction, and whether it rolls back, is undocumented: trusting first means a failed install leaves the
-- previous version trusted and working, and at worst one unused hash that the next install here removes.
-- The build writes the hash and the version in place of the two placeholders below.
-- sys.trusted_assemblies is instance-wide, so the description names this database: see step 8.
DECLARE @hash varbinary(64) = 0x/*AssemblyHash*/;
DECLARE @description nvarchar(4000) = N'AgBackupClr /*AssemblyVersion*/ deploy.sql in database ' + QUOTENAME(DB_NAME());

IF OBJECT_ID(N'tempdb..#AgBackupClrInstall') IS NOT NULL
    DROP TABLE #AgBackupClrInstall;
CREATE TABLE #AgBackupClrInstall (hash varbinary(64) NOT NULL, description nvarchar(4000) NOT NULL);

-- Dynamic SQL because SQL Server 2016 has neither the view nor the procedure (and no 'clr strict security').
IF CAST(SERVERPROPERTY(N'ProductMajorVersion') AS int) >= 14
    EXEC sys.sp_executesql
        N'IF NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies WHERE hash = @hash)
BEGIN
    EXEC sys.sp_add_trusted_assembly @hash = @hash, @description = @description;
    PRINT N''AgBackupClr: trusted the assembly hash as "'' + @description + N''".'';
END;',
        N'@hash varbinary(64), @description nvarchar(4000)',
        @hash = @hash,
        @description = @description;

-- Last, so the next step starts only when the trust succeeded.
INSERT INTO #AgBackupClrInstall (hash, description) VALUES (@hash, @description);
GO
