using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgBackupClr.Model;

namespace AgBackupClr.TSql
{
    /// <summary>The values a file-name template's tokens stand for.</summary>
    public sealed class FileNameValues
    {
        public FileNameValues(
            string serverName,
            string? instanceName,
            string? availabilityGroupName,
            string databaseName,
            BackupType backupType,
            bool copyOnly,
            DateTime startedAtUtc,
            int fileNumber = 1,
            int numberOfFiles = 1)
        {
            ServerName = serverName;
            InstanceName = instanceName;
            AvailabilityGroupName = availabilityGroupName;
            DatabaseName = databaseName;
            BackupType = backupType;
            CopyOnly = copyOnly;
            StartedAtUtc = startedAtUtc;
            FileNumber = fileNumber;
            NumberOfFiles = numberOfFiles;
        }

        public string ServerName { get; }

        public string? InstanceName { get; }

        public string? AvailabilityGroupName { get; }

        public string DatabaseName { get; }

        public BackupType BackupType { get; }

        public bool CopyOnly { get; }

        public DateTime StartedAtUtc { get; }

        /// <summary>Which of the backup's files this is, from 1; {FileNumber}.</summary>
        public int FileNumber { get; }

        /// <summary>How many files the backup is striped over: from 10 on, {FileNumber} has two digits, so the names sort.</summary>
        public int NumberOfFiles { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public FileNameValues With(
            string? serverName = null,
            Change<string?> instanceName = default,
            Change<string?> availabilityGroupName = default,
            string? databaseName = null,
            BackupType? backupType = null,
            bool? copyOnly = null,
            DateTime? startedAtUtc = null,
            int? fileNumber = null,
            int? numberOfFiles = null) =>
            new FileNameValues(
                serverName ?? ServerName,
                instanceName.Or(InstanceName),
                availabilityGroupName.Or(AvailabilityGroupName),
                databaseName ?? DatabaseName,
                backupType ?? BackupType,
                copyOnly ?? CopyOnly,
                startedAtUtc ?? StartedAtUtc,
                fileNumber ?? FileNumber,
                numberOfFiles ?? NumberOfFiles);
    }

    /// <summary>A backup file path, or why none could be made.</summary>
    public sealed class BackupPath
    {
        public BackupPath(string? path, string? error)
        {
            Path = path;
            Error = error;
        }

        public string? Path { get; }

        public string? Error { get; }
    }

    /// <summary>Every file of one backup, in the order BACKUP writes them, or why they could not be made.</summary>
    public sealed class BackupFiles
    {
        public BackupFiles(IReadOnlyList<string>? paths, string? error, IReadOnlyList<string>? folders = null)
        {
            Paths = paths;
            Error = error;
            Folders = folders ?? Array.Empty<string>();
        }

        public IReadOnlyList<string>? Paths { get; }

        public string? Error { get; }

        /// <summary>The folders a directory structure made for these files, each once, in order; empty without one.</summary>
        public IReadOnlyList<string> Folders { get; }
    }

    /// <summary>
    /// Backup file names from a template such as "{AvailabilityGroupName}_{DatabaseName}_{BackupType}_{Timestamp}.{FileExtension}".
    /// The default for availability group databases names no server, so every replica writes the same series and a
    /// failover does not change where backups go.
    /// </summary>
    public static class BackupFileName
    {
        public const string DefaultTemplate = "{ServerName}${InstanceName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}.{FileExtension}";
        public const string DefaultAvailabilityGroupTemplate = "{AvailabilityGroupName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}.{FileExtension}";

        /// <summary>The defaults when a backup may be written to more than one file: each file gets its number.</summary>
        public const string DefaultStripedTemplate = "{ServerName}${InstanceName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}_{FileNumber}.{FileExtension}";
        public const string DefaultStripedAvailabilityGroupTemplate = "{AvailabilityGroupName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}_{FileNumber}.{FileExtension}";

        /// <summary>The token that tells the files of one striped backup apart.</summary>
        public const string FileNumberToken = "{FileNumber}";

        /// <summary>
        /// The folders under each @Directory or @URL, as in Ola Hallengren's DatabaseBackup: one per server (or availability
        /// group), database and backup type. The one for availability group databases names no server, so the series stays in
        /// one folder after a failover. An empty structure writes the files into @Directory itself.
        /// </summary>
        public const string DefaultDirectoryStructure = "{ServerName}${InstanceName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}";
        public const string DefaultAvailabilityGroupDirectoryStructure = "{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}";

