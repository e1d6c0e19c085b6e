namespace AgBackupClr.Model
{
    /// <summary>
    /// COMPRESSION (ALGORITHM = ...) of BACKUP: MS_XPRESS and QAT_DEFLATE from SQL Server 2022 (16.x)
    /// (docs/t-sql/statements/backup-transact-sql.md), ZSTD from SQL Server 2025 (17.x)
    /// (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
    /// </summary>
    public enum CompressionAlgorithm
    {
        MsXpress,
        QatDeflate,
        Zstd,
    }

    /// <summary>COMPRESSION (ALGORITHM = ZSTD, LEVEL = ...), SQL Server 2025 (17.x); SQL Server's default is LOW.</summary>
    public enum CompressionLevel
    {
        Low,
        Medium,
        High,
    }

    /// <summary>ENCRYPTION (ALGORITHM = ...) of BACKUP (docs/t-sql/statements/backup-transact-sql.md, Encryption Options).</summary>
    public enum EncryptionAlgorithm
    {
        Aes128,
        Aes192,
        Aes256,
        TripleDes3Key,
    }

    /// <summary>What protects the backup's encryption key: a certificate or an asymmetric key in master.</summary>
    public enum EncryptorKind
    {
        ServerCertificate,
        ServerAsymmetricKey,
    }

    /// <summary>ENCRYPTION (ALGORITHM = Algorithm, SERVER CERTIFICATE | SERVER ASYMMETRIC KEY = EncryptorName).</summary>
    public sealed class BackupEncryption
    {
        public BackupEncryption(EncryptionAlgorithm algorithm, EncryptorKind encryptorKind, string encryptorName)
        {
            Algorithm = algorithm;
            EncryptorKind = encryptorKind;
            EncryptorName = encryptorName;
        }

        public EncryptionAlgorithm Algorithm { get; }

        public EncryptorKind EncryptorKind { get; }

        public string EncryptorName { get; }
    }

    /// <summary>TO DISK = ... or TO URL = ... (docs/t-sql/statements/backup-transact-sql.md, &lt;backup_device&gt;).</summary>
    public enum BackupDevice
    {
        Disk,
        Url,
    }
}
