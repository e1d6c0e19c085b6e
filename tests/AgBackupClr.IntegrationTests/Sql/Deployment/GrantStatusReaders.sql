-- Two monitoring users of dbo.fn_BackupStatus as an earlier version left them, before dbo.ObservedLogBackupLsn was read
-- by it: both may select from the function, and the second was denied the table on purpose. Users without logins, so
-- nothing outside this database is needed. Run in the utility database after deploy.sql.
CREATE USER AgBackupStatusReader WITHOUT LOGIN;
GO
CREATE USER AgBackupStatusReaderDenied WITHOUT LOGIN;
GO
GRANT SELECT ON dbo.fn_BackupStatus TO AgBackupStatusReader;
GO
GRANT SELECT ON dbo.fn_BackupStatus TO AgBackupStatusReaderDenied;
GO
DENY SELECT ON dbo.ObservedLogBackupLsn TO AgBackupStatusReaderDenied;
GO
