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
        string? ExcludeSeedingFromLogBackup = null);

    /// <summary>Checked parameters. Compress null leaves SQL Server's 'backup compression default'.</summary>
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
        bool ExcludeSeedingFromLogBackup);

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
                    changeBackupType, allowOnForwarder, excludeSeeding),
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
