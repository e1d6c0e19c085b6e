-- Availability group set-up, step 3, on the primary, in master: the database the group protects.
-- A database joins an availability group only in FULL recovery and after a full backup; that backup
-- is also the base that later LOG and DIFF backups need. NUL keeps no file: seeding copies the data.
CREATE DATABASE AgBackupClrTestDb;
GO
ALTER DATABASE AgBackupClrTestDb SET RECOVERY FULL;
GO
BACKUP DATABASE AgBackupClrTestDb TO DISK = N'NUL';
GO
