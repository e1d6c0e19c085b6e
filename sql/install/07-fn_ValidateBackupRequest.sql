-- AgBackupClr install, step 7.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
CREATE FUNCTION dbo.fn_ValidateBackupRequest
(
    @DatabaseName sysname,
    @BackupType nvarchar(10),
    @CopyOnly bit
)
RETURNS TABLE
(
    is_supported_here bit,
    is_preferred_replica bit,
    should_run_here bit,
    action nvarchar(10),
    reason_code nvarchar(60),
    reason nvarchar(4000),
    availability_group_name nvarchar(128),
    replica_role nvarchar(60),
    synchronization_state nvarchar(60)
)
AS EXTERNAL NAME AgBackupClr.[AgBackupClr.Clr.TableValuedFunctions].ValidateBackupRequest;
GO