        /// <summary>The token of a directory structure that starts a new folder: \ on Windows, / on Linux and in URLs.</summary>
        public const string DirectorySeparatorToken = "{DirectorySeparator}";

        /// <summary>Where a directory structure's expansion starts a new folder; no escaped name holds a control character.</summary>
        private const char FolderBreak = '\u0001';

        /// <summary>BACKUP TO DISK = 'NUL' discards what it writes: a backup that keeps nothing, used to test throughput.</summary>
        public const string NullDevice = "NUL";

        /// <summary>The URL schemes BACKUP ... TO URL takes: Azure Blob Storage and S3-compatible storage (SQL Server 2022 and later).</summary>
        public const string AzureScheme = "https://";
        public const string S3Scheme = "s3://";

        /// <summary>NUL in any case: Windows opens the device whatever the case, so nul must never become a folder to create.</summary>
        public static bool IsNullDevice(string directory) => string.Equals(directory, NullDevice, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Only a URL scheme BACKUP takes makes a URL: D://Backup is a disk path with a doubled separator, not a URL to percent-encode
        /// (docs/t-sql/statements/backup-transact-sql.md, TO URL).
        /// </summary>
        public static bool IsUrl(string directory) =>
            directory.StartsWith(AzureScheme, StringComparison.OrdinalIgnoreCase) || directory.StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase);

        /// <summary>msdb.dbo.backupmediafamily.physical_device_name is nvarchar(260): SQL Server records no longer path.</summary>
        public const int MaxPathLength = 260;

        /// <summary>An S3 URL has at most 259 characters.</summary>
        public const int MaxS3UrlLength = 259;

        /// <summary>NTFS limits one file name to 255 UTF-16 characters; ext4 and XFS to 255 bytes of UTF-8.</summary>
        public const int MaxFileNameLength = 255;

        private const string DefaultInstanceName = "MSSQLSERVER";
        private const string InvalidFileNameCharacters = "\\/:*?\"<>|";

        private static readonly string[] Tokens =
        {
            "{ServerName}", "{InstanceName}", "{AvailabilityGroupName}", "{DatabaseName}", "{BackupType}", "{CopyOnly}", "{Timestamp}", "{FileExtension}",
            FileNumberToken,
        };

        private static readonly string[] StructureTokens = Append(Tokens, DirectorySeparatorToken);

