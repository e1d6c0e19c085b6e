-- AgBackupClr install, step 6. CLR parameters cannot be char/varchar (no CLR mapping), so the Y/N flags are nvarchar.
-- The options added later are nvarchar(max), as in Ola Hallengren's DatabaseBackup: a longer value is refused whole,
-- never cut to a shorter one that happens to be allowed. New parameters go at the end, so calls by position keep working.
IF @@TRANCOUNT = 0
BEGIN
    RAISERROR(N'AgBackupClr: an earlier step failed and was rolled back; nothing was installed.', 16, 1);
    SET NOEXEC ON;
END;
GO
CREATE PROCEDURE dbo.usp_BackupIfPreferred
    @Databases nvarchar(max) = NULL,
    @BackupType nvarchar(10),
    @Directory nvarchar(max) = NULL,
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
    @ExcludeSeedingFromLogBackup nvarchar(10) = N'N',
    @CompressionAlgorithm nvarchar(max) = NULL,
    @CompressionLevel nvarchar(max) = NULL,
    @NumberOfFiles int = NULL,
    @MaxTransferSize int = NULL,
    @BufferCount int = NULL,
    @BlockSize int = NULL,
    @MaxFileSize int = NULL,
    @Encrypt nvarchar(max) = N'N',
    @EncryptionAlgorithm nvarchar(max) = NULL,
    @ServerCertificate nvarchar(max) = NULL,
    @ServerAsymmetricKey nvarchar(max) = NULL,
    @URL nvarchar(max) = NULL,
    @Credential nvarchar(max) = NULL,
    @BackupOptions nvarchar(max) = NULL,
    @AvailabilityGroups nvarchar(max) = NULL,
    @DatabaseOrder nvarchar(max) = NULL,
    @Description nvarchar(max) = NULL,
    @DirectoryStructure nvarchar(max) = NULL,
    @AvailabilityGroupDirectoryStructure nvarchar(max) = NULL,
    @MaxLogAgeMinutes int = NULL,
    @LogRetentionDays int = 90,
    @CleanupTime int = NULL,
    @CleanupMode nvarchar(max) = N'AFTER_BACKUP',
    @CleanupWhenSkipped nvarchar(max) = N'N'
AS EXTERNAL NAME AgBackupClr.[AgBackupClr.Clr.StoredProcedures].BackupIfPreferred;
GO
