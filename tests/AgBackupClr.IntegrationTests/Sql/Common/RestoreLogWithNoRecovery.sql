-- The next log backup of a restore sequence, from a file.
RESTORE LOG @DatabaseName FROM DISK = @File WITH NORECOVERY;
