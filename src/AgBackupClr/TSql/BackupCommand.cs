using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.TSql
{
    /// <summary>
    /// What goes into one native BACKUP statement: the files it is striped over, in order. Compression null leaves SQL
    /// Server's 'backup compression default'; every other option null leaves SQL Server's own choice.
    /// </summary>
    public sealed class BackupCommandOptions
    {
        public BackupCommandOptions(
            string databaseName,
            BackupType backupType,
            bool copyOnly,
            IReadOnlyList<string> files,
            bool checksum,
            bool? compression,
            int? stats,
            CompressionAlgorithm? compressionAlgorithm = null,
            CompressionLevel? compressionLevel = null,
            int? bufferCount = null,
            int? maxTransferSize = null,
            int? blockSize = null,
            BackupEncryption? encryption = null,
            BackupDevice? device = null,
            string? credential = null,
            string? backupOptions = null,
            string? description = null,
            string? name = null)
        {
            DatabaseName = databaseName;
            BackupType = backupType;
            CopyOnly = copyOnly;
            Files = files;
            Checksum = checksum;
            Compression = compression;
            Stats = stats;
            CompressionAlgorithm = compressionAlgorithm;
            CompressionLevel = compressionLevel;
            BufferCount = bufferCount;
            MaxTransferSize = maxTransferSize;
            BlockSize = blockSize;
            Encryption = encryption;
            Device = device ?? BackupDevice.Disk;
            Credential = credential;
            BackupOptions = backupOptions;
            Description = description;
            Name = name;
        }

        public string DatabaseName { get; }

        public BackupType BackupType { get; }

        public bool CopyOnly { get; }

        public IReadOnlyList<string> Files { get; }

        public bool Checksum { get; }

        public bool? Compression { get; }

        public int? Stats { get; }

        /// <summary>COMPRESSION (ALGORITHM = ...), with Compression true only; null leaves the server's 'backup compression algorithm'.</summary>
        public CompressionAlgorithm? CompressionAlgorithm { get; }

        /// <summary>COMPRESSION (..., LEVEL = ...), written only with an algorithm.</summary>
        public CompressionLevel? CompressionLevel { get; }

        public int? BufferCount { get; }

        public int? MaxTransferSize { get; }

        public int? BlockSize { get; }

        /// <summary>ENCRYPTION (ALGORITHM = ..., SERVER CERTIFICATE | SERVER ASYMMETRIC KEY = ...), or null for none.</summary>
        public BackupEncryption? Encryption { get; }

        /// <summary>TO DISK or TO URL.</summary>
        public BackupDevice Device { get; }

        /// <summary>WITH CREDENTIAL = N'...', for a URL; null for none.</summary>
        public string? Credential { get; }

        /// <summary>BACKUP_OPTIONS = N'...' (JSON, S3's region), written as RESTORE_OPTIONS in the verification; null for none.</summary>
        public string? BackupOptions { get; }

        /// <summary>DESCRIPTION = N'...' and NAME = N'...' of the backup set; null for none.</summary>
        public string? Description { get; }

        public string? Name { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public BackupCommandOptions With(
            string? databaseName = null,
            BackupType? backupType = null,
            bool? copyOnly = null,
            IReadOnlyList<string>? files = null,
            bool? checksum = null,
            Change<bool?> compression = default,
            Change<int?> stats = default,
            Change<CompressionAlgorithm?> compressionAlgorithm = default,
            Change<CompressionLevel?> compressionLevel = default,
            Change<int?> bufferCount = default,
            Change<int?> maxTransferSize = default,
            Change<int?> blockSize = default,
            Change<BackupEncryption?> encryption = default,
            BackupDevice? device = null,
            Change<string?> credential = default,
            Change<string?> backupOptions = default,
            Change<string?> description = default,
            Change<string?> name = default) =>
            new BackupCommandOptions(
                databaseName ?? DatabaseName,
                backupType ?? BackupType,
                copyOnly ?? CopyOnly,
                files ?? Files,
                checksum ?? Checksum,
                compression.Or(Compression),
                stats.Or(Stats),
                compressionAlgorithm.Or(CompressionAlgorithm),
                compressionLevel.Or(CompressionLevel),
                bufferCount.Or(BufferCount),
                maxTransferSize.Or(MaxTransferSize),
                blockSize.Or(BlockSize),
                encryption.Or(Encryption),
                device ?? Device,
                credential.Or(Credential),
                backupOptions.Or(BackupOptions),
                description.Or(Description),
                name.Or(Name));
    }

    /// <summary>
    /// The text of BACKUP DATABASE / BACKUP LOG and RESTORE VERIFYONLY (docs/t-sql/statements/backup-transact-sql.md,
    /// docs/t-sql/statements/restore-statements-verifyonly-transact-sql.md). Values enter only as QUOTENAME'd identifiers,
    /// N'...' literals, integers and keywords of closed lists. Encrypted backups cannot be appended to an existing media set
    /// (docs/relational-databases/backup-restore/backup-encryption.md): every file name carries the time, so each backup writes new files.
    /// </summary>
    public static class BackupCommand
    {
        /// <summary>Between two options of WITH.</summary>
        private const string Separator = ", ";

        /// <summary>
        /// The statement. A job builds one per database: its pieces are joined once, so a striped backup with every option set
        /// costs about what copying its text once does (tests/AgBackupClr.Benchmarks/RESULTS.md).
        /// </summary>
        public static string Build(BackupCommandOptions options)
        {
            var text = new Pieces(64 + (5 * options.Files.Count));
            text.Add(options.BackupType == BackupType.Log ? "BACKUP LOG " : "BACKUP DATABASE ").QuoteName(options.DatabaseName).Add(" TO ");
            AddDevices(text, options);
            text.With();
            if (options.BackupType == BackupType.Diff)
            {
                text.Option().Add("DIFFERENTIAL");
            }

            if (options.CopyOnly)
            {
                text.Option().Add("COPY_ONLY");
            }

            text.Option().Add(options.Checksum ? "CHECKSUM" : "NO_CHECKSUM");
            if (options.Compression.HasValue)
            {
                AddCompression(text.Option(), options);
            }

            if (options.Encryption is BackupEncryption encryption)
            {
                text.Option().Add("ENCRYPTION (ALGORITHM = ").Add(SqlNames.Of(encryption.Algorithm)).Add(", ").Add(SqlNames.Of(encryption.EncryptorKind)).Add(" = ")
                    .QuoteName(encryption.EncryptorName).Add(")");
            }

            AddText(text, "CREDENTIAL = ", options.Credential);
            AddText(text, "BACKUP_OPTIONS = ", options.BackupOptions);
            AddText(text, "NAME = ", options.Name);
            AddText(text, "DESCRIPTION = ", options.Description);
            AddNumber(text, "BUFFERCOUNT = ", options.BufferCount);
            AddNumber(text, "MAXTRANSFERSIZE = ", options.MaxTransferSize);
            AddNumber(text, "BLOCKSIZE = ", options.BlockSize);
            AddNumber(text, "STATS = ", options.Stats);
            return text.Add(";").Join();
        }

        /// <summary>
        /// Reads the backup just written, every file of it, with the credential and options it was written with, and checks it
        /// is complete and readable, without restoring anything.
        /// </summary>
        public static string Verify(BackupCommandOptions options)
        {
            var text = new Pieces(24 + (5 * options.Files.Count));
            text.Add("RESTORE VERIFYONLY FROM ");
            AddDevices(text, options);
            if (options.Checksum || options.Credential != null || options.BackupOptions != null)
            {
                text.With();
                if (options.Checksum)
                {
                    text.Option().Add("CHECKSUM");
                }

                AddText(text, "CREDENTIAL = ", options.Credential);
                AddText(text, "RESTORE_OPTIONS = ", options.BackupOptions);
            }

            return text.Add(";").Join();
        }

        /// <summary>
        /// Creates a folder and the folders above it that are missing, as SQL Server's service account, through the undocumented
        /// xp_create_subdir that Ola Hallengren's DatabaseBackup uses; a folder that exists is left as it is.
        /// </summary>
        public static string CreateFolder(string folder) => "EXECUTE master.dbo.xp_create_subdir " + TSqlText.Literal(folder) + ";";

        /// <summary>DISK = N'...', DISK = N'...' (or URL = ...): one device per file, in order.</summary>
        private static void AddDevices(Pieces text, BackupCommandOptions options)
        {
            string device = options.Device == BackupDevice.Url ? "URL = " : "DISK = ";
            for (int i = 0; i < options.Files.Count; i++)
            {
                (i == 0 ? text : text.Add(Separator)).Add(device).Literal(options.Files[i]);
            }
        }

        private static void AddText(Pieces text, string option, string? value)
        {
            if (value != null)
            {
                text.Option().Add(option).Literal(value);
            }
        }

        private static void AddNumber(Pieces text, string option, int? value)
        {
            if (value.HasValue)
            {
                text.Option().Add(option).Add(value.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        /// <summary>COMPRESSION, NO_COMPRESSION, or COMPRESSION (ALGORITHM = ZSTD, LEVEL = HIGH): only keywords of closed lists go in.</summary>
        private static void AddCompression(Pieces text, BackupCommandOptions options)
        {
            if (options.Compression != true)
            {
                text.Add("NO_COMPRESSION");
                return;
            }

            text.Add("COMPRESSION");
            if (options.CompressionAlgorithm is CompressionAlgorithm algorithm)
            {
                text.Add(" (ALGORITHM = ").Add(SqlNames.Of(algorithm));
                if (options.CompressionLevel is CompressionLevel level)
                {
                    text.Add(", LEVEL = ").Add(SqlNames.Of(level));
                }

                text.Add(")");
            }
        }

        /// <summary>
        /// A statement's pieces in order, joined by one string.Concat, which sizes the result once and copies each piece into it.
        /// Values enter only through QuoteName and Literal.
        /// </summary>
        private sealed class Pieces
        {
            private string?[] items;
            private int count;
            private int with = -1;

            public Pieces(int capacity)
            {
                items = new string?[capacity];
            }

            public Pieces Add(string piece)
            {
                if (count == items.Length)
                {
                    Array.Resize(ref items, items.Length * 2);
                }

                items[count++] = piece;
                return this;
            }

            /// <summary>" WITH ", after which options are separated by commas.</summary>
            public void With()
            {
                Add(" WITH ");
                with = count;
            }

            /// <summary>Starts an option: a separator unless it is the first after WITH.</summary>
            public Pieces Option() => count > with ? Add(Separator) : this;

            /// <summary>TSqlText.QuoteName, as pieces.</summary>
            public Pieces QuoteName(string identifier) => Add("[").Add(TSqlText.InsideBrackets(identifier)).Add("]");

            /// <summary>TSqlText.Literal, as pieces.</summary>
            public Pieces Literal(string value) => Add("N'").Add(TSqlText.InsideQuotes(value)).Add("'");

            /// <summary>The statement; the unused end of the array is null, which string.Concat joins as nothing.</summary>
            public string Join() => string.Concat(items);
        }
    }
}
