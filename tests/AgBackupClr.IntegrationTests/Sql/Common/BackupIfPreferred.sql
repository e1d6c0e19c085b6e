-- The call a DBA's Agent job makes, with every argument passed explicitly so a test can send NULL or a
-- wrong value for any of them. Run in the utility database.
EXEC dbo.usp_BackupIfPreferred
    @Databases = @Databases,
    @BackupType = @BackupType,
    @Directory = @Directory,
    @CopyOnly = @CopyOnly,
    @Checksum = @Checksum,
    @Compress = @Compress,
    @Verify = @Verify,
    @Execute = @Execute,
    @LogToTable = @LogToTable,
    @OverrideBackupPreference = @OverrideBackupPreference,
    @FileName = @FileName,
    @AvailabilityGroupFileName = @AvailabilityGroupFileName,
    @CompressionAlgorithm = @CompressionAlgorithm,
    @CompressionLevel = @CompressionLevel,
    @NumberOfFiles = @NumberOfFiles,
    @MaxTransferSize = @MaxTransferSize,
    @BufferCount = @BufferCount,
    @BlockSize = @BlockSize,
    @MaxFileSize = @MaxFileSize;
