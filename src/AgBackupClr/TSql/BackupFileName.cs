using System;
using System.Globalization;
using System.Text;
using AgBackupClr.Model;

namespace AgBackupClr.TSql
{
    /// <summary>The values a file-name template's tokens stand for.</summary>
    public sealed record FileNameValues(
        string ServerName,
        string? InstanceName,
        string? AvailabilityGroupName,
        string DatabaseName,
        BackupType BackupType,
        bool CopyOnly,
        DateTime StartedAtUtc);

    /// <summary>A backup file path, or why none could be made.</summary>
    public sealed record BackupPath(string? Path, string? Error);

    /// <summary>
    /// Backup file names from a template such as "{AvailabilityGroupName}_{DatabaseName}_{BackupType}_{Timestamp}.{FileExtension}".
    /// The default for availability group databases names no server, so every replica writes the same series and a
    /// failover does not change where backups go.
    /// </summary>
    public static class BackupFileName
    {
        public const string DefaultTemplate = "{ServerName}${InstanceName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}.{FileExtension}";
        public const string DefaultAvailabilityGroupTemplate = "{AvailabilityGroupName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}.{FileExtension}";

        /// <summary>BACKUP TO DISK = 'NUL' discards what it writes: a backup that keeps nothing, used to test throughput.</summary>
        public const string NullDevice = "NUL";

        /// <summary>msdb.dbo.backupmediafamily.physical_device_name is nvarchar(260): SQL Server records no longer path.</summary>
        public const int MaxPathLength = 260;

        /// <summary>NTFS limits one file name to 255 UTF-16 characters; ext4 and XFS to 255 bytes of UTF-8.</summary>
        public const int MaxFileNameLength = 255;

        private const string DefaultInstanceName = "MSSQLSERVER";
        private const string InvalidFileNameCharacters = "\\/:*?\"<>|";

        private static readonly string[] Tokens =
        {
            "{ServerName}", "{InstanceName}", "{AvailabilityGroupName}", "{DatabaseName}", "{BackupType}", "{CopyOnly}", "{Timestamp}", "{FileExtension}",
        };

        /// <summary>Null when the template is usable; otherwise what is wrong with it and what is allowed.</summary>
        public static string? CheckTemplate(string template, string parameterName)
        {
            string rest = template;
            foreach (string token in Tokens)
            {
                rest = rest.Replace(token, string.Empty);
            }

            int brace = rest.IndexOfAny(new[] { '{', '}' });
            if (brace >= 0)
            {
                return parameterName + " has an unknown token or a stray brace; the tokens are " + string.Join(", ", Tokens) + ".";
            }

            if (HasInvalidFileNameCharacter(rest))
            {
                return parameterName + " may contain only a file name: none of \\ / : * ? \" < > | or control characters outside its tokens.";
            }

            if (template.IndexOf("{DatabaseName}", StringComparison.Ordinal) < 0)
            {
                return parameterName + " must contain {DatabaseName}, or every database would write to the same file.";
            }

            return null;
        }

        /// <summary>The full path for one backup: the directory, then the template with its tokens replaced.</summary>
        public static BackupPath Build(string directory, string template, FileNameValues values)
        {
            if (string.Equals(directory, NullDevice, StringComparison.OrdinalIgnoreCase))
            {
                return new BackupPath(NullDevice, null);
            }

            string fileName = template
                .Replace("{ServerName}", Clean(values.ServerName))
                .Replace("{InstanceName}", Clean(values.InstanceName ?? DefaultInstanceName))
                .Replace("{AvailabilityGroupName}", Clean(values.AvailabilityGroupName ?? string.Empty))
                .Replace("{DatabaseName}", Clean(values.DatabaseName))
                .Replace("{BackupType}", SqlNames.Of(values.BackupType))
                .Replace("{CopyOnly}", values.CopyOnly ? "_COPY_ONLY" : string.Empty)
                .Replace("{Timestamp}", values.StartedAtUtc.ToString("yyyyMMdd'_'HHmmss'_'fff", CultureInfo.InvariantCulture))
                .Replace("{FileExtension}", Extension(values.BackupType));
            if (fileName.Length > MaxFileNameLength)
            {
                return new BackupPath(null, "The backup file name would be " + Count(fileName.Length) + " characters long; file systems allow "
                    + Count(MaxFileNameLength) + ". Shorten the file-name template.");
            }

            // SQL Server on Linux takes /var/opt/mssql/... paths; everywhere else the separator is \.
            bool isLinuxPath = directory.StartsWith("/", StringComparison.Ordinal);
            int utf8Length = Encoding.UTF8.GetByteCount(fileName);
            if (isLinuxPath && utf8Length > MaxFileNameLength)
            {
                return new BackupPath(null, "The backup file name would be " + Count(utf8Length) + " bytes of UTF-8; Linux file systems allow "
                    + Count(MaxFileNameLength) + ". Shorten the file-name template.");
            }

            char separator = isLinuxPath ? '/' : '\\';
            string path = directory.TrimEnd('\\', '/') + separator + fileName;
            return path.Length > MaxPathLength
                ? new BackupPath(null, "The backup path would be " + Count(path.Length) + " characters long; SQL Server records at most "
                    + Count(MaxPathLength) + " (msdb.dbo.backupmediafamily.physical_device_name). Use a shorter @Directory or file-name template.")
                : new BackupPath(path, null);
        }

        public static string Extension(BackupType type) => type switch
        {
            BackupType.Log => "trn",
            BackupType.Diff => "dif",
            _ => "bak",
        };

        /// <summary>Names may hold characters no file system accepts; each becomes _ so the name stays readable and unique enough.</summary>
        private static string Clean(string value)
        {
            var clean = new StringBuilder(value.Length);
            foreach (char c in value)
            {
                clean.Append(char.IsControl(c) || InvalidFileNameCharacters.IndexOf(c) >= 0 ? '_' : c);
            }

            return clean.ToString();
        }

        private static bool HasInvalidFileNameCharacter(string value)
        {
            foreach (char c in value)
            {
                if (char.IsControl(c) || InvalidFileNameCharacters.IndexOf(c) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
