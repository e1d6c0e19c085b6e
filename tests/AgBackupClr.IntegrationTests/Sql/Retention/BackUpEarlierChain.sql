-- An earlier chain's backups, a FULL to @FullFile then a LOG to @LogFile, of a database of their own, so a cleanup scenario
-- has backup files with real headers for xp_delete_file to delete. Run in master on an instance whose clock is behind the
-- cleaning replica's: the header carries the local time of the instance that wrote it.
CREATE DATABASE AgBackupClrEarlierChain;
GO
ALTER DATABASE AgBackupClrEarlierChain SET RECOVERY FULL;
GO
BACKUP DATABASE AgBackupClrEarlierChain TO DISK = @FullFile WITH INIT;
GO
BACKUP LOG AgBackupClrEarlierChain TO DISK = @LogFile WITH INIT;
GO
