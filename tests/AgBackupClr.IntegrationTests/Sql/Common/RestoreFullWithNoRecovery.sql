-- The first step of a restore sequence from a file: a FULL, leaving the database RESTORING for the log backups.
RESTORE DATABASE @DatabaseName FROM DISK = @File WITH NORECOVERY;
