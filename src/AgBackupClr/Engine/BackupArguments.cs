using System;
using System.Collections.Generic;
using AgBackupClr.Model;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>The parameters of usp_BackupIfPreferred as SQL Server passed them: NULL is null.</summary>
    public sealed class RawBackupArguments
    {
        public RawBackupArguments(
            string? databases,
            string? backupType,
            string? directory,
            string? copyOnly,
            string? checksum,
            string? compress,
            string? verify,
            string? execute,
            string? logToTable,
            string? overrideBackupPreference,
            string? fileName,
            string? availabilityGroupFileName,
            string? changeBackupType = null,
            string? allowNonCopyOnlyBackupsOnForwarder = null,
            string? excludeSeedingFromLogBackup = null,
            string? compressionAlgorithm = null,
            string? compressionLevel = null,
            int? numberOfFiles = null,
            int? maxTransferSize = null,
            int? bufferCount = null,
            int? blockSize = null,
            int? maxFileSize = null,
            string? encrypt = null,
            string? encryptionAlgorithm = null,
            string? serverCertificate = null,
            string? serverAsymmetricKey = null,
            string? url = null,
            string? credential = null,
            string? backupOptions = null,
            string? availabilityGroups = null,
            string? databaseOrder = null,
            string? description = null,
            string? directoryStructure = null,
            string? availabilityGroupDirectoryStructure = null,
            int? maxLogAgeMinutes = null,
            int? logRetentionDays = DecisionLogRetention.DefaultDays,
            int? cleanupTime = null,
            string? cleanupMode = null,
            string? cleanupWhenSkipped = null)
        {
            Databases = databases;
            BackupType = backupType;
            Directory = directory;
            CopyOnly = copyOnly;
            Checksum = checksum;
            Compress = compress;
            Verify = verify;
            Execute = execute;
            LogToTable = logToTable;
            OverrideBackupPreference = overrideBackupPreference;
            FileName = fileName;
            AvailabilityGroupFileName = availabilityGroupFileName;
            ChangeBackupType = changeBackupType;
            AllowNonCopyOnlyBackupsOnForwarder = allowNonCopyOnlyBackupsOnForwarder;
            ExcludeSeedingFromLogBackup = excludeSeedingFromLogBackup;
            CompressionAlgorithm = compressionAlgorithm;
            CompressionLevel = compressionLevel;
            NumberOfFiles = numberOfFiles;
            MaxTransferSize = maxTransferSize;
            BufferCount = bufferCount;
            BlockSize = blockSize;
            MaxFileSize = maxFileSize;
            Encrypt = encrypt;
            EncryptionAlgorithm = encryptionAlgorithm;
            ServerCertificate = serverCertificate;
            ServerAsymmetricKey = serverAsymmetricKey;
            Url = url;
            Credential = credential;
            BackupOptions = backupOptions;
            AvailabilityGroups = availabilityGroups;
            DatabaseOrder = databaseOrder;
            Description = description;
            DirectoryStructure = directoryStructure;
            AvailabilityGroupDirectoryStructure = availabilityGroupDirectoryStructure;
            MaxLogAgeMinutes = maxLogAgeMinutes;
            LogRetentionDays = logRetentionDays;
            CleanupTime = cleanupTime;
            CleanupMode = cleanupMode;
            CleanupWhenSkipped = cleanupWhenSkipped;
        }

        public string? Databases { get; }

        public string? BackupType { get; }

        public string? Directory { get; }

        public string? CopyOnly { get; }

        public string? Checksum { get; }

        public string? Compress { get; }

        public string? Verify { get; }

        public string? Execute { get; }

        public string? LogToTable { get; }

        public string? OverrideBackupPreference { get; }

        public string? FileName { get; }

        public string? AvailabilityGroupFileName { get; }

        public string? ChangeBackupType { get; }

        public string? AllowNonCopyOnlyBackupsOnForwarder { get; }

        public string? ExcludeSeedingFromLogBackup { get; }

        public string? CompressionAlgorithm { get; }

        public string? CompressionLevel { get; }

        public int? NumberOfFiles { get; }

        public int? MaxTransferSize { get; }

        public int? BufferCount { get; }

        public int? BlockSize { get; }

        public int? MaxFileSize { get; }

        public string? Encrypt { get; }

        public string? EncryptionAlgorithm { get; }

        public string? ServerCertificate { get; }

        public string? ServerAsymmetricKey { get; }

        public string? Url { get; }

        public string? Credential { get; }

        public string? BackupOptions { get; }

        public string? AvailabilityGroups { get; }

        public string? DatabaseOrder { get; }

        public string? Description { get; }

        public string? DirectoryStructure { get; }

        public string? AvailabilityGroupDirectoryStructure { get; }

        public int? MaxLogAgeMinutes { get; }

        public int? LogRetentionDays { get; }

        public int? CleanupTime { get; }

        public string? CleanupMode { get; }

        public string? CleanupWhenSkipped { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public RawBackupArguments With(
            Change<string?> databases = default,
            Change<string?> backupType = default,
            Change<string?> directory = default,
            Change<string?> copyOnly = default,
            Change<string?> checksum = default,
            Change<string?> compress = default,
            Change<string?> verify = default,
            Change<string?> execute = default,
            Change<string?> logToTable = default,
            Change<string?> overrideBackupPreference = default,
            Change<string?> fileName = default,
            Change<string?> availabilityGroupFileName = default,
            Change<string?> changeBackupType = default,
            Change<string?> allowNonCopyOnlyBackupsOnForwarder = default,
            Change<string?> excludeSeedingFromLogBackup = default,
            Change<string?> compressionAlgorithm = default,
            Change<string?> compressionLevel = default,
            Change<int?> numberOfFiles = default,
            Change<int?> maxTransferSize = default,
            Change<int?> bufferCount = default,
            Change<int?> blockSize = default,
            Change<int?> maxFileSize = default,
            Change<string?> encrypt = default,
            Change<string?> encryptionAlgorithm = default,
            Change<string?> serverCertificate = default,
            Change<string?> serverAsymmetricKey = default,
            Change<string?> url = default,
            Change<string?> credential = default,
            Change<string?> backupOptions = default,
            Change<string?> availabilityGroups = default,
            Change<string?> databaseOrder = default,
            Change<string?> description = default,
            Change<string?> directoryStructure = default,
            Change<string?> availabilityGroupDirectoryStructure = default,
            Change<int?> maxLogAgeMinutes = default,
            Change<int?> logRetentionDays = default,
            Change<int?> cleanupTime = default,
            Change<string?> cleanupMode = default,
            Change<string?> cleanupWhenSkipped = default) =>
            new RawBackupArguments(
                databases.Or(Databases),
                backupType.Or(BackupType),
                directory.Or(Directory),
                copyOnly.Or(CopyOnly),
                checksum.Or(Checksum),
                compress.Or(Compress),
                verify.Or(Verify),
                execute.Or(Execute),
                logToTable.Or(LogToTable),
                overrideBackupPreference.Or(OverrideBackupPreference),
                fileName.Or(FileName),
                availabilityGroupFileName.Or(AvailabilityGroupFileName),
                changeBackupType.Or(ChangeBackupType),
                allowNonCopyOnlyBackupsOnForwarder.Or(AllowNonCopyOnlyBackupsOnForwarder),
                excludeSeedingFromLogBackup.Or(ExcludeSeedingFromLogBackup),
                compressionAlgorithm.Or(CompressionAlgorithm),
                compressionLevel.Or(CompressionLevel),
                numberOfFiles.Or(NumberOfFiles),
                maxTransferSize.Or(MaxTransferSize),
                bufferCount.Or(BufferCount),
                blockSize.Or(BlockSize),
                maxFileSize.Or(MaxFileSize),
                encrypt.Or(Encrypt),
                encryptionAlgorithm.Or(EncryptionAlgorithm),
                serverCertificate.Or(ServerCertificate),
                serverAsymmetricKey.Or(ServerAsymmetricKey),
                url.Or(Url),
                credential.Or(Credential),
                backupOptions.Or(BackupOptions),
                availabilityGroups.Or(AvailabilityGroups),
                databaseOrder.Or(DatabaseOrder),
                description.Or(Description),
                directoryStructure.Or(DirectoryStructure),
                availabilityGroupDirectoryStructure.Or(AvailabilityGroupDirectoryStructure),
                maxLogAgeMinutes.Or(MaxLogAgeMinutes),
                logRetentionDays.Or(LogRetentionDays),
                cleanupTime.Or(CleanupTime),
                cleanupMode.Or(CleanupMode),
                cleanupWhenSkipped.Or(CleanupWhenSkipped));
    }

    /// <summary>
    /// Checked parameters. Compress null leaves SQL Server's 'backup compression default'. What depends on this replica's
    /// version, edition and platform is checked by ReplicaArgumentChecks once its state is read.
    /// </summary>
    public sealed class BackupArguments
    {
        public BackupArguments(
            string? databases,
            BackupType backupType,
            Destination destination,
            bool copyOnly,
            bool checksum,
            bool? compress,
            bool verify,
            bool execute,
            bool logToTable,
            bool overrideBackupPreference,
            string fileName,
            string availabilityGroupFileName,
            bool changeBackupType,
            bool allowNonCopyOnlyBackupsOnForwarder,
            bool excludeSeedingFromLogBackup,
            CompressionAlgorithm? compressionAlgorithm = null,
            CompressionLevel? compressionLevel = null,
            int? numberOfFiles = null,
            int? maxFileSize = null,
            int? maxTransferSize = null,
            int? bufferCount = null,
            int? blockSize = null,
            BackupEncryption? encryption = null,
            string? credential = null,
            string? backupOptions = null,
            string? availabilityGroups = null,
            DatabaseOrder? databaseOrder = null,
            string? description = null,
            string? directoryStructure = null,
            string? availabilityGroupDirectoryStructure = null,
            int? maxLogAgeMinutes = null,
            int? logRetentionDays = null,
            CleanupOptions? cleanup = null)
        {
            Databases = databases;
            BackupType = backupType;
            Destination = destination;
            CopyOnly = copyOnly;
            Checksum = checksum;
            Compress = compress;
            Verify = verify;
            Execute = execute;
            LogToTable = logToTable;
            OverrideBackupPreference = overrideBackupPreference;
            FileName = fileName;
            AvailabilityGroupFileName = availabilityGroupFileName;
            ChangeBackupType = changeBackupType;
            AllowNonCopyOnlyBackupsOnForwarder = allowNonCopyOnlyBackupsOnForwarder;
            ExcludeSeedingFromLogBackup = excludeSeedingFromLogBackup;
            CompressionAlgorithm = compressionAlgorithm;
            CompressionLevel = compressionLevel;
            NumberOfFiles = numberOfFiles;
            MaxFileSize = maxFileSize;
            MaxTransferSize = maxTransferSize;
            BufferCount = bufferCount;
            BlockSize = blockSize;
            Encryption = encryption;
            Credential = credential;
            BackupOptions = backupOptions;
            AvailabilityGroups = availabilityGroups;
            DatabaseOrder = databaseOrder;
            Description = description;
            DirectoryStructure = directoryStructure ?? string.Empty;
            AvailabilityGroupDirectoryStructure = availabilityGroupDirectoryStructure ?? string.Empty;
            MaxLogAgeMinutes = maxLogAgeMinutes;
            LogRetentionDays = logRetentionDays;
            Cleanup = cleanup;
        }

        public string? Databases { get; }

        public BackupType BackupType { get; }

        public Destination Destination { get; }

        public bool CopyOnly { get; }

        public bool Checksum { get; }

        public bool? Compress { get; }

        public bool Verify { get; }

        public bool Execute { get; }

        public bool LogToTable { get; }

        public bool OverrideBackupPreference { get; }

        public string FileName { get; }

        public string AvailabilityGroupFileName { get; }

        public bool ChangeBackupType { get; }

        public bool AllowNonCopyOnlyBackupsOnForwarder { get; }

        public bool ExcludeSeedingFromLogBackup { get; }

        /// <summary>COMPRESSION (ALGORITHM = ...); null leaves the server's 'backup compression algorithm'. Only with Compress true.</summary>
        public CompressionAlgorithm? CompressionAlgorithm { get; }

        /// <summary>COMPRESSION (ALGORITHM = ZSTD, LEVEL = ...); only with ZSTD.</summary>
        public CompressionLevel? CompressionLevel { get; }

        /// <summary>How many files each backup is striped over; null: one per directory, or as many as MaxFileSize asks.</summary>
        public int? NumberOfFiles { get; }

        /// <summary>The largest file, in MB, a backup may write: the number of files follows from the database's size.</summary>
        public int? MaxFileSize { get; }

        /// <summary>MAXTRANSFERSIZE, BUFFERCOUNT and BLOCKSIZE; null leaves SQL Server's choice.</summary>
        public int? MaxTransferSize { get; }

        public int? BufferCount { get; }

        public int? BlockSize { get; }

        /// <summary>ENCRYPTION (...), or null for none (@Encrypt = 'N').</summary>
        public BackupEncryption? Encryption { get; }

        /// <summary>WITH CREDENTIAL = ...: a storage account key credential for an https:// URL (page blobs); null for SAS and S3.</summary>
        public string? Credential { get; }

        /// <summary>BACKUP_OPTIONS = ... (JSON, the S3 region), and RESTORE_OPTIONS of the verification; null for none.</summary>
        public string? BackupOptions { get; }

        /// <summary>The availability groups whose databases are selected, instead of Databases (exactly one of the two is set).</summary>
        public string? AvailabilityGroups { get; }

        /// <summary>The order the selected databases are backed up in; null keeps sys.databases order.</summary>
        public DatabaseOrder? DatabaseOrder { get; }

        /// <summary>DESCRIPTION = ... of each backup set; null for none.</summary>
        public string? Description { get; }

        /// <summary>The folders under each directory or URL for databases outside availability groups, and for those in one; empty for none.</summary>
        public string DirectoryStructure { get; }

        public string AvailabilityGroupDirectoryStructure { get; }

        /// <summary>The age, in minutes, above which a LOG skipped for another replica is refused (LogBackupAge); null for no limit.</summary>
        public int? MaxLogAgeMinutes { get; }

        /// <summary>How many days dbo.BackupDecisionLog keeps its rows; null keeps every row.</summary>
        public int? LogRetentionDays { get; }

        /// <summary>@CleanupTime, @CleanupMode and @CleanupWhenSkipped; null when @CleanupTime is NULL: nothing is deleted.</summary>
        public CleanupOptions? Cleanup { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public BackupArguments With(
            Change<string?> databases = default,
            BackupType? backupType = null,
            Destination? destination = null,
            bool? copyOnly = null,
            bool? checksum = null,
            Change<bool?> compress = default,
            bool? verify = null,
            bool? execute = null,
            bool? logToTable = null,
            bool? overrideBackupPreference = null,
            string? fileName = null,
            string? availabilityGroupFileName = null,
            bool? changeBackupType = null,
            bool? allowNonCopyOnlyBackupsOnForwarder = null,
            bool? excludeSeedingFromLogBackup = null,
            Change<CompressionAlgorithm?> compressionAlgorithm = default,
            Change<CompressionLevel?> compressionLevel = default,
            Change<int?> numberOfFiles = default,
            Change<int?> maxFileSize = default,
            Change<int?> maxTransferSize = default,
            Change<int?> bufferCount = default,
            Change<int?> blockSize = default,
            Change<BackupEncryption?> encryption = default,
            Change<string?> credential = default,
            Change<string?> backupOptions = default,
            Change<string?> availabilityGroups = default,
            Change<DatabaseOrder?> databaseOrder = default,
            Change<string?> description = default,
            string? directoryStructure = null,
            string? availabilityGroupDirectoryStructure = null,
            Change<int?> maxLogAgeMinutes = default,
            Change<int?> logRetentionDays = default,
            Change<CleanupOptions?> cleanup = default) =>
            new BackupArguments(
                databases.Or(Databases),
                backupType ?? BackupType,
                destination ?? Destination,
                copyOnly ?? CopyOnly,
                checksum ?? Checksum,
                compress.Or(Compress),
                verify ?? Verify,
                execute ?? Execute,
                logToTable ?? LogToTable,
                overrideBackupPreference ?? OverrideBackupPreference,
                fileName ?? FileName,
                availabilityGroupFileName ?? AvailabilityGroupFileName,
                changeBackupType ?? ChangeBackupType,
                allowNonCopyOnlyBackupsOnForwarder ?? AllowNonCopyOnlyBackupsOnForwarder,
                excludeSeedingFromLogBackup ?? ExcludeSeedingFromLogBackup,
                compressionAlgorithm.Or(CompressionAlgorithm),
                compressionLevel.Or(CompressionLevel),
                numberOfFiles.Or(NumberOfFiles),
                maxFileSize.Or(MaxFileSize),
                maxTransferSize.Or(MaxTransferSize),
                bufferCount.Or(BufferCount),
                blockSize.Or(BlockSize),
                encryption.Or(Encryption),
                credential.Or(Credential),
                backupOptions.Or(BackupOptions),
                availabilityGroups.Or(AvailabilityGroups),
                databaseOrder.Or(DatabaseOrder),
                description.Or(Description),
                directoryStructure ?? DirectoryStructure,
                availabilityGroupDirectoryStructure ?? AvailabilityGroupDirectoryStructure,
                maxLogAgeMinutes.Or(MaxLogAgeMinutes),
                logRetentionDays.Or(LogRetentionDays),
                cleanup.Or(Cleanup));
    }

    /// <summary>
    /// Deleting backups older than Hours (Ola Hallengren's @CleanupTime and @CleanupMode): before or after each database's
    /// backup; WhenSkipped also cleans an availability group's shared folder on a replica that skips the backup.
    /// </summary>
    public sealed class CleanupOptions
    {
        public CleanupOptions(int hours, bool beforeBackup, bool whenSkipped)
        {
            Hours = hours;
            BeforeBackup = beforeBackup;
            WhenSkipped = whenSkipped;
        }

        public int Hours { get; }

        public bool BeforeBackup { get; }

        public bool WhenSkipped { get; }
    }

    /// <summary>The result of checking the parameters: arguments, or the one message that says which is wrong and what is allowed.</summary>
    public sealed class ParsedArguments
    {
        public ParsedArguments(BackupArguments? arguments, string? error)
        {
            Arguments = arguments;
            Error = error;
        }

        public BackupArguments? Arguments { get; }

        public string? Error { get; }
    }

    public static class BackupArgumentParser
    {
        public const int DefaultStats = 10;

        public const int MaxDescriptionLength = 255;

        /// <summary>sysname: a certificate's or key's name has at most 128 characters.</summary>
        public const int MaxNameLength = 128;

        /// <summary>MAXTRANSFERSIZE is a multiple of 64 KB, at most 4 MB to disk (docs/t-sql/statements/backup-transact-sql.md).</summary>
        public const int MaxTransferSizeUnit = 65536;
        public const int MaxTransferSizeToDisk = 4194304;

        /// <summary>MAXTRANSFERSIZE to S3-compatible storage: 5 MB to 20 MB.</summary>
        public const int MaxTransferSizeToS3Least = 5242880;
        public const int MaxTransferSizeToS3Most = 20971520;

        public static ParsedArguments Parse(RawBackupArguments raw)
        {
            bool hasDatabases = raw.Databases != null && raw.Databases.Trim().Length > 0;
            bool hasGroups = raw.AvailabilityGroups != null && raw.AvailabilityGroups.Trim().Length > 0;
            if (hasDatabases == hasGroups)
            {
                // One or the other, as in Ola Hallengren's DatabaseBackup.
                return Invalid(hasDatabases
                    ? "@Databases and @AvailabilityGroups cannot both be set: select databases, or the availability groups whose databases are backed up."
                    : "@Databases is required: a comma list of database names, % wildcards, -exclusions, or USER_DATABASES, SYSTEM_DATABASES, ALL_DATABASES, AVAILABILITY_GROUP_DATABASES; "
                        + "or @AvailabilityGroups: a comma list of availability group names, % wildcards, -exclusions, or ALL_AVAILABILITY_GROUPS.");
            }

            BackupType? type = ParseBackupType(raw.BackupType);
            if (type == null || type == BackupType.Restore)
            {
                return Invalid("@BackupType must be FULL, DIFF or LOG, not " + Shown(raw.BackupType)
                    + (type == BackupType.Restore ? "; RESTORE is only for dbo.fn_ValidateBackupRequest." : "."));
            }

            string? flagError = null;
            bool copyOnly = Flag(raw.CopyOnly, "@CopyOnly", false, ref flagError);
            bool checksum = Flag(raw.Checksum, "@Checksum", true, ref flagError);
            bool? compress = raw.Compress == null ? null : Flag(raw.Compress, "@Compress", false, ref flagError);
            bool verify = Flag(raw.Verify, "@Verify", false, ref flagError);
            bool execute = Flag(raw.Execute, "@Execute", true, ref flagError);
            bool logToTable = Flag(raw.LogToTable, "@LogToTable", true, ref flagError);
            bool overridePreference = Flag(raw.OverrideBackupPreference, "@OverrideBackupPreference", false, ref flagError);
            bool changeBackupType = Flag(raw.ChangeBackupType, "@ChangeBackupType", false, ref flagError);
            bool allowOnForwarder = Flag(raw.AllowNonCopyOnlyBackupsOnForwarder, "@AllowNonCopyOnlyBackupsOnForwarder", false, ref flagError);
            bool excludeSeeding = Flag(raw.ExcludeSeedingFromLogBackup, "@ExcludeSeedingFromLogBackup", false, ref flagError);
            bool encrypt = Flag(raw.Encrypt, "@Encrypt", false, ref flagError);
            if (flagError != null)
            {
                return Invalid(flagError);
            }

            if (raw.LogRetentionDays < 1 || raw.LogRetentionDays > DecisionLogRetention.MaxDays)
            {
                return Invalid("@LogRetentionDays must be a number of days from 1 to 36500 (the rows of dbo.BackupDecisionLog logged longer ago are deleted), or NULL to keep every row, not "
                    + Count(raw.LogRetentionDays!.Value) + ".");
            }

            if (changeBackupType && (type == BackupType.Full || copyOnly))
            {
                return Invalid("@ChangeBackupType = 'Y' applies to DIFF and LOG backups that are not COPY_ONLY (it turns one without a base into the backup that creates it); leave it 'N' for a "
                    + SqlNames.Describe(type.Value, copyOnly) + " backup.");
            }

            string? choiceError = null;
            DatabaseOrder? order = Choice(raw.DatabaseOrder, "@DatabaseOrder", DatabaseSelection.DatabaseOrders, DatabaseSelection.DatabaseOrderNames, ref choiceError);
            CompressionAlgorithm? algorithm = Choice(raw.CompressionAlgorithm, "@CompressionAlgorithm", CompressionAlgorithms, CompressionAlgorithmNames, ref choiceError);
            CompressionLevel? level = Choice(raw.CompressionLevel, "@CompressionLevel", CompressionLevels, CompressionLevelNames, ref choiceError);
            string? compressionError = choiceError ?? CheckCompression(compress, algorithm, level);
            if (compressionError != null)
            {
                return Invalid(compressionError);
            }

            string? logAgeError = CheckMaxLogAge(raw.MaxLogAgeMinutes, type.Value, copyOnly);
            if (logAgeError != null)
            {
                return Invalid(logAgeError);
            }

            // DESCRIPTION: at most 255 characters (docs/t-sql/statements/backup-transact-sql.md, DESCRIPTION).
            if (raw.Description?.Length > MaxDescriptionLength)
            {
                return Invalid("@Description may have at most 255 characters (BACKUP ... WITH DESCRIPTION), not " + Count(raw.Description.Length) + ".");
            }

            BackupEncryption? encryption = null;
            string? encryptionError = ParseEncryption(raw, ref encryption);
            if (encryptionError != null)
            {
                return Invalid(encryptionError);
            }

            string? destinationError = DestinationParser.Parse(raw.Directory, raw.Url, out Destination? destination)
                ?? CheckUrlOptions(raw, destination!);
            if (destinationError != null)
            {
                return Invalid(destinationError);
            }

            if (verify && destination!.IsNul)
            {
                return Invalid("@Verify = 'Y' cannot read back a backup written to NUL; use @Verify = 'N' or a real @Directory.");
            }

            // A FULL that is not COPY_ONLY becomes the differential base (docs/relational-databases/backup-restore/differential-backups-sql-server.md):
            // written to NUL, it leaves every later DIFF with a base nobody can restore.
            if (destination!.IsNul && !copyOnly && (type == BackupType.Full || changeBackupType))
            {
                return Invalid((type == BackupType.Full ? "@BackupType = 'FULL'" : "@ChangeBackupType = 'Y', which may turn this backup into a FULL,")
                    + " to NUL moves the differential base to a backup that is thrown away: every later DIFF could not be restored. Use @CopyOnly = 'Y' (a COPY_ONLY "
                    + "FULL leaves the base alone), or a real @Directory.");
            }

            string? throughputError = CheckStriping(raw.NumberOfFiles, raw.MaxFileSize, destination!)
                ?? CheckThroughput(raw.MaxTransferSize, raw.BufferCount, raw.BlockSize, destination!, compress);
            if (throughputError != null)
            {
                return Invalid(throughputError);
            }

            // Several files need {FileNumber} to tell them apart; the default templates gain it (as in Ola Hallengren's DatabaseBackup).
            string? manyFiles = raw.NumberOfFiles > 1 ? "@NumberOfFiles = " + Count(raw.NumberOfFiles.Value)
                : raw.MaxFileSize is int maxFileSize ? "@MaxFileSize = " + Count(maxFileSize)
                : destination!.Paths.Count > 1 ? destination.ParameterName + " with " + Count(destination.Paths.Count) + " places"
                : null;
            string fileName = raw.FileName ?? (manyFiles == null ? BackupFileName.DefaultTemplate : BackupFileName.DefaultStripedTemplate);
            string groupFileName = raw.AvailabilityGroupFileName
                ?? (manyFiles == null ? BackupFileName.DefaultAvailabilityGroupTemplate : BackupFileName.DefaultStripedAvailabilityGroupTemplate);
            string? templateError = BackupFileName.CheckTemplate(fileName, "@FileName")
                ?? BackupFileName.CheckTemplate(groupFileName, "@AvailabilityGroupFileName")
                ?? NeedsFileNumber(fileName, "@FileName", manyFiles)
                ?? NeedsFileNumber(groupFileName, "@AvailabilityGroupFileName", manyFiles);
            if (templateError != null)
            {
                return Invalid(templateError);
            }

            // NULL takes the default structure; '' writes into @Directory itself.
            string structure = raw.DirectoryStructure ?? BackupFileName.DefaultDirectoryStructure;
            string groupStructure = raw.AvailabilityGroupDirectoryStructure ?? BackupFileName.DefaultAvailabilityGroupDirectoryStructure;
            string? structureError = BackupFileName.CheckStructure(structure, "@DirectoryStructure")
                ?? BackupFileName.CheckStructure(groupStructure, "@AvailabilityGroupDirectoryStructure");
            if (structureError != null)
            {
                return Invalid(structureError);
            }

            CleanupOptions? cleanup = null;
            string? cleanupError = ParseCleanup(raw, destination!, structure, groupStructure, fileName, groupFileName, ref cleanup);
            if (cleanupError != null)
            {
                return Invalid(cleanupError);
            }

            return new ParsedArguments(
                new BackupArguments(
                    hasDatabases ? raw.Databases : null, type.Value, destination!, copyOnly, checksum, compress, verify, execute, logToTable, overridePreference, fileName, groupFileName,
                    changeBackupType, allowOnForwarder, excludeSeeding,
                    compressionAlgorithm: algorithm,
                    compressionLevel: level,
                    numberOfFiles: raw.NumberOfFiles,
                    maxFileSize: raw.MaxFileSize,
                    maxTransferSize: raw.MaxTransferSize,
                    bufferCount: raw.BufferCount,
                    blockSize: raw.BlockSize,
                    encryption: encryption,
                    credential: raw.Credential,
                    backupOptions: raw.BackupOptions?.Trim(),
                    availabilityGroups: hasGroups ? raw.AvailabilityGroups : null,
                    databaseOrder: order,
                    description: raw.Description,
                    directoryStructure: structure,
                    availabilityGroupDirectoryStructure: groupStructure,
                    maxLogAgeMinutes: raw.MaxLogAgeMinutes,
                    logRetentionDays: raw.LogRetentionDays,
                    cleanup: cleanup),
                null);
        }

        /// <summary>@MaxLogAgeMinutes watches the regular log backups another replica takes: a positive number of minutes, for LOG only.</summary>
        private static string? CheckMaxLogAge(int? minutes, BackupType type, bool copyOnly)
        {
            if (minutes == null)
            {
                return null;
            }

            if (minutes <= 0)
            {
                return "@MaxLogAgeMinutes must be a positive number of minutes (or NULL for no limit), not " + Count(minutes.Value) + ".";
            }

            return type == BackupType.Log && !copyOnly
                ? null
                : "@MaxLogAgeMinutes applies to LOG backups that are not COPY_ONLY (it watches the log backups another replica takes); leave it NULL for a "
                    + SqlNames.Describe(type, copyOnly) + " backup.";
        }

        /// <summary>The most @CleanupTime takes: 100 years of hours, so that now less it is always a date.</summary>
        public const int MaxCleanupTime = 876000;

        /// <summary>
        /// @CleanupTime in hours, 0 or more, NULL for no cleanup; @CleanupMode BEFORE_BACKUP or AFTER_BACKUP (as in Ola Hallengren's
        /// DatabaseBackup), and @CleanupWhenSkipped, mean nothing without it. A folder is cleaned of one database's files with that
        /// database's chain guard, so it must be the database's own: its structure names {DatabaseName} and no {Timestamp} or
        /// {FileNumber} (a folder per run would never be cleaned), and its files end in .{FileExtension}, the extension
        /// xp_delete_file is given. NUL writes nothing to clean.
        /// </summary>
        private static string? ParseCleanup(
            RawBackupArguments raw, Destination destination, string structure, string groupStructure, string fileName, string groupFileName, ref CleanupOptions? cleanup)
        {
            string? error = null;
            int mode = Choice(raw.CleanupMode, "@CleanupMode", CleanupModeNames, ref error);
            bool whenSkipped = Flag(raw.CleanupWhenSkipped, "@CleanupWhenSkipped", false, ref error);
            if (error != null)
            {
                return error;
            }

            if (raw.CleanupTime == null)
            {
                return mode > 0 || whenSkipped
                    ? (mode > 0 ? "@CleanupMode" : "@CleanupWhenSkipped") + " applies only with @CleanupTime; set @CleanupTime to the hours backups are kept, or leave "
                        + (mode > 0 ? "@CleanupMode AFTER_BACKUP." : "@CleanupWhenSkipped 'N'.")
                    : null;
            }

            int hours = raw.CleanupTime.Value;
            if (hours < 0 || hours > MaxCleanupTime)
            {
                return "@CleanupTime must be the hours backups are kept, from 0 to " + Count(MaxCleanupTime) + ", or NULL to delete nothing; not " + Count(hours) + ".";
            }

            if (destination.IsNul)
            {
                return "@CleanupTime cannot clean @Directory = NUL: nothing is written there. Leave @CleanupTime NULL.";
            }

            // A URL is never cleaned (each row says so), so its folders need not be one database's.
            string? layoutError = destination.Device == BackupDevice.Url ? null
                : CleanupLayout(structure, "@DirectoryStructure", BackupFileName.DefaultDirectoryStructure)
                    ?? CleanupLayout(groupStructure, "@AvailabilityGroupDirectoryStructure", BackupFileName.DefaultAvailabilityGroupDirectoryStructure)
                ?? CleanupFileName(fileName, "@FileName") ?? CleanupFileName(groupFileName, "@AvailabilityGroupFileName");
            if (layoutError != null)
            {
                return layoutError;
            }

            cleanup = new CleanupOptions(hours, mode == 1, whenSkipped);
            return null;
        }

        /// <summary>The tokens whose text differs between the folders of one job's cleanups: names, and {CopyOnly} between a copy-only job and a regular one.</summary>
        private static readonly string[] FolderNameTokens = { "{AvailabilityGroupName}", "{DatabaseName}", "{CopyOnly}" };

        private static string? CleanupLayout(string structure, string parameterName, string defaultStructure)
        {
            if (structure.IndexOf("{DatabaseName}", StringComparison.Ordinal) < 0)
            {
                return "@CleanupTime needs {DatabaseName} in " + parameterName + ": each database's folder is cleaned by that database's chain guard, and a folder shared by databases would be cleaned by another's.";
            }

            foreach (string token in new[] { "{Timestamp}", BackupFileName.FileNumberToken })
            {
                if (structure.IndexOf(token, StringComparison.Ordinal) >= 0)
                {
                    return "@CleanupTime cannot clean with " + token + " in " + parameterName + ": every backup would get a folder of its own, and the old folders would never be cleaned.";
                }
            }

            // A name can hold any text a structure puts next to another token ({AvailabilityGroupName}_{DatabaseName}: group A_B
            // holding C and group A holding B_C both give A_B_C), and an escaped name can hold no separator, so a folder name is
            // one database's only when at most one such token is in it.
            foreach (string folder in structure.Split(new[] { BackupFileName.DirectorySeparatorToken }, StringSplitOptions.None))
            {
                var found = new List<string>();
                foreach (string token in FolderNameTokens)
                {
                    for (int at = folder.IndexOf(token, StringComparison.Ordinal); at >= 0; at = folder.IndexOf(token, at + token.Length, StringComparison.Ordinal))
                    {
                        found.Add(token);
                    }
                }

                if (found.Count > 1)
                {
                    return "@CleanupTime cannot clean with " + string.Join(" and ", found) + " in one folder name of " + parameterName
                        + ": a name can hold the text of the other (group A_B holding C and group A holding B_C, or database Sales_COPY_ONLY and the copy-only backups of Sales), "
                        + "so two databases could share a folder and one's cleanup would delete the other's backups. Put {DirectorySeparator} between them, as the default "
                        + defaultStructure + " does.";
                }
            }

            return null;
        }

        private static string? CleanupFileName(string template, string parameterName) =>
            template.EndsWith(".{FileExtension}", StringComparison.Ordinal)
                ? null
                : "@CleanupTime needs " + parameterName + " to end with .{FileExtension}: xp_delete_file deletes the backups of one extension (bak, dif or trn).";

        /// <summary>AFTER_BACKUP (the default) and BEFORE_BACKUP, as @CleanupMode takes them.</summary>
        private static readonly string[] CleanupModeNames = { "AFTER_BACKUP", "BEFORE_BACKUP" };

        /// <summary>FULL, DIFF, LOG or RESTORE, any case, surrounding spaces ignored; null for anything else.</summary>
        public static BackupType? ParseBackupType(string? value)
        {
            string text = (value ?? string.Empty).Trim();
            foreach (BackupType type in new[] { BackupType.Full, BackupType.Diff, BackupType.Log, BackupType.Restore })
            {
                if (string.Equals(text, SqlNames.Of(type), StringComparison.OrdinalIgnoreCase))
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>
        /// An algorithm or a level says how to compress, so it needs @Compress = 'Y': with 'N' nothing is compressed, and with
        /// NULL whether anything is depends on the server's 'backup compression default', which this procedure does not read.
        /// LEVEL exists for ZSTD only (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
        /// </summary>
        private static string? CheckCompression(bool? compress, CompressionAlgorithm? algorithm, CompressionLevel? level)
        {
            if (level.HasValue && algorithm != Model.CompressionAlgorithm.Zstd)
            {
                return "@CompressionLevel = '" + SqlNames.Of(level.Value) + "' applies to ZSTD only; set @CompressionAlgorithm = 'ZSTD', or leave @CompressionLevel NULL.";
            }

            if (algorithm.HasValue && compress != true)
            {
                return "@CompressionAlgorithm = '" + SqlNames.Of(algorithm.Value) + "' says how to compress, so it needs @Compress = 'Y', not "
                    + (compress == null ? "NULL (the server's backup compression default)" : "'N'") + ".";
            }

            return null;
        }

        /// <summary>
        /// @NumberOfFiles or @MaxFileSize chooses how many files a backup is striped over, not both, and each folder or URL gets
        /// as many files (as in Ola Hallengren's DatabaseBackup).
        /// </summary>
        private static string? CheckStriping(int? numberOfFiles, int? maxFileSize, Destination destination)
        {
            // Up to 64 backup devices (docs/t-sql/statements/backup-transact-sql.md, TO <backup_device> [ ,...n ]).
            if (numberOfFiles < 1 || numberOfFiles > Striping.MaxFiles)
            {
                return "@NumberOfFiles must be from 1 to 64 (BACKUP writes to at most 64 files), not " + Count(numberOfFiles!.Value) + ".";
            }

            if (maxFileSize < 1)
            {
                return "@MaxFileSize must be a positive number of megabytes, not " + Count(maxFileSize!.Value) + ".";
            }

            if (numberOfFiles != null && maxFileSize != null)
            {
                return "@NumberOfFiles and @MaxFileSize both choose how many files a backup is written to; set one of them, not both.";
            }

            int places = destination.Paths.Count;
            return numberOfFiles is int files && files % places != 0
                ? "@NumberOfFiles = " + Count(files) + " must be a multiple of the " + Count(places) + " places in " + destination.ParameterName
                    + ", so that each gets as many files."
                : null;
        }

        /// <summary>The data transfer and media set options of docs/t-sql/statements/backup-transact-sql.md.</summary>
        private static string? CheckThroughput(int? maxTransferSize, int? bufferCount, int? blockSize, Destination destination, bool? compress)
        {
            if (maxTransferSize is int transfer)
            {
                // S3: from 5 MB to 20 MB, and only with COMPRESSION (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md).
                // Elsewhere: multiples of 65536 bytes (64 KB) up to 4194304 bytes (4 MB).
                int least = destination.IsS3 ? MaxTransferSizeToS3Least : MaxTransferSizeUnit;
                int most = destination.IsS3 ? MaxTransferSizeToS3Most : MaxTransferSizeToDisk;
                if (transfer < least || transfer > most || transfer % MaxTransferSizeUnit != 0)
                {
                    return destination.IsS3
                        ? "@MaxTransferSize to S3-compatible storage must be a multiple of 65536 (64 KB) from 5242880 (5 MB) to 20971520 (20 MB), not " + Count(transfer) + "."
                        : "@MaxTransferSize must be a multiple of 65536 (64 KB) from 65536 to 4194304 (4 MB), not " + Count(transfer) + ".";
                }

                if (destination.IsS3 && compress != true)
                {
                    return "@MaxTransferSize to S3-compatible storage needs @Compress = 'Y': SQL Server changes MAXTRANSFERSIZE there only for compressed backups.";
                }
            }

            // BUFFERCOUNT: any positive integer.
            if (bufferCount < 1)
            {
                return "@BufferCount must be a positive number of I/O buffers, not " + Count(bufferCount!.Value) + ".";
            }

            // BLOCKSIZE: 512, 1024, 2048, 4096, 8192, 16384, 32768 and 65536 bytes.
            if (blockSize is int block && (block < 512 || block > 65536 || (block & (block - 1)) != 0))
            {
                return "@BlockSize must be 512, 1024, 2048, 4096, 8192, 16384, 32768 or 65536 bytes, not " + Count(block) + ".";
            }

            return null;
        }

        /// <summary>
        /// @Credential names a credential holding a storage account's key, which writes page blobs: one URL and one file, without
        /// MAXTRANSFERSIZE or BLOCKSIZE (backup-transact-sql.md: striping to URL needs SAS; the rest as Ola Hallengren's
        /// DatabaseBackup checks it). SAS and S3 credentials are found by the URL's name and need no @Credential.
        /// @BackupOptions carries S3's JSON options such as the region (sql-server-backup-to-url-s3-compatible-object-storage.md, Region).
        /// </summary>
        private static string? CheckUrlOptions(RawBackupArguments raw, Destination destination)
        {
            if (raw.Credential != null)
            {
                if (destination.Device != BackupDevice.Url || destination.IsS3)
                {
                    return "@Credential applies to https:// URLs whose credential holds a storage account's key; for a folder, a SAS or an S3 URL leave it NULL "
                        + "(SQL Server finds the credential named after the container or bucket).";
                }

                if (raw.Credential.Length == 0 || raw.Credential.Length > MaxNameLength)
                {
                    return "@Credential must be the name of a credential, 1 to 128 characters, not " + (raw.Credential.Length == 0 ? "''" : "one of " + Count(raw.Credential.Length) + " characters") + ".";
                }

                if (destination.Paths.Count > 1 || raw.NumberOfFiles > 1 || raw.MaxFileSize != null)
                {
                    return "@Credential (a storage account key, page blobs) writes one file to one URL; to stripe a backup over several files use a SAS credential named after the container and leave @Credential NULL.";
                }

                if (raw.MaxTransferSize != null || raw.BlockSize != null)
                {
                    return "@Credential (a storage account key, page blobs) takes no @MaxTransferSize or @BlockSize; leave them NULL.";
                }
            }

            if (raw.BackupOptions != null)
            {
                string options = raw.BackupOptions.Trim();
                if (!destination.IsS3)
                {
                    return "@BackupOptions applies to s3:// URLs (BACKUP_OPTIONS, for example '{\"s3\": {\"region\":\"us-west-2\"}}'); leave it NULL for " + destination.ParameterName + ".";
                }

                // BACKUP_OPTIONS: "These options require the value to be declared in JSON format" (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md, Region).
                int wrong = JsonObjectSyntax.ErrorAt(options);
                if (wrong >= 0)
                {
                    int leading = raw.BackupOptions.Length - raw.BackupOptions.TrimStart().Length;
                    return "@BackupOptions must be a JSON object such as '{\"s3\": {\"region\":\"us-west-2\"}}', as SQL Server reads BACKUP_OPTIONS; "
                        + (wrong == options.Length ? "it ends before its object does." : "it stops being one at character " + Count(leading + wrong + 1) + ".");
                }
            }

            return null;
        }

        private static string? NeedsFileNumber(string template, string parameterName, string? manyFiles) =>
            manyFiles != null && template.IndexOf(BackupFileName.FileNumberToken, StringComparison.Ordinal) < 0
                ? parameterName + " must contain {FileNumber} when a backup may be written to more than one file (" + manyFiles + "), or its files would share one name."
                : null;

        /// <summary>
        /// @Encrypt = 'Y' needs an algorithm and exactly one encryptor; they mean nothing without it (as in Ola Hallengren's
        /// DatabaseBackup). The encryptor is a certificate or asymmetric key name in master (docs/t-sql/statements/backup-transact-sql.md,
        /// ENCRYPTION); whether it exists there is checked on each replica (ReplicaArgumentChecks).
        /// </summary>
        private static string? ParseEncryption(RawBackupArguments raw, ref BackupEncryption? encryption)
        {
            string? error = null;
            EncryptionAlgorithm? algorithm = Choice(raw.EncryptionAlgorithm, "@EncryptionAlgorithm", EncryptionAlgorithms, EncryptionAlgorithmNames, ref error);
            if (error != null)
            {
                return error;
            }

            if (!string.Equals(raw.Encrypt, "Y", StringComparison.OrdinalIgnoreCase))
            {
                string? given = raw.EncryptionAlgorithm != null ? "@EncryptionAlgorithm" : raw.ServerCertificate != null ? "@ServerCertificate" : raw.ServerAsymmetricKey != null ? "@ServerAsymmetricKey" : null;
                return given == null ? null : given + " applies only with @Encrypt = 'Y'; set @Encrypt = 'Y' to encrypt the backups, or leave " + given + " NULL.";
            }

            if (algorithm == null)
            {
                return "@Encrypt = 'Y' needs @EncryptionAlgorithm: AES_128, AES_192, AES_256 or TRIPLE_DES_3KEY.";
            }

            if ((raw.ServerCertificate == null) == (raw.ServerAsymmetricKey == null))
            {
                return "@Encrypt = 'Y' needs exactly one of @ServerCertificate (a certificate in master) and @ServerAsymmetricKey (an asymmetric key in master), not "
                    + (raw.ServerCertificate == null ? "neither." : "both.");
            }

            bool isCertificate = raw.ServerCertificate != null;
            string name = isCertificate ? raw.ServerCertificate! : raw.ServerAsymmetricKey!;
            string parameter = isCertificate ? "@ServerCertificate" : "@ServerAsymmetricKey";
            if (name.Length == 0 || name.Length > MaxNameLength)
            {
                return parameter + " must be the name of " + (isCertificate ? "a certificate" : "an asymmetric key") + " in master, 1 to 128 characters, not "
                    + (name.Length == 0 ? "''" : "one of " + Count(name.Length) + " characters") + ".";
            }

            encryption = new BackupEncryption(algorithm.Value, isCertificate ? EncryptorKind.ServerCertificate : EncryptorKind.ServerAsymmetricKey, name);
            return null;
        }

        private static readonly EncryptionAlgorithm[] EncryptionAlgorithms =
        {
            Model.EncryptionAlgorithm.Aes128, Model.EncryptionAlgorithm.Aes192, Model.EncryptionAlgorithm.Aes256, Model.EncryptionAlgorithm.TripleDes3Key,
        };

        private static readonly string[] EncryptionAlgorithmNames =
        {
            SqlNames.Of(Model.EncryptionAlgorithm.Aes128), SqlNames.Of(Model.EncryptionAlgorithm.Aes192),
            SqlNames.Of(Model.EncryptionAlgorithm.Aes256), SqlNames.Of(Model.EncryptionAlgorithm.TripleDes3Key),
        };

        private static readonly CompressionAlgorithm[] CompressionAlgorithms =
        {
            Model.CompressionAlgorithm.MsXpress, Model.CompressionAlgorithm.QatDeflate, Model.CompressionAlgorithm.Zstd,
        };

        private static readonly string[] CompressionAlgorithmNames =
        {
            SqlNames.Of(Model.CompressionAlgorithm.MsXpress), SqlNames.Of(Model.CompressionAlgorithm.QatDeflate), SqlNames.Of(Model.CompressionAlgorithm.Zstd),
        };

        private static readonly CompressionLevel[] CompressionLevels =
        {
            Model.CompressionLevel.Low, Model.CompressionLevel.Medium, Model.CompressionLevel.High,
        };

        private static readonly string[] CompressionLevelNames =
        {
            SqlNames.Of(Model.CompressionLevel.Low), SqlNames.Of(Model.CompressionLevel.Medium), SqlNames.Of(Model.CompressionLevel.High),
        };

        /// <summary>The value of names[i] (any case, spaces around ignored) is allowed[i]; NULL is null. The first bad value is reported.</summary>
        private static T? Choice<T>(string? value, string name, T[] allowed, string[] names, ref string? error)
            where T : struct
        {
            int index = Choice(value, name, names, ref error);
            return index < 0 ? null : allowed[index];
        }

        /// <summary>The index of value among names (any case, spaces around ignored), or -1 for NULL and for a value not among them.</summary>
        private static int Choice(string? value, string name, string[] names, ref string? error)
        {
            if (value == null)
            {
                return -1;
            }

            string text = value.Trim();
            for (int i = 0; i < names.Length; i++)
            {
                if (string.Equals(text, names[i], StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            error ??= name + " must be " + OneOf(names) + ", not " + Shown(value) + ".";
            return -1;
        }

        /// <summary>"A, B or C".</summary>
        private static string OneOf(string[] names)
        {
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < names.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : i == names.Length - 1 ? " or " : ", ").Append(names[i]);
            }

            return text.ToString();
        }

        /// <summary>'Y' or 'N' in any case; NULL takes the default. The first bad flag is the one reported.</summary>
        private static bool Flag(string? value, string name, bool defaultValue, ref string? error)
        {
            if (value == null)
            {
                return defaultValue;
            }

            if (string.Equals(value, "Y", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!string.Equals(value, "N", StringComparison.OrdinalIgnoreCase) && error == null)
            {
                error = name + " must be 'Y' or 'N', not " + Shown(value) + ".";
            }

            return false;
        }

        private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static string Shown(string? value) => value == null ? "NULL" : "'" + value + "'";

        private static ParsedArguments Invalid(string message) => new ParsedArguments(null, message);
    }
}