        /// <summary>Null when the template is usable; otherwise what is wrong with it and what is allowed.</summary>
        public static string? CheckTemplate(string template, string parameterName)
        {
            // Each token standing for itself: what the text around the tokens alone makes of the file name.
            string? fileName = Expand(template, parameterName, Tokens, Tokens, out string? error);
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
        /// <param name="isLinux">SQL Server runs on Linux (InstanceFacts.IsLinux): ext4 and XFS count a name's UTF-8 bytes, whatever the path looks like.</param>
        public static BackupPath Build(string directory, string template, string parameterName, FileNameValues values, bool isLinux = false)
        {
            if (IsNullDevice(directory))
            {
                return new BackupPath(NullDevice, null);
            }

            string? fileName = Expand(template, parameterName, Tokens, Expansions(values), out string? error);
            if (fileName == null)
            {
                return new BackupPath(null, error);
            }

            if (fileName.Length > MaxFileNameLength)
            {
                return new BackupPath(null, "The backup file name would be " + Count(fileName.Length) + " characters long; file systems allow "
                    + Count(MaxFileNameLength) + ". Shorten the file-name template.");
            }

            if (IsUrl(directory))
            {
                return Url(directory, fileName);
            }

            // SQL Server on Linux takes /var/opt/mssql/... paths; everywhere else the separator is \.
            bool isLinuxPath = directory.StartsWith("/", StringComparison.Ordinal);
            string? bytesError = TooManyBytes(fileName, isLinux || isLinuxPath, "backup file name", "the file-name template");
            if (bytesError != null)
            {
                return new BackupPath(null, bytesError);
            }

            string path = InFolder(directory, fileName);
            return path.Length > MaxPathLength
                ? new BackupPath(null, "The backup path would be " + Count(path.Length) + " characters long; SQL Server records at most "
                    + Count(MaxPathLength) + " (msdb.dbo.backupmediafamily.physical_device_name). Use a shorter @Directory or file-name template.")
                : new BackupPath(path, null);
        }

        /// <summary>Null when the directory structure is usable (empty: no folders); otherwise what is wrong with it and what is allowed.</summary>
        public static string? CheckStructure(string structure, string parameterName)
        {
            string? expanded = ExpandTokens(structure, parameterName, StructureTokens, Append(Tokens, FolderBreak.ToString()), out string? error);
            if (expanded == null)
            {
                return error;
            }

            foreach (string folder in expanded.Split(FolderBreak))
            {
                string? folderError = folder.Length == 0 ? null : CheckFileName(folder, parameterName);
                if (folderError != null)
                {
                    return folderError;
                }
            }

            return null;
        }

        /// <summary>A file's path in a folder: SQL Server on Linux takes /var/opt/mssql/... paths; everywhere else the separator is \.</summary>
        public static string InFolder(string folder, string fileName) =>
            folder.TrimEnd('\\', '/') + (folder.StartsWith("/", StringComparison.Ordinal) ? '/' : '\\') + fileName;

        /// <summary>
        /// The folder one file goes to: the directory, then the structure's folders (named by parameterName in errors), each
        /// token escaped as in file names; a folder a token leaves empty ({CopyOnly} of a regular backup) is left out. URLs
        /// percent-encode each folder as their file names. NUL stays NUL.
        /// </summary>
        public static BackupPath BuildFolder(string directory, string structure, string parameterName, FileNameValues values, bool isLinux = false)
        {
            if (IsNullDevice(directory))
            {
                return new BackupPath(NullDevice, null);
            }

            if (structure.Length == 0)
            {
                return new BackupPath(directory, null);
            }

            string? expanded = ExpandTokens(structure, parameterName, StructureTokens, Append(Expansions(values), FolderBreak.ToString()), out string? error);
            if (expanded == null)
            {
                return new BackupPath(null, error);
            }

            bool isUrl = IsUrl(directory);
            char separator = isUrl || directory.StartsWith("/", StringComparison.Ordinal) ? '/' : '\\';
            var folder = new StringBuilder(directory.TrimEnd('\\', '/'));
            foreach (string name in expanded.Split(FolderBreak))
            {
                if (name.Length == 0)
                {
                    continue;
                }

                // A folder's name has the file systems' limit of a file's (NTFS 255 UTF-16 units, ext4 and XFS 255 bytes).
                string? nameError = CheckFileName(name, parameterName)
                    ?? (isUrl ? null : name.Length > MaxFileNameLength
                        ? "The folder name '" + name + "' would be " + Count(name.Length) + " characters long; file systems allow " + Count(MaxFileNameLength) + ". Shorten " + parameterName + "."
                        : TooManyBytes(name, isLinux || separator == '/', "folder name '" + name + "'", parameterName));
                if (nameError != null)
                {
                    return new BackupPath(null, nameError);
                }

                folder.Append(separator).Append(isUrl ? PercentEncoded(name) : name);
            }

            return new BackupPath(folder.ToString(), null);
        }

        /// <summary>
        /// The files of one backup striped over numberOfFiles files, spread evenly over the directories in order (the first
        /// numberOfFiles / directories.Count files in the first directory, and so on): numberOfFiles is a multiple of their count.
        /// </summary>
        public static BackupFiles BuildFiles(
            IReadOnlyList<string> directories, string structure, string structureParameterName, string template, string parameterName, FileNameValues values, int numberOfFiles,
            bool isLinux = false)
        {
            var paths = new string[numberOfFiles];
            var folders = new List<string>();
            int perDirectory = numberOfFiles / directories.Count;
            for (int i = 0; i < numberOfFiles; i++)
            {
                FileNameValues file = values.With(fileNumber: i + 1, numberOfFiles: numberOfFiles);
                BackupPath folder = BuildFolder(directories[i / perDirectory], structure, structureParameterName, file, isLinux);
                BackupPath path = folder.Path == null ? folder : Build(folder.Path, template, parameterName, file, isLinux);
                if (path.Path == null)
                {
                    return new BackupFiles(null, path.Error);
                }

                if (structure.Length > 0 && !IsNullDevice(folder.Path!) && !folders.Contains(folder.Path!))
                {
                    folders.Add(folder.Path!);
                }

                paths[i] = path.Path;
            }

            return new BackupFiles(paths, null, folders: folders);
        }

        /// <summary>
        /// The file's URL: the storage decodes a URL's percent escapes once, so every character of the file name but the
        /// unreserved ones (RFC 3986: letters, digits, - . _ ~) is percent-encoded as UTF-8. The blob or object is then named
        /// exactly as the file on disk would be: "Sales%2E" stays "Sales%2E", and a # or ? in a name can start no fragment or query.
        /// </summary>
        private static BackupPath Url(string directory, string fileName)
        {
            var url = new StringBuilder(directory.TrimEnd('/')).Append('/').Append(PercentEncoded(fileName));

            // S3: at most 259 characters, s3:// included (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md, Limitations).
            bool isS3 = directory.StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase);
            int most = isS3 ? MaxS3UrlLength : MaxPathLength;
            return url.Length > most
                ? new BackupPath(null, "The backup URL would be " + Count(url.Length) + " characters long; " + (isS3
                    ? "S3-compatible storage takes at most " + Count(MaxS3UrlLength)
                    : "SQL Server records at most " + Count(MaxPathLength) + " (msdb.dbo.backupmediafamily.physical_device_name)")
                    + ". Use a shorter @URL or file-name template.")
                : new BackupPath(url.ToString(), null);
        }

