using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>What the chain guard found for one database's folder of one backup type.</summary>
    public enum RetentionVerdict
    {
        /// <summary>A FULL in the folders finished before the window: what is dated before it (less the margin) may go.</summary>
        Anchored,

        /// <summary>FULLs are in the folders, none finished before the window yet: nothing may go, EarliestStart says when.</summary>
        NotYet,

        /// <summary>No FULL that can start a restore is in the folders: nothing may go.</summary>
        NoFull,
    }

    /// <summary>
    /// The cutoff of one database's folder: files dated before DeleteBefore may go (null: nothing may). Anchor is the FULL the
    /// restore sequence of the window starts from; WindowStart is now less @CleanupTime; EarliestStart, with NotYet, is when the
    /// oldest FULL in the folders becomes old enough to anchor.
    /// </summary>
    public sealed class RetentionCutoff
    {
        public RetentionCutoff(RetentionVerdict verdict, DateTime? deleteBefore, FullBackupOnDisk? anchor, DateTime windowStart, DateTime? earliestStart)
        {
            Verdict = verdict;
            DeleteBefore = deleteBefore;
            Anchor = anchor;
            WindowStart = windowStart;
            EarliestStart = earliestStart;
        }

        public RetentionVerdict Verdict { get; }

        public DateTime? DeleteBefore { get; }

        public FullBackupOnDisk? Anchor { get; }

        public DateTime WindowStart { get; }

        public DateTime? EarliestStart { get; }
    }

    /// <summary>
    /// The chain guard: after cleanup, the files left must still restore every point from now less @CleanupTime to the newest
    /// backup: a FULL, optionally a DIFF based on it, then LOGs. So cleanup keeps from a FULL whose files are proven to be in the
    /// folders now and that finished before the window, and deletes only what is dated before that FULL began. A FULL another
    /// tool took elsewhere, to NUL or as a snapshot moves the differential base, but is never the anchor: only files in the folders
    /// count. A COPY_ONLY FULL starts a restore sequence of LOGs as well as a regular one
    /// (docs/relational-databases/backup-restore/copy-only-backups-sql-server.md); only a DIFF needs its base, a regular FULL
    /// (docs/relational-databases/backup-restore/differential-backups-sql-server.md), so a DIFF folder anchors on regular FULLs only.
    /// </summary>
    public static class RetentionGuard
    {
        /// <summary>
        /// Hours subtracted from the anchor's dates, both when it is chosen and at the cutoff. The dates are the local clock of the
        /// replica that wrote each file, and xp_delete_file compares them with this replica's: this covers clocks that differ
        /// between replicas, a daylight saving change (one hour), and a LOG backup that started before the FULL and ended after it.
        /// </summary>
        public const int MarginHours = 2;

        /// <param name="now">This instance's local time (SYSDATETIME()), the clock xp_delete_file compares with.</param>
        /// <param name="cleanupTimeHours">@CleanupTime, 0 or more.</param>
        /// <param name="folderType">The backup type of the folder being cleaned.</param>
        /// <param name="fulls">Every FULL of the database proven to be in its FULL folders now.</param>
        public static RetentionCutoff Compute(DateTime now, int cleanupTimeHours, BackupType folderType, IReadOnlyList<FullBackupOnDisk> fulls)
        {
            DateTime windowStart = now.AddHours(-cleanupTimeHours);
            FullBackupOnDisk? anchor = null;
            DateTime? oldestFinish = null;
            foreach (FullBackupOnDisk full in fulls)
            {
                if (folderType == BackupType.Diff && full.IsCopyOnly)
                {
                    continue;
                }

                oldestFinish = oldestFinish == null || full.BackupFinishDate < oldestFinish ? full.BackupFinishDate : oldestFinish;
                if (full.BackupFinishDate.AddHours(MarginHours) <= windowStart && (anchor == null || IsNewer(full, anchor)))
                {
                    anchor = full;
                }
            }

            if (anchor != null)
            {
                return new RetentionCutoff(RetentionVerdict.Anchored, anchor.BackupStartDate.AddHours(-MarginHours), anchor, windowStart, null);
            }

            return oldestFinish is DateTime finish
                ? new RetentionCutoff(RetentionVerdict.NotYet, null, null, windowStart, finish.AddHours(MarginHours + cleanupTimeHours))
                : new RetentionCutoff(RetentionVerdict.NoFull, null, null, windowStart, null);
        }

        /// <summary>The later FULL by its finish, then its checkpoint: two proofs of one FULL agree on both.</summary>
        private static bool IsNewer(FullBackupOnDisk candidate, FullBackupOnDisk than) =>
            candidate.BackupFinishDate > than.BackupFinishDate
            || (candidate.BackupFinishDate == than.BackupFinishDate && candidate.CheckpointLsn > than.CheckpointLsn);
    }
}
