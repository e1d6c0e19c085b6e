-- AgBackupClr install, step 6. CLR parameters cannot be char/varchar (no CLR mapping), so the Y/N flags are nvarchar.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
CREATE PROCEDURE dbo.usp_BackupIfPreferred
    @Databases nvarchar(max),
    @BackupType nvarchar(10),
    @Directory nvarchar(4000),
    @CopyOnly nvarchar(10) = N'N',
    @Checksum nvarchar(10) = N'Y',
    @Compress nvarchar(10) = NULL,
    @Verify nvarchar(10) = N'N',
    @Execute nvarchar(10) = N'Y',
    @LogToTable nvarchar(10) = N'Y',
    @OverrideBackupPreference nvarchar(10) = N'N',
    @FileName nvarchar(4000) = NULL,
    @AvailabilityGroupFileName nvarchar(4000) = NULL,
    @ChangeBackupType nvarchar(10) = N'N',
    @AllowNonCopyOnlyBackupsOnForwarder nvarchar(10) = N'N',
    @ExcludeSeedingFromLogBackup nvarchar(10) = N'N'
AS EXTERNAL NAME AgBackupClr.[AgBackupClr.Clr.StoredProcedures].BackupIfPreferred;
GO