        /// <summary>Every UTF-8 byte of the name but the unreserved characters (RFC 3986: letters, digits, - . _ ~) as %XX.</summary>
        private static string PercentEncoded(string name)
        {
            var encoded = new StringBuilder(name.Length * 3);
            foreach (byte b in Encoding.UTF8.GetBytes(name))
            {
                char c = (char)b;
                bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
                if (unreserved)
                {
                    encoded.Append(c);
                }
                else
                {
                    encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return encoded.ToString();
        }

        /// <summary>ext4 and XFS limit a name to 255 bytes of UTF-8: 86 x U+200B is 86 characters but 258 bytes. Null when it fits or bytes are not counted.</summary>
        private static string? TooManyBytes(string name, bool countsBytes, string what, string shorten)
        {
            int bytes = Encoding.UTF8.GetByteCount(name);
            return countsBytes && bytes > MaxFileNameLength
                ? "The " + what + " would be " + Count(bytes) + " bytes of UTF-8; Linux file systems allow " + Count(MaxFileNameLength) + ". Shorten " + shorten + "."
                : null;
        }

        private static string[] Append(string[] items, string item)
        {
            var all = new string[items.Length + 1];
            Array.Copy(items, all, items.Length);
            all[items.Length] = item;
            return all;
        }

        public static string Extension(BackupType type) => type switch
        {
            BackupType.Log => "trn",
            BackupType.Diff => "dif",
            _ => "bak",
        };

        /// <summary>
        /// A name as it may stand in a file name: %, characters no file system accepts, trailing dots and spaces (Windows drops
        /// them: "Sales." would write Sales's file), and the last character of a device name it starts with ("CON", "con.x", "COM1")
        /// become % and two hex digits, as in URLs: "Sales%2E", "CO%4E". Every % in the result starts such an escape, so two
        /// names never give the same text; every character escaped is below U+0100, so two digits always do.
        /// </summary>
        public static string Escape(string name)
        {
            int kept = name.Length;
            while (kept > 0 && (name[kept - 1] == '.' || name[kept - 1] == ' '))
            {
                kept--;
            }

            int device = DeviceNameEnd(name.Substring(0, kept));
            var escaped = new StringBuilder(name.Length);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (i >= kept || i == device || c == '%' || IsInvalidFileNameCharacter(c))
                {
                    escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                }
                else
                {
                    escaped.Append(c);
                }
            }

            return escaped.ToString();
        }

        /// <summary>
        /// Where the device name a file name stands for ends (its last character), or -1 if it names no device.
        /// Windows opens a device for CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9 and COM/LPT with ¹ ² ³, in any case, also before an
        /// extension and with spaces before the dot (learn.microsoft.com "Naming Files, Paths, and Namespaces"). Linux has no
        /// devices by these names, but the share may be read from Windows and the same job runs on every replica: the rule holds everywhere.
        /// </summary>
        private static int DeviceNameEnd(string fileName)
        {
            int dot = fileName.IndexOf('.');
            string baseName = (dot < 0 ? fileName : fileName.Substring(0, dot)).TrimEnd(' ');
            string device = baseName.ToUpperInvariant();
            bool isDevice = device == "CON" || device == "PRN" || device == "AUX" || device == "NUL"
                || (device.Length == 4
                    && (device.StartsWith("COM", StringComparison.Ordinal) || device.StartsWith("LPT", StringComparison.Ordinal))
                    && "123456789\u00B9\u00B2\u00B3".IndexOf(device[3]) >= 0);
            return isDevice ? baseName.Length - 1 : -1;
        }

        /// <summary>The template with its tokens replaced (ExpandTokens), if the file name it gives passes CheckFileName.</summary>
        private static string? Expand(string template, string parameterName, string[] tokens, string[] expansions, out string? error)
        {
            string? expanded = ExpandTokens(template, parameterName, tokens, expansions, out error);
            if (expanded == null)
            {
                return null;
            }

            error = CheckFileName(expanded, parameterName);
            return error == null ? expanded : null;
        }

        /// <summary>
        /// The template with each token replaced by expansions[i] for tokens[i], or null and why not. One pass, left to right, so
        /// an expansion is never read again as template: a database named {BackupType} stays {BackupType}. A { starts a token that
        /// must be one of tokens, exactly; any other brace is an error, as a file name needs no braces outside tokens.
        /// </summary>
        private static string? ExpandTokens(string template, string parameterName, string[] tokens, string[] expansions, out string? error)
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
                    int index = Array.IndexOf(tokens, token);
                    if (index < 0)
                    {
                        error = parameterName + (close < 0
                            ? " has a { at character " + Count(position + 1) + " that no } closes"
                            : " has " + token + " at character " + Count(position + 1) + ", which is not a token") + TokenList(tokens);
                        return null;
                    }

                    fileName.Append(expansions[index]);
                    position = close + 1;
                }
                else if (c == '}')
                {
                    error = parameterName + " has a } at character " + Count(position + 1) + " that closes no token" + TokenList(tokens);
                    return null;
                }
                else if (IsInvalidFileNameCharacter(c))
                {
                    error = parameterName + " may contain only " + (tokens.Length == Tokens.Length ? "a file name" : "folder names and {DirectorySeparator}")
                        + ": none of \\ / : * ? \" < > | or control characters outside its tokens.";
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

        private static string TokenList(string[] tokens) => "; the tokens are " + string.Join(", ", tokens) + ", and braces may appear only in them.";

        /// <summary>
        /// Escaped names never make a device name or a trailing dot or space, but the template's own text can ("NUL.{DatabaseName}",
        /// "NU{DatabaseName}" for a database named L, "{DatabaseName}.{CopyOnly}"): no escape of a name could help, so refuse.
        /// </summary>
        private static string? CheckFileName(string fileName, string parameterName)
        {
            int device = DeviceNameEnd(fileName);
            if (device >= 0)
            {
                return parameterName + " gives the file name '" + fileName + "', which Windows opens as the device "
                    + fileName.Substring(0, device + 1).ToUpperInvariant() + ", so the backup would write nothing; change the text before its first dot.";
            }

            return fileName.EndsWith(".", StringComparison.Ordinal) || fileName.EndsWith(" ", StringComparison.Ordinal)
                ? parameterName + " gives the file name '" + fileName + "', which ends in a dot or space that Windows drops, so the backup "
                    + "would go to another file than the one recorded; end " + parameterName + " with other text, such as .{FileExtension}."
                : null;
        }

        /// <summary>What each token stands for, in the order of Tokens.</summary>
        private static string[] Expansions(FileNameValues values) => new[]
        {
            Escape(values.ServerName),
            Escape(values.InstanceName ?? DefaultInstanceName),
            Escape(values.AvailabilityGroupName ?? string.Empty),
            Escape(values.DatabaseName),
            SqlNames.Of(values.BackupType),
            values.CopyOnly ? "_COPY_ONLY" : string.Empty,
            values.StartedAtUtc.ToString("yyyyMMdd'_'HHmmss'_'fff", CultureInfo.InvariantCulture),
            Extension(values.BackupType),
            values.FileNumber.ToString(values.NumberOfFiles >= 10 ? "D2" : "D1", CultureInfo.InvariantCulture),
        };

        private static bool IsInvalidFileNameCharacter(char c) => char.IsControl(c) || InvalidFileNameCharacters.IndexOf(c) >= 0;

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
