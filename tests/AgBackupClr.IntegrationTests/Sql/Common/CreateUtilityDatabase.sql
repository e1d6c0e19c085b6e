-- A utility database deploy.sql installs into (README, Deploy to every replica): outside every availability group.
-- Run in master. The usual name is SqlServerInstance.UtilityDatabase in the C# code; the deployment tests use
-- several on one instance. CREATE DATABASE takes the name as an identifier, so the statement is built with QUOTENAME.
IF DB_ID(@DatabaseName) IS NULL
BEGIN
    DECLARE @createDatabase nvarchar(max) = N'CREATE DATABASE ' + QUOTENAME(@DatabaseName) + N';';
    EXEC sys.sp_executesql @createDatabase;
END;
GO
