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

        private static readonly string TokenList = "; the tokens are " + string.Join(", ", Tokens) + ", and braces may appear only in them.";

        /// <summary>Null when the template is usable; otherwise what is wrong with it and what is allowed.</summary>
        public static string? CheckTemplate(string template, string parameterName)
        {
            // Each token standing for itself: what the text around the tokens alone makes of the file name.
            string? fileName = Expand(template, parameterName, Tokens, out string? error);
            if (fileName == null)
            {
                return error;
            }

            if (template.IndexOf("{DatabaseName}", StringComparison.Ordinal) < 0)
            {
                return parameterName + " must contain {DatabaseName}, or every database would write to the same file.";
            }

            return null;
        }

        /// <summary>The full path for one backup: the directory, then the template (named by parameterName in errors) with its tokens replaced.</summary>
        public static BackupPath Build(string directory, string template, string parameterName, FileNameValues values)
        {
            if (string.Equals(directory, NullDevice, StringComparison.OrdinalIgnoreCase))
            {
                return new BackupPath(NullDevice, null);
            }

            string? fileName = Expand(template, parameterName, Expansions(values), out string? error);
            if (fileName == null)
            {
                return new BackupPath(null, error);
            }

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
                clean.Append(IsInvalidFileNameCharacter(c) ? '_' : c);
            }

            return clean.ToString();
        }

        /// <summary>
        /// The template with each token replaced by expansions[i] for Tokens[i], or null and why not. One pass, left to right, so
        /// an expansion is never read again as template: a database named {BackupType} stays {BackupType}. A { starts a token that
        /// must be one of Tokens, exactly; any other brace is an error, as a file name needs no braces outside tokens.
        /// </summary>
        private static string? Expand(string template, string parameterName, string[] expansions, out string? error)
        {
            var fileName = new StringBuilder(template.Length);
            int position = 0;
            while (position < template.Length)
            {
                char c = template[position];
                if (c == '{')
                {
                    int close = template.IndexOf('}', position);
                    string token = close < 0 ? string.Empty : template.Substring(position, close - position + 1);
                    int index = Array.IndexOf(Tokens, token);
                    if (index < 0)
                    {
                        error = parameterName + (close < 0
                            ? " has a { at character " + Count(position + 1) + " that no } closes"
                            : " has " + token + " at character " + Count(position + 1) + ", which is not a token") + TokenList;
                        return null;
                    }

                    fileName.Append(expansions[index]);
                    position = close + 1;
                }
                else if (c == '}')
                {
                    error = parameterName + " has a } at character " + Count(position + 1) + " that closes no token" + TokenList;
                    return null;
                }
                else if (IsInvalidFileNameCharacter(c))
                {
                    error = parameterName + " may contain only a file name: none of \\ / : * ? \" < > | or control characters outside its tokens.";
                    return null;
                }
                else
                {
                    fileName.Append(c);
                    position++;
                }
            }

            error = null;
            return fileName.ToString();
        }

        /// <summary>What each token stands for, in the order of Tokens.</summary>
        private static string[] Expansions(FileNameValues values) => new[]
        {
            Clean(values.ServerName),
            Clean(values.InstanceName ?? DefaultInstanceName),
            Clean(values.AvailabilityGroupName ?? string.Empty),
            Clean(values.DatabaseName),
            SqlNames.Of(values.BackupType),
            values.CopyOnly ? "_COPY_ONLY" : string.Empty,
            values.StartedAtUtc.ToString("yyyyMMdd'_'HHmmss'_'fff", CultureInfo.InvariantCulture),
            Extension(values.BackupType),
        };

        private static bool IsInvalidFileNameCharacter(char c) => char.IsControl(c) || InvalidFileNameCharacters.IndexOf(c) >= 0;

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
