-- Resumes data movement suspended by SuspendDataMovement.sql; run on the same replica.
ALTER DATABASE AgBackupClrTestDb SET HADR RESUME;
GO
