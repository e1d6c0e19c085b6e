using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Engine
{
    /// <summary>Why this replica refuses the whole call before anything runs: a reason code and the sentence that says what to do.</summary>
    public sealed class ArgumentRefusal
    {
        public ArgumentRefusal(string reasonCode, string reason)
        {
            ReasonCode = reasonCode;
            Reason = reason;
        }

        public string ReasonCode { get; }

        public string Reason { get; }
    }

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
            Invalid(Compression(arguments, server.Instance) ?? Encryption(arguments, server.Instance) ?? S3(arguments, server.Instance) ?? Groups(arguments, server.Instance))
            ?? Encryptor(arguments, server)
            ?? Credential(arguments, server);

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
                : "Warning: the private key of certificate " + Describe.Quote(encryption.EncryptorName) + " in master has never been backed up "
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

            string name = Describe.Quote(encryption.EncryptorName);
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

        /// <summary>@AvailabilityGroups needs Always On availability groups enabled here (SERVERPROPERTY('IsHadrEnabled')), as Ola Hallengren's DatabaseBackup checks it.</summary>
        private static string? Groups(BackupArguments arguments, InstanceFacts instance) =>
            arguments.AvailabilityGroups != null && !instance.IsHadrEnabled
                ? "@AvailabilityGroups needs Always On availability groups enabled on this replica; SERVERPROPERTY('IsHadrEnabled') is 0: select databases with @Databases."
                : null;

        /// <summary>
        /// S3-compatible storage from SQL Server 2022, not on Express
        /// (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md); Standard or
        /// Enterprise as Ola Hallengren's DatabaseBackup checks it.
        /// </summary>
        private static string? S3(BackupArguments arguments, InstanceFacts instance)
        {
            if (!arguments.Destination.IsS3)
            {
                return null;
            }

            if (instance.ProductMajorVersion < 16)
            {
                return "@URL to s3:// needs SQL Server 2022 (16.x) or later; " + This(instance) + ": back up to an https:// URL or a @Directory.";
            }

            return instance.EngineEdition != StandardEngineEdition && !instance.IsEnterpriseEngine
                ? "@URL to s3:// needs Enterprise, Standard or Developer edition; this replica's SERVERPROPERTY('EngineEdition') is " + Count(instance.EngineEdition) + "."
                : null;
        }

        /// <summary>
        /// BACKUP TO URL authenticates with a credential of this instance (docs/t-sql/statements/backup-transact-sql.md, URL and
        /// CREDENTIAL): the one @Credential names, or else one named after each URL's container or bucket (or a folder in it)
        /// whose identity is SHARED ACCESS SIGNATURE or Managed Identity for Azure, S3 Access Key for S3
        /// (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md, Create credential).
        /// A credential created on the old primary only is the classic failover trap: each replica checks its own.
        /// </summary>
        private static ArgumentRefusal? Credential(BackupArguments arguments, ServerState server)
        {
            Destination destination = arguments.Destination;
            if (destination.Device != BackupDevice.Url)
            {
                return null;
            }

            string where = " on this replica (" + server.Instance.ServerName + ")";
            const string Trap = "; after a failover this replica may be the one to take the backups. Create it here as on every replica.";
            if (arguments.Credential is string named)
            {
                foreach (CredentialFacts credential in server.Credentials)
                {
                    if (string.Equals(credential.Name, named, server.Instance.NameComparison))
                    {
                        return null;
                    }
                }

                return new ArgumentRefusal(ReasonCodes.RefuseCredentialNotFound, "@Credential = " + Describe.Quote(named) + ": there is no such credential in sys.credentials" + where + Trap);
            }

            foreach (string url in destination.Paths)
            {
                if (!HasCredentialFor(url, destination.IsS3, server.Credentials))
                {
                    string identity = destination.IsS3 ? "'S3 Access Key'" : "'SHARED ACCESS SIGNATURE' (or 'Managed Identity')";
                    return new ArgumentRefusal(
                        ReasonCodes.RefuseCredentialNotFound,
                        "@URL " + Describe.Quote(url) + ": no credential in sys.credentials" + where + " is named after its " + (destination.IsS3 ? "bucket" : "container")
                            + " or a folder of it with the IDENTITY " + identity + ", so SQL Server cannot write there" + Trap);
                }
            }

            return null;
        }

        /// <summary>A credential whose name is the URL or a leading part of it ending at a /, with the identity the storage needs.</summary>
        private static bool HasCredentialFor(string url, bool isS3, IReadOnlyList<CredentialFacts> credentials)
        {
            foreach (CredentialFacts credential in credentials)
            {
                string name = credential.Name.TrimEnd('/');
                bool covers = url.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (url.Length == name.Length || url[name.Length] == '/');
                bool identity = isS3
                    ? string.Equals(credential.Identity, "S3 Access Key", StringComparison.OrdinalIgnoreCase)
                    : string.Equals(credential.Identity, "SHARED ACCESS SIGNATURE", StringComparison.OrdinalIgnoreCase)
                        || string.Equals(credential.Identity, "Managed Identity", StringComparison.OrdinalIgnoreCase);
                if (covers && identity && name.IndexOf("://", StringComparison.Ordinal) > 0)
                {
                    return true;
                }
            }

            return false;
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
