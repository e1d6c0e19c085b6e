-- The utility database deploy.sql installs into (SPEC section 1): outside every availability group.
-- Run in master. The name is SqlServerInstance.UtilityDatabase in the C# code.
IF DB_ID(N'AgBackupUtility') IS NULL
    CREATE DATABASE AgBackupUtility;
GO
