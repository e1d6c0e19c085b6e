using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>The sentences of cleanup rows: the cutoff, and why it is where it is, or why nothing was deleted.</summary>
    public static class RetentionReasons
    {
        public static string Cleaned(string extension, int hours, RetentionCutoff cutoff)
        {
            FullBackupOnDisk anchor = cutoff.Anchor!;
            return "Deletes the ." + extension + " backups in this folder dated before " + Time(cutoff.DeleteBefore!.Value) + " (this replica's local time). @CleanupTime = "
                + Count(hours) + " keeps every point since " + Time(cutoff.WindowStart) + "; the chain guard keeps from the newest FULL in the folders that finished "
                + Count(RetentionGuard.MarginHours) + " hours before then, " + Named(anchor) + ", and every backup dated after its start less "
                + Count(RetentionGuard.MarginHours) + " hours for clocks that differ between replicas.";
        }

        public static string NotYet(string databaseName, BackupType folderType, int hours, RetentionCutoff cutoff, UnreadBackups unread) =>
            "Nothing of " + Describe.Quote(databaseName) + " is deleted yet: the chain guard keeps from a " + Kind(folderType) + " in the folders that finished "
            + Count(RetentionGuard.MarginHours) + " hours before the window (now less @CleanupTime = " + Count(hours) + " hours), and the oldest there becomes that old at "
            + Time(cutoff.EarliestStart!.Value) + " (this replica's local time); cleanup can start then." + Unread(unread);

        /// <summary>A FULL folder with no FULL proven in it: nothing can be kept from, so nothing is deleted; no backup is lost either.</summary>
        public static string NoFullYet(string databaseName, IReadOnlyList<string> fullFolders, UnreadBackups unread) =>
            "Nothing of " + Describe.Quote(databaseName) + " is deleted: no FULL of it is in " + Folders(fullFolders) + " yet, so the chain guard has none to keep from."
            + Unread(unread);

        /// <summary>LOGs or DIFFs with no FULL in the folders that can start their restore: deleting by date would be a guess.</summary>
        public static string NoFull(string databaseName, string extension, IReadOnlyList<string> fullFolders, UnreadBackups unread) =>
            "Nothing was deleted: no FULL of " + Describe.Quote(databaseName) + " in " + Folders(fullFolders) + " can start a restore of the ." + extension
            + " backups in this folder, so the chain guard cannot tell which of them a restore needs. Take a FULL with this procedure to the same @Directory and "
            + "directory structure; where another tool takes the FULLs (to other folders, to NUL or as snapshots), clean this folder with that tool's retention "
            + "instead of @CleanupTime." + Unread(unread);

        private static string Named(FullBackupOnDisk full) =>
            (full.IsCopyOnly ? "the COPY_ONLY FULL " : "the FULL ") + Path(full.Files) + " (checkpoint_lsn " + full.CheckpointLsn.ToString(CultureInfo.InvariantCulture)
            + ", started " + Time(full.BackupStartDate) + ", finished " + Time(full.BackupFinishDate) + ", "
            + (full.ProvenBy == FullBackupProof.Msdb ? "recorded in this replica's msdb" : "read from its header") + ")";

        private static string Path(IReadOnlyList<string> files) =>
            files.Count == 1 ? files[0] : files[0] + " and " + Count(files.Count - 1) + " more stripes";

        private static string Kind(BackupType folderType) =>
            folderType == BackupType.Diff ? "regular FULL (a DIFF needs its base; a COPY_ONLY FULL is none)" : "FULL";

        private static string Folders(IReadOnlyList<string> folders) =>
            folders.Count == 1 ? "its FULL folder " + folders[0] : "its FULL folders " + string.Join(", ", folders);

        private static string Unread(UnreadBackups unread) =>
            unread.Count == 0
                ? string.Empty
                : " Warning: " + Count(unread.Count) + " .bak file" + (unread.Count == 1 ? "" : "s") + " there could not be proven a complete FULL of it, such as "
                    + unread.Example + ".";

        private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How many backup files in the FULL folders proved nothing, and one of them with why.</summary>
    public sealed class UnreadBackups
    {
        public UnreadBackups(int count, string? example)
        {
            Count = count;
            Example = example;
        }

        public int Count { get; }

        /// <summary>One file and why it proved nothing; null when Count is 0.</summary>
        public string? Example { get; }

        public static UnreadBackups None { get; } = new UnreadBackups(0, null);
    }
}
