-- A FULL or a LOG backup of the availability database to a file, for agbackup restore --test to read back in another
-- instance at the same path.
IF @BackupType = N'FULL'
    BACKUP DATABASE @DatabaseName TO DISK = @File WITH CHECKSUM;
ELSE
    BACKUP LOG @DatabaseName TO DISK = @File WITH CHECKSUM;
