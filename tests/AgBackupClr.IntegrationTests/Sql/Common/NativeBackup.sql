-- A plain native BACKUP to the NUL device, to see what SQL Server itself allows or refuses (and with which
-- error number) without the procedure in between. BACKUP takes the database name from a variable, but
-- DIFFERENTIAL and COPY_ONLY are keywords, so each combination has its own statement.
IF @BackupType = N'FULL' AND @CopyOnly = 0
    BACKUP DATABASE @DatabaseName TO DISK = N'NUL' WITH CHECKSUM;
ELSE IF @BackupType = N'FULL' AND @CopyOnly = 1
    BACKUP DATABASE @DatabaseName TO DISK = N'NUL' WITH COPY_ONLY, CHECKSUM;
ELSE IF @BackupType = N'DIFF' AND @CopyOnly = 0
    BACKUP DATABASE @DatabaseName TO DISK = N'NUL' WITH DIFFERENTIAL, CHECKSUM;
ELSE IF @BackupType = N'LOG' AND @CopyOnly = 0
    BACKUP LOG @DatabaseName TO DISK = N'NUL' WITH CHECKSUM;
ELSE IF @BackupType = N'LOG' AND @CopyOnly = 1
    BACKUP LOG @DatabaseName TO DISK = N'NUL' WITH COPY_ONLY, CHECKSUM;
ELSE
    THROW 50000, N'NativeBackup.sql knows FULL, copy-only FULL, DIFF, LOG and copy-only LOG.', 1;
