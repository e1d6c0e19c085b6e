-- A DBA's grants on AgBackupClr's objects, which an upgrade must keep (README, "Deploy to every replica"): a user
-- without a login, so nothing outside this database is needed. Run in the utility database after deploy.sql.
-- The user name is DeploymentUpgradeTests.JobRunner in the C# code.
CREATE USER AgBackupJobRunner WITHOUT LOGIN;
GO
GRANT EXECUTE ON dbo.usp_BackupIfPreferred TO AgBackupJobRunner;
GO
GRANT SELECT ON dbo.fn_ValidateBackupRequest TO AgBackupJobRunner;
GO
