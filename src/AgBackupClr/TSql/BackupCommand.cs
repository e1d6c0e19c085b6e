using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgBackupClr.Model;

namespace AgBackupClr.TSql
{
    /// <summary>
    /// What goes into one native BACKUP statement: the files it is striped over, in order. Compression null leaves SQL
    /// Server's 'backup compression default'; every other option null leaves SQL Server's own choice.
    /// </summary>
    public sealed record BackupCommandOptions(
        string DatabaseName,
        BackupType BackupType,
        bool CopyOnly,
        IReadOnlyList<string> Files,
        bool Checksum,
        bool? Compression,
        int? Stats)
    {
        /// <summary>COMPRESSION (ALGORITHM = ...), with Compression true only; null leaves the server's 'backup compression algorithm'.</summary>
        public CompressionAlgorithm? CompressionAlgorithm { get; init; }

        /// <summary>COMPRESSION (..., LEVEL = ...), written only with an algorithm.</summary>
        public CompressionLevel? CompressionLevel { get; init; }

        public int? BufferCount { get; init; }

        public int? MaxTransferSize { get; init; }

        public int? BlockSize { get; init; }

        /// <summary>ENCRYPTION (ALGORITHM = ..., SERVER CERTIFICATE | SERVER ASYMMETRIC KEY = ...), or null for none.</summary>
        public BackupEncryption? Encryption { get; init; }

        /// <summary>TO DISK or TO URL.</summary>
        public BackupDevice Device { get; init; } = BackupDevice.Disk;

        /// <summary>WITH CREDENTIAL = N'...', for a URL; null for none.</summary>
        public string? Credential { get; init; }

        /// <summary>BACKUP_OPTIONS = N'...' (JSON, S3's region), written as RESTORE_OPTIONS in the verification; null for none.</summary>
        public string? BackupOptions { get; init; }

        /// <summary>DESCRIPTION = N'...' and NAME = N'...' of the backup set; null for none.</summary>
        public string? Description { get; init; }

        public string? Name { get; init; }
    }

    /// <summary>
    /// The text of BACKUP DATABASE / BACKUP LOG and RESTORE VERIFYONLY (docs/t-sql/statements/backup-transact-sql.md,
    /// docs/t-sql/statements/restore-statements-verifyonly-transact-sql.md). Values enter only as QUOTENAME'd identifiers,
    /// N'...' literals, integers and keywords of closed lists. Encrypted backups cannot be appended to an existing media set
    /// (docs/relational-databases/backup-restore/backup-encryption.md): every file name carries the time, so each backup writes new files.
    /// </summary>
    public static class BackupCommand
    {
        public static string Build(BackupCommandOptions options)
        {
            var with = new List<string>(12);
            if (options.BackupType == BackupType.Diff)
            {
                with.Add("DIFFERENTIAL");
            }

            if (options.CopyOnly)
            {
                with.Add("COPY_ONLY");
            }

            with.Add(options.Checksum ? "CHECKSUM" : "NO_CHECKSUM");
            if (options.Compression.HasValue)
            {
                with.Add(options.Compression.Value ? Compression(options) : "NO_COMPRESSION");
            }

            if (options.Encryption is BackupEncryption encryption)
            {
                with.Add("ENCRYPTION (ALGORITHM = " + SqlNames.Of(encryption.Algorithm) + ", " + SqlNames.Of(encryption.EncryptorKind) + " = "
                    + TSqlText.QuoteName(encryption.EncryptorName) + ")");
            }

            AddText(with, "CREDENTIAL = ", options.Credential);
            AddText(with, "BACKUP_OPTIONS = ", options.BackupOptions);
            AddText(with, "NAME = ", options.Name);
            AddText(with, "DESCRIPTION = ", options.Description);
            AddNumber(with, "BUFFERCOUNT = ", options.BufferCount);
            AddNumber(with, "MAXTRANSFERSIZE = ", options.MaxTransferSize);
            AddNumber(with, "BLOCKSIZE = ", options.BlockSize);
            AddNumber(with, "STATS = ", options.Stats);

            var text = new StringBuilder(128 + (64 * options.Files.Count));
            text.Append(options.BackupType == BackupType.Log ? "BACKUP LOG " : "BACKUP DATABASE ")
                .Append(TSqlText.QuoteName(options.DatabaseName)).Append(" TO ");
            AppendDevices(text, options);
            return text.Append(" WITH ").Append(string.Join(", ", with)).Append(';').ToString();
        }

        /// <summary>
        /// Reads the backup just written, every file of it, with the credential and options it was written with, and checks it
        /// is complete and readable, without restoring anything.
        /// </summary>
        public static string Verify(BackupCommandOptions options)
        {
            var with = new List<string>(3);
            if (options.Checksum)
            {
                with.Add("CHECKSUM");
            }

            AddText(with, "CREDENTIAL = ", options.Credential);
            AddText(with, "RESTORE_OPTIONS = ", options.BackupOptions);
            var text = new StringBuilder("RESTORE VERIFYONLY FROM ");
            AppendDevices(text, options);
            return (with.Count == 0 ? text.Append(';') : text.Append(" WITH ").Append(string.Join(", ", with)).Append(';')).ToString();
        }

        /// <summary>
        /// Creates a folder and the folders above it that are missing, as SQL Server's service account, through the undocumented
        /// xp_create_subdir that Ola Hallengren's DatabaseBackup uses; a folder that exists is left as it is.
        /// </summary>
        public static string CreateFolder(string folder) => "EXECUTE master.dbo.xp_create_subdir " + TSqlText.Literal(folder) + ";";

        /// <summary>DISK = N'...', DISK = N'...' (or URL = ...): one device per file, in order.</summary>
        private static void AppendDevices(StringBuilder text, BackupCommandOptions options)
        {
            string device = options.Device == BackupDevice.Url ? "URL = " : "DISK = ";
            for (int i = 0; i < options.Files.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(device).Append(TSqlText.Literal(options.Files[i]));
            }
        }

        private static void AddText(List<string> with, string option, string? value)
        {
            if (value != null)
            {
                with.Add(option + TSqlText.Literal(value));
            }
        }

        private static void AddNumber(List<string> with, string option, int? value)
        {
            if (value.HasValue)
            {
                with.Add(option + value.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        /// <summary>COMPRESSION, or COMPRESSION (ALGORITHM = ZSTD, LEVEL = HIGH): only keywords of closed lists go in.</summary>
        private static string Compression(BackupCommandOptions options)
        {
            if (options.CompressionAlgorithm is not CompressionAlgorithm algorithm)
            {
                return "COMPRESSION";
            }

            return options.CompressionLevel is CompressionLevel level
                ? "COMPRESSION (ALGORITHM = " + SqlNames.Of(algorithm) + ", LEVEL = " + SqlNames.Of(level) + ")"
                : "COMPRESSION (ALGORITHM = " + SqlNames.Of(algorithm) + ")";
        }
    }
}
