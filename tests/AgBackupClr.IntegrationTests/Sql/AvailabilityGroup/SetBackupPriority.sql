-- Sets one replica's BACKUP_PRIORITY with ALTER AVAILABILITY GROUP ... MODIFY REPLICA, on the primary
-- (docs/rules.md F6). The replica name and the priority must be literals there, so the statement is built from
-- @ReplicaName and @BackupPriority, the priority checked first so only a number 0..100 reaches the text.
IF @BackupPriority IS NULL OR @BackupPriority < 0 OR @BackupPriority > 100
    THROW 50000, N'@BackupPriority must be between 0 and 100.', 1;
DECLARE @modifyReplica nvarchar(max) =
    N'ALTER AVAILABILITY GROUP AgBackupClrTestAg MODIFY REPLICA ON N'''
    + REPLACE(@ReplicaName, N'''', N'''''')
    + N''' WITH (BACKUP_PRIORITY = '
    + CONVERT(nvarchar(3), @BackupPriority)
    + N');';
EXEC sys.sp_executesql @modifyReplica;
GO
