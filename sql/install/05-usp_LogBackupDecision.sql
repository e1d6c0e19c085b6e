-- AgBackupClr install, step 5: usp_BackupIfPreferred writes its log rows through this procedure. T-SQL that a CLR
-- procedure sends over the context connection is permission-checked as the caller; through a dbo-owned procedure,
-- ownership chaining means the job owner needs EXECUTE on it, not INSERT on the table. A BACKUP is logged before it
-- starts (@id NULL: a new row, whose id is returned) and completed after it ends (@id: that row is updated), so a job
-- killed in the middle of a BACKUP leaves a row with finished_at NULL.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
CREATE PROCEDURE dbo.usp_LogBackupDecision
    @id bigint = NULL OUTPUT,
    @database_name nvarchar(128),
    @availability_group_name nvarchar(128),
    @replica_role nvarchar(60),
    @backup_type nvarchar(10),
    @copy_only bit,
    @action nvarchar(10),
    @reason_code nvarchar(60),
    @reason nvarchar(max),
    @is_preferred_replica bit,
    @preferred_replica_name nvarchar(256),
    @command nvarchar(max),
    @backup_file nvarchar(max),
    @started_at datetime2(3),
    @finished_at datetime2(3),
    @error_number int,
    @error_message nvarchar(max)
AS
SET NOCOUNT ON;
IF @id IS NULL
BEGIN
    INSERT INTO dbo.BackupDecisionLog
        (database_name, availability_group_name, replica_role, backup_type, copy_only, action, reason_code, reason,
         is_preferred_replica, preferred_replica_name, command, backup_file, started_at, finished_at, error_number, error_message)
    VALUES
        (@database_name, @availability_group_name, @replica_role, @backup_type, @copy_only, @action, @reason_code, @reason,
         @is_preferred_replica, @preferred_replica_name, @command, @backup_file, @started_at, @finished_at, @error_number, @error_message);
    SET @id = SCOPE_IDENTITY();
END
ELSE
    UPDATE dbo.BackupDecisionLog
    SET database_name = @database_name, availability_group_name = @availability_group_name, replica_role = @replica_role,
        backup_type = @backup_type, copy_only = @copy_only, action = @action, reason_code = @reason_code, reason = @reason,
        is_preferred_replica = @is_preferred_replica, preferred_replica_name = @preferred_replica_name, command = @command,
        backup_file = @backup_file, started_at = @started_at, finished_at = @finished_at, error_number = @error_number,
        error_message = @error_message
    WHERE id = @id;
GO
