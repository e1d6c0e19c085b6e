-- Backups of @DatabaseName's family written by another instance: @SeedFile (a COPY_ONLY FULL from the primary) restored
-- under the same name, which keeps its family_guid, then a FULL to @FullFile and, unless @LogFile is NULL, a LOG to
-- @LogFile. Their headers carry this instance's local time (docs/linux/sql-server-linux-docker-container-configure.md,
-- TZ). The copy is dropped after, so the instance can later restore a chain of the same name. Run in master.
RESTORE DATABASE @DatabaseName FROM DISK = @SeedFile WITH RECOVERY;
BACKUP DATABASE @DatabaseName TO DISK = @FullFile WITH INIT;
IF @LogFile IS NOT NULL
    BACKUP LOG @DatabaseName TO DISK = @LogFile WITH INIT;
DECLARE @drop nvarchar(300) = N'DROP DATABASE ' + QUOTENAME(@DatabaseName) + N';';
EXEC (@drop);
