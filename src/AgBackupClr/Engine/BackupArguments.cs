using System;
using AgBackupClr.Model;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>The parameters of usp_BackupIfPreferred as SQL Server passed them: NULL is null.</summary>
    public sealed record RawBackupArguments(
        string? Databases,
        string? BackupType,
        string? Directory,
        string? CopyOnly,
        string? Checksum,
        string? Compress,
        string? Verify,
        string? Execute,
        string? LogToTable,
        string? OverrideBackupPreference,
        string? FileName,
        string? AvailabilityGroupFileName,
        string? ChangeBackupType = null,
        string? AllowNonCopyOnlyBackupsOnForwarder = null,
        string? ExcludeSeedingFromLogBackup = null,
        string? CompressionAlgorithm = null,
        string? CompressionLevel = null);

    /// <summary>
    /// Checked parameters. Compress null leaves SQL Server's 'backup compression default'. What depends on this replica's
    /// version, edition and platform is checked by ReplicaArgumentChecks once its state is read.
    /// </summary>
    public sealed record BackupArguments(
        string Databases,
        BackupType BackupType,
        string Directory,
        bool CopyOnly,
        bool Checksum,
        bool? Compress,
        bool Verify,
        bool Execute,
        bool LogToTable,
        bool OverrideBackupPreference,
        string FileName,
        string AvailabilityGroupFileName,
        bool ChangeBackupType,
        bool AllowNonCopyOnlyBackupsOnForwarder,
        bool ExcludeSeedingFromLogBackup)
    {
        /// <summary>COMPRESSION (ALGORITHM = ...); null leaves the server's 'backup compression algorithm'. Only with Compress true.</summary>
        public CompressionAlgorithm? CompressionAlgorithm { get; init; }

        /// <summary>COMPRESSION (ALGORITHM = ZSTD, LEVEL = ...); only with ZSTD.</summary>
        public CompressionLevel? CompressionLevel { get; init; }
    }

    /// <summary>The result of checking the parameters: arguments, or the one message that says which is wrong and what is allowed.</summary>
    public sealed record ParsedArguments(BackupArguments? Arguments, string? Error);

    public static class BackupArgumentParser
    {
        public const int DefaultStats = 10;

        public static ParsedArguments Parse(RawBackupArguments raw)
        {
            if (raw.Databases == null || raw.Databases.Trim().Length == 0)
            {
                return Invalid("@Databases is required: a comma list of database names, % wildcards, -exclusions, or USER_DATABASES, SYSTEM_DATABASES, ALL_DATABASES, AVAILABILITY_GROUP_DATABASES.");
            }

            BackupType? type = ParseBackupType(raw.BackupType);
            if (type == null || type == BackupType.Restore)
            {
                return Invalid("@BackupType must be FULL, DIFF or LOG, not " + Shown(raw.BackupType)
                    + (type == BackupType.Restore ? "; RESTORE is only for dbo.fn_ValidateBackupRequest." : "."));
            }

            if (raw.Directory == null || raw.Directory.Trim().Length == 0)
            {
                return Invalid("@Directory is required: the folder the backups go to (as SQL Server's service account sees it), or NUL to discard them.");
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
            if (flagError != null)
            {
                return Invalid(flagError);
            }

            if (changeBackupType && (type == BackupType.Full || copyOnly))
            {
                return Invalid("@ChangeBackupType = 'Y' applies to DIFF and LOG backups that are not COPY_ONLY (it turns one without a base into the backup that creates it); leave it 'N' for a "
                    + SqlNames.Describe(type.Value, copyOnly) + " backup.");
            }

            string? choiceError = null;
            CompressionAlgorithm? algorithm = Choice(raw.CompressionAlgorithm, "@CompressionAlgorithm", CompressionAlgorithms, CompressionAlgorithmNames, ref choiceError);
            CompressionLevel? level = Choice(raw.CompressionLevel, "@CompressionLevel", CompressionLevels, CompressionLevelNames, ref choiceError);
            string? compressionError = choiceError ?? CheckCompression(compress, algorithm, level);
            if (compressionError != null)
            {
                return Invalid(compressionError);
            }

            string directory = raw.Directory.Trim();
            if (verify && string.Equals(directory, BackupFileName.NullDevice, StringComparison.OrdinalIgnoreCase))
            {
                return Invalid("@Verify = 'Y' cannot read back a backup written to NUL; use @Verify = 'N' or a real @Directory.");
            }

            string fileName = raw.FileName ?? BackupFileName.DefaultTemplate;
            string groupFileName = raw.AvailabilityGroupFileName ?? BackupFileName.DefaultAvailabilityGroupTemplate;
            string? templateError = BackupFileName.CheckTemplate(fileName, "@FileName")
                ?? BackupFileName.CheckTemplate(groupFileName, "@AvailabilityGroupFileName");
            if (templateError != null)
            {
                return Invalid(templateError);
            }

            return new ParsedArguments(
                new BackupArguments(
                    raw.Databases, type.Value, directory, copyOnly, checksum, compress, verify, execute, logToTable, overridePreference, fileName, groupFileName,
                    changeBackupType, allowOnForwarder, excludeSeeding)
                {
                    CompressionAlgorithm = algorithm,
                    CompressionLevel = level,
                },
                null);
        }

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

        private static string Shown(string? value) => value == null ? "NULL" : "'" + value + "'";

        private static ParsedArguments Invalid(string message) => new ParsedArguments(null, message);
    }
}
