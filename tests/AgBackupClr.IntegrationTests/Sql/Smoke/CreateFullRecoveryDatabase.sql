-- The database the smoke test backs up: FULL recovery, so it takes LOG backups once it has a FULL. Run in master.
-- The name is SmokeTests.Database in the C# code.
CREATE DATABASE SmokeFull;
GO
ALTER DATABASE SmokeFull SET RECOVERY FULL;
GO
