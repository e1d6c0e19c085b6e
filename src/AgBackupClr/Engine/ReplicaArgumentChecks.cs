using System;
using System.Globalization;
using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Engine
{
    /// <summary>Why this replica refuses the whole call before anything runs: a reason code and the sentence that says what to do.</summary>
    public sealed record ArgumentRefusal(string ReasonCode, string Reason);

    /// <summary>
    /// The checks of usp_BackupIfPreferred's parameters that depend on this replica: its version, edition and platform, and
    /// what exists in its master database. They run once its state is read and before anything runs, on every replica with
    /// its own facts, whichever replica is preferred: during a rolling upgrade the replicas of one group run different
    /// versions, and a certificate restored on the primary only is missing exactly where a failover will need it.
    /// </summary>
    public static class ReplicaArgumentChecks
    {
        /// <summary>SERVERPROPERTY('EngineEdition') of Standard (and Web) and of Express.</summary>
        private const int StandardEngineEdition = 2;
        private const int ExpressEngineEdition = 4;

        /// <summary>Null when this replica can do what the arguments ask; otherwise the parameter, its value and what is allowed here.</summary>
        public static ArgumentRefusal? Check(BackupArguments arguments, ServerState server) =>
            Invalid(Compression(arguments, server.Instance) ?? Encryption(arguments, server.Instance))
            ?? Encryptor(arguments, server);

        /// <summary>
        /// A warning for the reason of each backup this run takes, or null: a certificate whose private key was never exported
        /// leaves backups nobody can restore once this instance is lost (docs/relational-databases/backup-restore/backup-encryption.md,
        /// Recommended Practices).
        /// </summary>
        public static string? Warning(BackupArguments arguments, ServerState server)
        {
            if (arguments.Encryption is not BackupEncryption encryption || encryption.EncryptorKind != EncryptorKind.ServerCertificate)
            {
                return null;
            }

            CertificateFacts? certificate = FindCertificate(server, encryption.EncryptorName);
            return certificate == null || certificate.PrivateKeyLastBackup != null
                ? null
                : "Warning: the private key of certificate " + Quoted(encryption.EncryptorName) + " in master has never been backed up "
                    + "(sys.certificates.pvt_key_last_backup_date is NULL); without it no server can restore these backups. "
                    + "Run BACKUP CERTIFICATE ... WITH PRIVATE KEY and keep the files away from the backups.";
        }

        private static ArgumentRefusal? Invalid(string? reason) => reason == null ? null : new ArgumentRefusal(ReasonCodes.RefuseInvalidArgument, reason);

        private static string? Compression(BackupArguments arguments, InstanceFacts instance)
        {
            // Backup compression: Enterprise, Standard and Developer (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
            if (arguments.Compress == true && instance.EngineEdition == ExpressEngineEdition)
            {
                return "@Compress = 'Y' needs Enterprise, Standard or Developer edition; this replica is Express (SERVERPROPERTY('EngineEdition') = 4): use @Compress = 'N' or NULL.";
            }

            if (arguments.CompressionAlgorithm is not CompressionAlgorithm algorithm)
            {
                return null;
            }

            string value = "@CompressionAlgorithm = '" + SqlNames.Of(algorithm) + "'";

            // ALGORITHM from SQL Server 2022 (docs/t-sql/statements/backup-transact-sql.md, COMPRESSION).
            if (instance.ProductMajorVersion < 16)
            {
                return value + " needs SQL Server 2022 (16.x) or later; " + This(instance) + ": leave @CompressionAlgorithm NULL.";
            }

            // ZSTD from SQL Server 2025 (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
            if (algorithm == CompressionAlgorithm.Zstd && instance.ProductMajorVersion < 17)
            {
                return value + " needs SQL Server 2025 (17.x) or later; " + This(instance) + ": use MS_XPRESS, or leave @CompressionAlgorithm NULL.";
            }

            if (algorithm == CompressionAlgorithm.QatDeflate)
            {
                // Integrated acceleration needs Windows (docs/relational-databases/integrated-acceleration/overview.md, Limitations).
                if (instance.IsLinux)
                {
                    return value + " needs SQL Server on Windows (Intel QAT integrated acceleration is not available on Linux or in containers); "
                        + "this replica runs on Linux: use MS_XPRESS" + (instance.ProductMajorVersion >= 17 ? " or ZSTD." : ".");
                }

                // Compression at all needs Standard or Enterprise (backup-compression-sql-server.md); QAT as Ola Hallengren's DatabaseBackup checks it.
                if (instance.EngineEdition != StandardEngineEdition && !instance.IsEnterpriseEngine)
                {
                    return value + " needs Enterprise, Standard or Developer edition; this replica's SERVERPROPERTY('EngineEdition') is "
                        + Count(instance.EngineEdition) + ": use MS_XPRESS.";
                }
            }

            return null;
        }

        /// <summary>Express and Web cannot encrypt a backup (docs/relational-databases/backup-restore/backup-encryption.md, Restrictions).</summary>
        private static string? Encryption(BackupArguments arguments, InstanceFacts instance) =>
            arguments.Encryption != null && instance.EngineEdition == ExpressEngineEdition
                ? "@Encrypt = 'Y' needs Enterprise, Standard or Developer edition; this replica is Express (SERVERPROPERTY('EngineEdition') = 4), which cannot encrypt backups."
                : null;

        /// <summary>
        /// The encryptor must be in master on this replica (docs/t-sql/statements/backup-transact-sql.md, ENCRYPTION): each
        /// instance has its own master, so a certificate created or restored on the primary alone is missing on the secondaries.
        /// An asymmetric key must be in an EKM provider (backup-encryption.md, Restrictions).
        /// </summary>
        private static ArgumentRefusal? Encryptor(BackupArguments arguments, ServerState server)
        {
            if (arguments.Encryption is not BackupEncryption encryption)
            {
                return null;
            }

            string name = Quoted(encryption.EncryptorName);
            string where = " in master on this replica (" + server.Instance.ServerName + ")";
            if (encryption.EncryptorKind == EncryptorKind.ServerCertificate)
            {
                return FindCertificate(server, encryption.EncryptorName) != null
                    ? null
                    : new ArgumentRefusal(
                        ReasonCodes.RefuseEncryptorNotFound,
                        "@ServerCertificate = " + name + ": there is no such certificate" + where + ", so no backup can be encrypted here, and after a failover "
                            + "this replica may be the one to take them. Restore it here from the primary's BACKUP CERTIFICATE ... WITH PRIVATE KEY files "
                            + "(CREATE CERTIFICATE ... FROM FILE ... WITH PRIVATE KEY in master), as on every replica.");
            }

            foreach (AsymmetricKeyFacts key in server.AsymmetricKeys)
            {
                if (string.Equals(key.Name, encryption.EncryptorName, server.Instance.NameComparison))
                {
                    return key.IsInExtensibleKeyManagement
                        ? null
                        : new ArgumentRefusal(
                            ReasonCodes.RefuseInvalidArgument,
                            "@ServerAsymmetricKey = " + name + " is not in an Extensible Key Management provider (sys.asymmetric_keys.provider_type is NULL); "
                                + "backup encryption takes only asymmetric keys in an EKM provider: use a certificate (@ServerCertificate) or an EKM key.");
                }
            }

            return new ArgumentRefusal(
                ReasonCodes.RefuseEncryptorNotFound,
                "@ServerAsymmetricKey = " + name + ": there is no such asymmetric key" + where + ", so no backup can be encrypted here, and after a failover "
                    + "this replica may be the one to take them. Create it here from the same EKM provider key, as on every replica.");
        }

        /// <summary>Names in master compare as the server collation compares them.</summary>
        private static CertificateFacts? FindCertificate(ServerState server, string name)
        {
            foreach (CertificateFacts certificate in server.Certificates)
            {
                if (string.Equals(certificate.Name, name, server.Instance.NameComparison))
                {
                    return certificate;
                }
            }

            return null;
        }

        private static string Quoted(string name) => "'" + name + "'";

        /// <summary>"this replica is SQL Server 2019 (SERVERPROPERTY('ProductMajorVersion') = 15)".</summary>
        private static string This(InstanceFacts instance) =>
            "this replica is " + VersionName(instance.ProductMajorVersion) + " (SERVERPROPERTY('ProductMajorVersion') = " + Count(instance.ProductMajorVersion) + ")";

        private static string VersionName(int majorVersion) => majorVersion switch
        {
            11 => "SQL Server 2012",
            12 => "SQL Server 2014",
            13 => "SQL Server 2016",
            14 => "SQL Server 2017",
            15 => "SQL Server 2019",
            16 => "SQL Server 2022",
            17 => "SQL Server 2025",
            _ => "SQL Server " + Count(majorVersion) + ".x",
        };

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
