-- Two databases outside any availability group for the FAILED row: one call backs up both, the first fails, the second
-- must still be backed up. Created in this order, so sys.databases (and so the procedure) has the first one first.
-- Run in master. The names are the constants of FailedBackupTests.
CREATE DATABASE FailedRowFirst;
GO
CREATE DATABASE FailedRowSecond;
GO
