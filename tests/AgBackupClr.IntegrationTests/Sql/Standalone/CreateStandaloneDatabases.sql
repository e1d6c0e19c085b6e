-- Databases outside any availability group, each in the state one rule needs (docs/rules.md F9). Run in master.
-- The names are the constants of StandaloneSetUpFixture.
CREATE DATABASE StandaloneFull;
GO
ALTER DATABASE StandaloneFull SET RECOVERY FULL;
GO
CREATE DATABASE StandaloneSimple;
GO
ALTER DATABASE StandaloneSimple SET RECOVERY SIMPLE;
GO
-- FULL recovery and never backed up: a LOG backup has no base yet.
CREATE DATABASE StandaloneNoBaseBackup;
GO
ALTER DATABASE StandaloneNoBaseBackup SET RECOVERY FULL;
GO
-- FULL recovery, backed up only by BackupStatusFunctionTests: dbo.fn_BackupStatus's row for it holds that test's backups.
CREATE DATABASE StandaloneStatus;
GO
ALTER DATABASE StandaloneStatus SET RECOVERY FULL;
GO
