using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>How many files one backup is striped over: @NumberOfFiles, or as many as @MaxFileSize needs for this database.</summary>
    public static class Striping
    {
        /// <summary>BACKUP writes to at most 64 devices (docs/t-sql/statements/backup-transact-sql.md, TO &lt;backup_device&gt; [ ,...n ]).</summary>
        public const int MaxFiles = 64;

        /// <summary>sys.master_files.size counts 8-KB pages (docs/relational-databases/system-catalog-views/sys-master-files-transact-sql.md).</summary>
        private const long PageBytes = 8192;

        private const long Megabyte = 1024 * 1024;

        /// <summary>
        /// The number of files, a multiple of the number of directories so each gets as many. With @MaxFileSize the size is
        /// the allocated size of the database's files (the log files for LOG, the others for FULL and DIFF): an upper bound,
        /// so a backup may be split into more files than it needs, never fewer. A size SQL Server does not show gives one
        /// file per directory.
        /// </summary>
        public static int NumberOfFiles(BackupArguments arguments, DatabaseFacts database, BackupType backupType, int directories)
        {
            if (arguments.NumberOfFiles is int asked)
            {
                return asked;
            }

            long? pages = backupType == BackupType.Log ? database.LogPages : database.DataPages;
            if (arguments.MaxFileSize is not int maxFileSize || pages is not long size || size <= 0)
            {
                return directories;
            }

            long bytesPerDirectory = (size * PageBytes + directories - 1) / directories;
            long maxBytes = maxFileSize * Megabyte;
            long perDirectory = (bytesPerDirectory + maxBytes - 1) / maxBytes;
            long mostPerDirectory = MaxFiles / directories;
            return (int)(perDirectory < mostPerDirectory ? perDirectory : mostPerDirectory) * directories;
        }
    }
}
