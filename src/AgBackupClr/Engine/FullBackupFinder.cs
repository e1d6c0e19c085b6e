using System;
using System.Collections.Generic;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// The backup files in a folder and what proves them, asked through SQL Server so that only what its service account sees
    /// from this replica counts: the files (xp_dirtree), this replica's msdb, and a file's own header.
    /// </summary>
    public interface IBackupFileReader
    {
        /// <summary>The names of the files in the folder, not in its subfolders; none when the folder does not exist.</summary>
        FolderListing List(string folder);

        /// <summary>The FULLs of the database this replica's msdb recorded as taken (not restored), to disk, not as snapshots.</summary>
        RecordedFulls RecordedFulls(string databaseName);

        /// <summary>The media label and backup sets of one file (RESTORE LABELONLY and RESTORE HEADERONLY).</summary>
        BackupFileHeader ReadHeader(string file);
    }

    public sealed class FolderListing
    {
        public FolderListing(IReadOnlyList<string> fileNames, ExecutionResult outcome)
        {
            FileNames = fileNames;
            Outcome = outcome;
        }

        public IReadOnlyList<string> FileNames { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>One FULL in msdb (backupset, backupmediaset, backupmediafamily): the path of each family, mirrors included.</summary>
    public sealed class RecordedFull
    {
        public RecordedFull(decimal checkpointLsn, bool isCopyOnly, DateTime backupStartDate, DateTime backupFinishDate, int familyCount, IReadOnlyList<RecordedFile> files, Guid? familyGuid)
        {
            FamilyGuid = familyGuid;
            CheckpointLsn = checkpointLsn;
            IsCopyOnly = isCopyOnly;
            BackupStartDate = backupStartDate;
            BackupFinishDate = backupFinishDate;
            FamilyCount = familyCount;
            Files = files;
        }

        public decimal CheckpointLsn { get; }

        public bool IsCopyOnly { get; }

        public DateTime BackupStartDate { get; }

        public DateTime BackupFinishDate { get; }

        public int FamilyCount { get; }

        public IReadOnlyList<RecordedFile> Files { get; }

        public Guid? FamilyGuid { get; }
    }

    public sealed class RecordedFile
    {
        public RecordedFile(int familySequenceNumber, string physicalDeviceName)
        {
            FamilySequenceNumber = familySequenceNumber;
            PhysicalDeviceName = physicalDeviceName;
        }

        public int FamilySequenceNumber { get; }

        public string PhysicalDeviceName { get; }
    }

    /// <summary>The FULLs msdb recorded, and the family_guid of the database now (null where SQL Server shows none).</summary>
    public sealed class RecordedFulls
    {
        public RecordedFulls(IReadOnlyList<RecordedFull> fulls, Guid? databaseFamilyGuid, ExecutionResult outcome)
        {
            Fulls = fulls;
            DatabaseFamilyGuid = databaseFamilyGuid;
            Outcome = outcome;
        }

        public IReadOnlyList<RecordedFull> Fulls { get; }

        public Guid? DatabaseFamilyGuid { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>What RESTORE LABELONLY says of the media family a file is, and RESTORE HEADERONLY of the backup sets on it.</summary>
    public sealed class BackupFileHeader
    {
        public BackupFileHeader(Guid mediaSetId, int familyCount, int familySequenceNumber, IReadOnlyList<HeaderBackupSet> backupSets, ExecutionResult outcome)
        {
            MediaSetId = mediaSetId;
            FamilyCount = familyCount;
            FamilySequenceNumber = familySequenceNumber;
            BackupSets = backupSets;
            Outcome = outcome;
        }

        public Guid MediaSetId { get; }

        public int FamilyCount { get; }

        public int FamilySequenceNumber { get; }

        public IReadOnlyList<HeaderBackupSet> BackupSets { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>One row of RESTORE HEADERONLY (docs/t-sql/statements/restore-statements-headeronly-transact-sql.md).</summary>
    public sealed class HeaderBackupSet
    {
        /// <summary>BackupType 1: a database (FULL) backup.</summary>
        public const int DatabaseBackup = 1;

        public HeaderBackupSet(
            int backupType, string databaseName, bool isCopyOnly, bool isSnapshot, bool isDamaged, decimal checkpointLsn, DateTime backupStartDate, DateTime backupFinishDate, Guid? familyGuid)
        {
            FamilyGuid = familyGuid;
            BackupType = backupType;
            DatabaseName = databaseName;
            IsCopyOnly = isCopyOnly;
            IsSnapshot = isSnapshot;
            IsDamaged = isDamaged;
            CheckpointLsn = checkpointLsn;
            BackupStartDate = backupStartDate;
            BackupFinishDate = backupFinishDate;
        }

        public int BackupType { get; }

        public string DatabaseName { get; }

        public bool IsCopyOnly { get; }

        public bool IsSnapshot { get; }

        public bool IsDamaged { get; }

        public decimal CheckpointLsn { get; }

        public DateTime BackupStartDate { get; }

        public DateTime BackupFinishDate { get; }

        public Guid? FamilyGuid { get; }
    }

    /// <summary>The FULLs proven in the folders, the backup files that proved nothing, and a failed Outcome when the search could not run.</summary>
    public sealed class FullBackupSearch
    {
        public FullBackupSearch(IReadOnlyList<FullBackupOnDisk> proven, UnreadBackups unread, ExecutionResult outcome)
        {
            Proven = proven;
            Unread = unread;
            Outcome = outcome;
        }

        public IReadOnlyList<FullBackupOnDisk> Proven { get; }

        public UnreadBackups Unread { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>
    /// Which FULLs of a database are in its FULL folders now, proven each by this replica's msdb when it recorded the FULL and
    /// every family's file is listed, or else by the files' own headers: a FULL another replica wrote to a shared folder is in no
    /// msdb here. A header proves a FULL when it is of this database (name and family_guid), not a snapshot, not damaged, and every family of its media
    /// set is among the files (RESTORE LABELONLY's MediaSetId, FamilyCount and FamilySequenceNumber).
    /// </summary>
    public static class FullBackupFinder
    {
        public static FullBackupSearch Find(string databaseName, IReadOnlyList<string> fullFolders, bool isLinux, IBackupFileReader reader)
        {
            string extension = "." + BackupFileName.Extension(BackupType.Full);
            var listed = new List<string>();
            foreach (string folder in fullFolders)
            {
                FolderListing listing = reader.List(folder);
                if (!listing.Outcome.Succeeded)
                {
                    return Failed(listing.Outcome);
                }

                foreach (string name in listing.FileNames)
                {
                    if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                    {
                        listed.Add(BackupFileName.InFolder(folder, name));
                    }
                }
            }

            if (listed.Count == 0)
            {
                return new FullBackupSearch(Array.Empty<FullBackupOnDisk>(), UnreadBackups.None, ExecutionResult.Success);
            }

            RecordedFulls recorded = reader.RecordedFulls(databaseName);
            if (!recorded.Outcome.Succeeded)
            {
                return Failed(recorded.Outcome);
            }

            var proven = new List<FullBackupOnDisk>();
            var accounted = new List<string>();
            Guid? family = recorded.DatabaseFamilyGuid;
            foreach (RecordedFull full in recorded.Fulls)
            {
                List<string>? files = SameFamily(full.FamilyGuid, family) ? FilesOf(full, listed, isLinux) : null;
                if (files != null)
                {
                    proven.Add(new FullBackupOnDisk(files, full.CheckpointLsn, full.IsCopyOnly, full.BackupStartDate, full.BackupFinishDate, FullBackupProof.Msdb));
                    accounted.AddRange(files);
                }
            }

            int unreadCount = 0;
            string? example = null;
            var families = new Dictionary<Guid, List<(string File, BackupFileHeader Header)>>();
            foreach (string file in listed)
            {
                if (accounted.Contains(file))
                {
                    continue;
                }

                BackupFileHeader header = reader.ReadHeader(file);
                string? problem = !header.Outcome.Succeeded
                    ? "its header could not be read (Msg " + Count(header.Outcome.ErrorNumber ?? 0) + ": " + header.Outcome.ErrorMessage + ")"
                    : FirstFull(header, databaseName, family) == null ? "it holds no FULL of the database that is not a snapshot or damaged" : null;
                if (problem != null)
                {
                    unreadCount++;
                    example ??= file + ": " + problem;
                    continue;
                }

                if (!families.TryGetValue(header.MediaSetId, out List<(string File, BackupFileHeader Header)>? members))
                {
                    members = new List<(string File, BackupFileHeader Header)>();
                    families.Add(header.MediaSetId, members);
                }

                members.Add((file, header));
            }

            foreach (List<(string File, BackupFileHeader Header)> members in families.Values)
            {
                BackupFileHeader first = members[0].Header;
                var sequences = new List<int>();
                foreach ((string _, BackupFileHeader header) in members)
                {
                    if (!sequences.Contains(header.FamilySequenceNumber))
                    {
                        sequences.Add(header.FamilySequenceNumber);
                    }
                }

                if (sequences.Count != first.FamilyCount)
                {
                    unreadCount += members.Count;
                    example ??= members[0].File + ": " + Count(sequences.Count) + " of its media set's " + Count(first.FamilyCount) + " files are in the folders";
                    continue;
                }

                var files = new List<string>();
                foreach ((string file, BackupFileHeader _) in members)
                {
                    files.Add(file);
                }

                HeaderBackupSet set = FirstFull(first, databaseName, family)!;
                proven.Add(new FullBackupOnDisk(files, set.CheckpointLsn, set.IsCopyOnly, set.BackupStartDate, set.BackupFinishDate, FullBackupProof.Header));
            }

            return new FullBackupSearch(proven, new UnreadBackups(unreadCount, example), ExecutionResult.Success);
        }

        /// <summary>The listed files that hold every family of the recorded FULL (one mirror of each is enough); null when a family is missing.</summary>
        private static List<string>? FilesOf(RecordedFull full, List<string> listed, bool isLinux)
        {
            var files = new List<string>();
            for (int family = 1; family <= full.FamilyCount; family++)
            {
                string? found = null;
                foreach (RecordedFile file in full.Files)
                {
                    if (file.FamilySequenceNumber == family)
                    {
                        found ??= listed.Find(path => SamePath(path, file.PhysicalDeviceName, isLinux));
                    }
                }

                if (found == null)
                {
                    return null;
                }

                files.Add(found);
            }

            return files;
        }

        /// <summary>
        /// Linux file systems compare names exactly; Windows and SMB ignore case, and msdb keeps the path as the BACKUP was given
        /// it, which WindowsPath.Normalize resolves as Windows does.
        /// </summary>
        private static bool SamePath(string listed, string recorded, bool isLinux) =>
            isLinux ? string.Equals(listed, recorded, StringComparison.Ordinal)
                : string.Equals(WindowsPath.Normalize(listed), WindowsPath.Normalize(recorded), StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// A backup of another database that happens to bear the name (a copy on a test server writing to the same share) is no
        /// FULL of this one: both carry the family_guid of the database they come from. Where SQL Server shows none, the name decides.
        /// </summary>
        private static bool SameFamily(Guid? backup, Guid? database) => backup == null || database == null || backup == database;

        private static HeaderBackupSet? FirstFull(BackupFileHeader header, string databaseName, Guid? family)
        {
            foreach (HeaderBackupSet set in header.BackupSets)
            {
                if (set.BackupType == HeaderBackupSet.DatabaseBackup && !set.IsSnapshot && !set.IsDamaged && string.Equals(set.DatabaseName, databaseName, StringComparison.Ordinal)
                    && SameFamily(set.FamilyGuid, family))
                {
                    return set;
                }
            }

            return null;
        }

        private static FullBackupSearch Failed(ExecutionResult outcome) =>
            new FullBackupSearch(Array.Empty<FullBackupOnDisk>(), UnreadBackups.None, outcome);

        private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
