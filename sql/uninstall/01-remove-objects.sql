-- Removes everything deploy.sql added to the current database, and the assembly hashes it trusted that no other
-- assembly on the instance still uses (another utility database with AgBackupClr keeps working).
-- The decision log and the observed log backup LSNs go too (and the observed differential bases of builds after 1.0.0): copy dbo.BackupDecisionLog first if its history matters.
-- 'clr enabled' is left as it is, because other assemblies on the instance may need it.
-- Run on every replica: sqlcmd -S <replica> -d <utility database> -b -i sql/uninstall.sql
SET NOCOUNT ON;
SET XACT_ABORT ON;
GO
BEGIN TRANSACTION;

IF OBJECT_ID(N'dbo.usp_BackupIfPreferred', N'PC') IS NOT NULL
    DROP PROCEDURE dbo.usp_BackupIfPreferred;
IF OBJECT_ID(N'dbo.fn_ValidateBackupRequest', N'FT') IS NOT NULL
    DROP FUNCTION dbo.fn_ValidateBackupRequest;
IF OBJECT_ID(N'dbo.fn_BackupStatus', N'FT') IS NOT NULL
    DROP FUNCTION dbo.fn_BackupStatus;
IF OBJECT_ID(N'dbo.usp_LogBackupDecision', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_LogBackupDecision;
IF OBJECT_ID(N'dbo.usp_DeleteBackupDecisionLog', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_DeleteBackupDecisionLog;
IF OBJECT_ID(N'dbo.usp_ObserveDifferentialBase', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_ObserveDifferentialBase;
IF OBJECT_ID(N'dbo.usp_ObserveLogBackupLsn', N'P') IS NOT NULL
    DROP PROCEDURE dbo.usp_ObserveLogBackupLsn;
IF EXISTS (SELECT 1 FROM sys.assemblies WHERE name = N'AgBackupClr')
    DROP ASSEMBLY AgBackupClr;
IF OBJECT_ID(N'dbo.BackupDecisionLog', N'U') IS NOT NULL
    DROP TABLE dbo.BackupDecisionLog;
IF OBJECT_ID(N'dbo.ObservedDifferentialBase', N'U') IS NOT NULL
    DROP TABLE dbo.ObservedDifferentialBase;
IF OBJECT_ID(N'dbo.ObservedLogBackupLsn', N'U') IS NOT NULL
    DROP TABLE dbo.ObservedLogBackupLsn;

COMMIT TRANSACTION;
PRINT N'AgBackupClr removed from database ' + DB_NAME() + N'.';
GO
