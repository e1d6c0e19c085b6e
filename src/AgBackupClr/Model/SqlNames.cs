using System;

namespace AgBackupClr.Model
{
    /// <summary>The names SQL Server itself shows for these values (the *_desc columns and T-SQL keywords).</summary>
    public static class SqlNames
    {
        public static string Of(BackupType value) => value switch
        {
            BackupType.Full => "FULL",
            BackupType.Diff => "DIFF",
            BackupType.Log => "LOG",
            BackupType.Restore => "RESTORE",
            _ => throw Unknown(value),
        };

        /// <summary>The action column of usp_BackupIfPreferred and fn_ValidateBackupRequest.</summary>
        public static string Of(DecisionAction value) => value switch
        {
            DecisionAction.Backup => "BACKUP",
            DecisionAction.Skip => "SKIP",
            DecisionAction.Refuse => "REFUSE",
            _ => throw Unknown(value),
        };

        public static string Of(ReplicaRole value) => value switch
        {
            ReplicaRole.Resolving => "RESOLVING",
            ReplicaRole.Primary => "PRIMARY",
            ReplicaRole.Secondary => "SECONDARY",
            _ => throw Unknown(value),
        };

        public static string Of(AutomatedBackupPreference value) => value switch
        {
            AutomatedBackupPreference.Primary => "PRIMARY",
            AutomatedBackupPreference.SecondaryOnly => "SECONDARY_ONLY",
            AutomatedBackupPreference.Secondary => "SECONDARY",
            AutomatedBackupPreference.None => "NONE",
            _ => throw Unknown(value),
        };

        public static string Of(AvailabilityMode value) => value switch
        {
            AvailabilityMode.AsynchronousCommit => "ASYNCHRONOUS_COMMIT",
            AvailabilityMode.SynchronousCommit => "SYNCHRONOUS_COMMIT",
            AvailabilityMode.ConfigurationOnly => "CONFIGURATION_ONLY",
            _ => throw Unknown(value),
        };

        public static string Of(SynchronizationState value) => value switch
        {
            SynchronizationState.NotSynchronizing => "NOT SYNCHRONIZING",
            SynchronizationState.Synchronizing => "SYNCHRONIZING",
            SynchronizationState.Synchronized => "SYNCHRONIZED",
            SynchronizationState.Reverting => "REVERTING",
            SynchronizationState.Initializing => "INITIALIZING",
            _ => throw Unknown(value),
        };

        public static string Of(DatabaseState value) => value switch
        {
            DatabaseState.Online => "ONLINE",
            DatabaseState.Restoring => "RESTORING",
            DatabaseState.Recovering => "RECOVERING",
            DatabaseState.RecoveryPending => "RECOVERY_PENDING",
            DatabaseState.Suspect => "SUSPECT",
            DatabaseState.Emergency => "EMERGENCY",
            DatabaseState.Offline => "OFFLINE",
            DatabaseState.Copying => "COPYING",
            DatabaseState.OfflineSecondary => "OFFLINE_SECONDARY",
            _ => throw Unknown(value),
        };

        public static string Of(RecoveryModel value) => value switch
        {
            RecoveryModel.Full => "FULL",
            RecoveryModel.BulkLogged => "BULK_LOGGED",
            RecoveryModel.Simple => "SIMPLE",
            _ => throw Unknown(value),
        };

        /// <summary>The keyword of COMPRESSION (ALGORITHM = ...).</summary>
        public static string Of(CompressionAlgorithm value) => value switch
        {
            CompressionAlgorithm.MsXpress => "MS_XPRESS",
            CompressionAlgorithm.QatDeflate => "QAT_DEFLATE",
            CompressionAlgorithm.Zstd => "ZSTD",
            _ => throw Unknown(value),
        };

        /// <summary>The keyword of COMPRESSION (..., LEVEL = ...).</summary>
        public static string Of(CompressionLevel value) => value switch
        {
            CompressionLevel.Low => "LOW",
            CompressionLevel.Medium => "MEDIUM",
            CompressionLevel.High => "HIGH",
            _ => throw Unknown(value),
        };

        /// <summary>The keyword of ENCRYPTION (ALGORITHM = ...).</summary>
        public static string Of(EncryptionAlgorithm value) => value switch
        {
            EncryptionAlgorithm.Aes128 => "AES_128",
            EncryptionAlgorithm.Aes192 => "AES_192",
            EncryptionAlgorithm.Aes256 => "AES_256",
            EncryptionAlgorithm.TripleDes3Key => "TRIPLE_DES_3KEY",
            _ => throw Unknown(value),
        };

        /// <summary>The encryptor clause of ENCRYPTION (...).</summary>
        public static string Of(EncryptorKind value) => value switch
        {
            EncryptorKind.ServerCertificate => "SERVER CERTIFICATE",
            EncryptorKind.ServerAsymmetricKey => "SERVER ASYMMETRIC KEY",
            _ => throw Unknown(value),
        };

        /// <summary>The backup as a DBA would name it: "FULL", "copy-only FULL", "LOG", "COPY_ONLY LOG".</summary>
        public static string Describe(BackupType type, bool copyOnly) =>
            copyOnly && type != BackupType.Restore ? "COPY_ONLY " + Of(type) : Of(type);

        private static ArgumentOutOfRangeException Unknown(Enum value) =>
            new ArgumentOutOfRangeException(nameof(value), value, "No SQL Server name is known for this value.");
    }
}
