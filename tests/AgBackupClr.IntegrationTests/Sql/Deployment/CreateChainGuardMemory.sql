-- What builds between 1.0.0 and the file-proven chain guard left in a utility database: the procedure and the table
-- @CleanupTime remembered differential bases in, and a DBA's grant on the procedure, which an upgrade must neither keep
-- nor fail to give back. Run in the utility database after GrantToJobRunner.sql (AgBackupJobRunner exists).
CREATE TABLE dbo.ObservedDifferentialBase (database_name sysname NOT NULL, differential_base_lsn numeric(25, 0) NOT NULL);
GO
CREATE PROCEDURE dbo.usp_ObserveDifferentialBase
AS
SELECT database_name, differential_base_lsn FROM dbo.ObservedDifferentialBase;
GO
GRANT EXECUTE ON dbo.usp_ObserveDifferentialBase TO AgBackupJobRunner;
GO
