using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// Where the backups go: folders on disk (TO DISK), or Azure Blob Storage or S3-compatible object storage URLs (TO URL),
    /// each written without a trailing separator. A backup's files are spread evenly over them.
    /// </summary>
    public sealed class Destination
    {
        public Destination(BackupDevice device, IReadOnlyList<string> paths)
        {
            Device = device;
            Paths = paths;
        }

        public BackupDevice Device { get; }

        public IReadOnlyList<string> Paths { get; }

        public const string AzureScheme = BackupFileName.AzureScheme;
        public const string S3Scheme = BackupFileName.S3Scheme;

        /// <summary>S3-compatible object storage, SQL Server 2022 and later (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md).</summary>
        public bool IsS3 => Device == BackupDevice.Url && Paths[0].StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase);

        /// <summary>BACKUP TO DISK = 'NUL': nothing is kept.</summary>
        public bool IsNul => Device == BackupDevice.Disk && BackupFileName.IsNullDevice(Paths[0]);

        /// <summary>How the parameter that gave these paths is named in messages.</summary>
        public string ParameterName => Device == BackupDevice.Url ? "@URL" : "@Directory";
    }

    /// <summary>@Directory and @URL, checked: exactly one of them, each path usable as it stands.</summary>
    public static class DestinationParser
    {
        /// <summary>BACKUP writes to at most 64 devices (docs/t-sql/statements/backup-transact-sql.md, TO &lt;backup_device&gt; [ ,...n ]).</summary>
        private const int MaxDevices = 64;

        /// <summary>Null and the destination, or the message that says what is wrong and what is allowed.</summary>
        public static string? Parse(string? directory, string? url, out Destination? destination)
        {
            destination = null;
            bool hasDirectory = directory != null && directory.Trim().Length > 0;
            bool hasUrl = url != null && url.Trim().Length > 0;
            if (hasDirectory == hasUrl)
            {
                return hasDirectory
                    ? "@Directory and @URL cannot both be set: the backups go to a folder (@Directory) or to Azure Blob Storage or S3-compatible storage (@URL)."
                    : "@Directory or @URL is required: the folder the backups go to (as SQL Server's service account sees it), NUL to discard them, or an https:// or s3:// URL.";
            }

            return hasDirectory ? ParseDirectories(directory!, out destination) : ParseUrls(url!, out destination);
        }

        /// <summary>
        /// One folder, or several separated by commas to stripe over (as in Ola Hallengren's DatabaseBackup), each as SQL
        /// Server's service account sees it; NUL only alone.
        /// </summary>
        private static string? ParseDirectories(string text, out Destination? destination)
        {
            destination = null;
            string[] parts = text.Split(',');
            if (parts.Length > MaxDevices)
            {
                return "@Directory has " + Count(parts.Length) + " folders; BACKUP writes to at most 64 files.";
            }

            var folders = new List<string>(parts.Length);
            foreach (string part in parts)
            {
                string folder = part.Trim();
                string? error = folder.Length == 0
                    ? "@Directory has an empty folder between its commas; list folders as D:\\Backup1, E:\\Backup2."
                    : NoControlCharacter(folder, "@Directory");
                if (error != null)
                {
                    return error;
                }

                bool isNul = BackupFileName.IsNullDevice(folder);
                if (parts.Length > 1 && isNul)
                {
                    return "@Directory = NUL discards the backup and stands alone, not in a list of folders.";
                }

                // NUL\ would expand to NUL once every folder of the structure is empty, and to a folder named NUL otherwise.
                if (!isNul && BackupFileName.IsNullDevice(folder.TrimEnd('\\', '/')))
                {
                    return "@Directory = '" + folder + "' is the device NUL, not a folder; write N'NUL' alone to discard the backups.";
                }

                foreach (string earlier in folders)
                {
                    if (string.Equals(earlier.TrimEnd('\\', '/'), folder.TrimEnd('\\', '/'), StringComparison.OrdinalIgnoreCase))
                    {
                        return "@Directory names '" + folder + "' twice; each file of a backup needs a place of its own.";
                    }
                }

                // Spelt one way, so every later comparison with NUL agrees.
                folders.Add(isNul ? BackupFileName.NullDevice : folder);
            }

            destination = new Destination(BackupDevice.Disk, folders);
            return null;
        }

        private static string? ParseUrls(string text, out Destination? destination)
        {
            destination = null;
            string[] parts = text.Split(',');
            if (parts.Length > MaxDevices)
            {
                return "@URL has " + Count(parts.Length) + " URLs; BACKUP writes to at most 64.";
            }

            var urls = new List<string>(parts.Length);
            foreach (string part in parts)
            {
                string url = part.Trim().TrimEnd('/');
                string? error = CheckUrl(url);
                if (error != null)
                {
                    return error;
                }

                foreach (string earlier in urls)
                {
                    if (string.Equals(earlier, url, StringComparison.OrdinalIgnoreCase))
                    {
                        return "@URL names '" + url + "' twice; each file of a backup needs a place of its own.";
                    }
                }

                urls.Add(url);
            }

            bool isS3 = urls[0].StartsWith(Destination.S3Scheme, StringComparison.OrdinalIgnoreCase);
            foreach (string url in urls)
            {
                if (url.StartsWith(Destination.S3Scheme, StringComparison.OrdinalIgnoreCase) != isS3)
                {
                    return "@URL mixes https:// and s3:// URLs; one backup goes to Azure Blob Storage or to S3-compatible storage, not both.";
                }
            }

            destination = new Destination(BackupDevice.Url, urls);
            return null;
        }

        /// <summary>
        /// https://account.blob.core.windows.net/container[/folder] or s3://host[:port][/bucket[/folder]] (path or virtual host
        /// style): the files' names are added after a /. A ? would start a query string (the SAS token belongs in the credential).
        /// </summary>
        private static string? CheckUrl(string url)
        {
            const string Shape = "; each URL is https://<account>.blob.core.windows.net/<container>[/<folder>] or s3://<endpoint>[:<port>]/<bucket>[/<folder>], comma-separated.";
            bool isAzure = url.StartsWith(Destination.AzureScheme, StringComparison.OrdinalIgnoreCase);
            bool isS3 = url.StartsWith(Destination.S3Scheme, StringComparison.OrdinalIgnoreCase);
            if (!isAzure && !isS3)
            {
                return "@URL must start with https:// (Azure Blob Storage) or s3:// (S3-compatible storage), not '" + url + "'" + Shape;
            }

            string afterScheme = url.Substring(isAzure ? Destination.AzureScheme.Length : Destination.S3Scheme.Length);
            int slash = afterScheme.IndexOf('/');
            if (afterScheme.Length == 0 || slash == 0 || (isAzure && slash < 0))
            {
                return "@URL '" + url + "' names no " + (isAzure ? "container" : "endpoint") + Shape;
            }

            foreach (char c in url)
            {
                if (c == '?' || c == '#' || c == '\\' || char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    return "@URL '" + url + "' has " + (char.IsControl(c) ? "a control character" : "'" + c + "'")
                        + ", which a URL to a backup may not contain (a SAS token belongs in the credential, not in the URL)" + Shape;
                }
            }

            return null;
        }

        /// <summary>backup_file separates the files of a striped backup with line breaks, and no path needs a control character.</summary>
        private static string? NoControlCharacter(string path, string parameterName)
        {
            foreach (char c in path)
            {
                if (char.IsControl(c))
                {
                    return parameterName + " may not contain control characters such as a line break or tab; it has U+"
                        + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ".";
                }
            }

            return null;
        }

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
