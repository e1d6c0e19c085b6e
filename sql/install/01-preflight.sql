-- AgBackupClr install, step 1: check where we are and enable CLR.
-- Nothing is changed unless every check passes; a failed check stops the rest of the script (SET NOEXEC ON).
SET NOCOUNT ON;
SET XACT_ABORT ON;
GO
DECLARE @problem nvarchar(2048) = NULL;
DECLARE @version int = CAST(SERVERPROPERTY(N'ProductMajorVersion') AS int);
-- 8 = Azure SQL Managed Instance, whose version numbers are not SQL Server's (docs/t-sql/functions/serverproperty-transact-sql.md).
DECLARE @engineEdition int = CAST(SERVERPROPERTY(N'EngineEdition') AS int);

-- Managed Instance loads SAFE assemblies FROM BINARY, but its availability is built in and not user-controlled (no
-- CREATE or ALTER AVAILABILITY GROUP), it takes the backups itself, and users may take only COPY_ONLY FULL backups to URL
-- (azure-sql/managed-instance/transact-sql-tsql-differences-sql-server.md): nothing AgBackupClr decides applies there.
IF @engineEdition = 8
    SET @problem = N'AgBackupClr does not support Azure SQL Managed Instance (SERVERPROPERTY(''EngineEdition'') = 8, whose '
        + N'ProductMajorVersion ' + CAST(@version AS nvarchar(10)) + N' is not a SQL Server version): its high availability is built '
        + N'in and not controlled by users, the service takes the database backups itself, and users may take only COPY_ONLY '
        + N'full backups to URL, so there is no availability group backup for AgBackupClr to place.';
ELSE IF DB_NAME() IN (N'master', N'model', N'msdb', N'tempdb')
    SET @problem = N'AgBackupClr installs into a utility database, not into the system database ' + DB_NAME()
        + N'. Create one (CREATE DATABASE DBA;) and run: sqlcmd -S <replica> -d DBA -i deploy.sql';
ELSE IF EXISTS (SELECT 1 FROM sys.databases WHERE database_id = DB_ID() AND group_database_id IS NOT NULL)
    SET @problem = N'Database ' + DB_NAME() + N' belongs to an availability group; the install must exist on every replica '
        + N'independently, so use a utility database that is not in an availability group.';
ELSE IF @version < 13
    SET @problem = N'AgBackupClr needs SQL Server 2016 (13.x) or later; this instance is version '
        + CAST(@version AS nvarchar(10)) + N'.';
ELSE IF IS_SRVROLEMEMBER(N'sysadmin') <> 1
    SET @problem = N'Installing AgBackupClr needs sysadmin: it changes ''clr enabled'' and trusts the assembly hash '
        + N'(sys.sp_add_trusted_assembly).';

IF @problem IS NOT NULL
BEGIN
    RAISERROR(N'%s Nothing was installed.', 16, 1, @problem);
    SET NOEXEC ON;
END;
GO
-- RECONFIGURE cannot run inside a transaction, so CLR is enabled before the install transaction begins.
IF NOT EXISTS (SELECT 1 FROM sys.configurations WHERE name = N'clr enabled' AND value_in_use = 1)
BEGIN
    PRINT N'AgBackupClr: enabling the server option ''clr enabled'' (it was off).';
    EXEC sys.sp_configure @configname = N'clr enabled', @configvalue = 1;
    RECONFIGURE;
END;
GO
