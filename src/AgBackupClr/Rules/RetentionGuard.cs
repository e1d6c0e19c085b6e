using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// The cutoff of one database's cleanup: files dated before DeleteBefore may go. Null DeleteBefore: nothing of the database
    /// may be deleted yet; EarliestStart then says when the first observed base becomes old enough (null: none observed).
    /// Base is the FULL the chain is kept from; WindowStart is now less @CleanupTime.
    /// </summary>
    public sealed record RetentionCutoff(DateTime? DeleteBefore, ObservedBase? Base, DateTime WindowStart, DateTime? EarliestStart);

    /// <summary>
    /// The chain guard: after cleanup, every point from now less @CleanupTime to now, and the newest point, must stay restorable
    /// from the files left. That needs the newest FULL that is a differential base and was complete at the window's start, and
    /// every backup after it. A copy-only backup is never a differential base
    /// (docs/relational-databases/backup-restore/differential-backups-sql-server.md), and sys.master_files holds the base of every
    /// database on every replica (docs/relational-databases/system-catalog-views/sys-master-files-transact-sql.md), so the bases
    /// this replica observed are real FULLs whichever replica took them; one observed late only makes the cutoff earlier.
    /// </summary>
    public static class RetentionGuard
    {
        /// <summary>
        /// Subtracted from the base's time. Backup headers carry the local clock of the replica that wrote them, the base its
        /// primary's: this covers clocks that differ between replicas, a daylight saving change (one hour), and the few minutes a
        /// FULL's file is dated before the checkpoint that sets its base.
        /// </summary>
        public const int MarginHours = 2;

        /// <param name="now">This instance's local time (SYSDATETIME()), the clock xp_delete_file compares with.</param>
        /// <param name="cleanupTimeHours">@CleanupTime, 0 or more.</param>
        /// <param name="observed">Every base this replica observed for the database, this run's included.</param>
        public static RetentionCutoff Compute(DateTime now, int cleanupTimeHours, IReadOnlyList<ObservedBase> observed)
        {
            DateTime windowStart = now.AddHours(-cleanupTimeHours);
            ObservedBase? keptFrom = null;
            DateTime? earliestStart = null;
            foreach (ObservedBase candidate in observed)
            {
                // Seen by the window's start: the FULL had finished then (its base shows once it completes), so a restore
                // from it reaches every point of the window. The newest seen is the base now, even after a RESTORE of an older one.
                if (candidate.FirstSeen <= windowStart)
                {
                    if (keptFrom == null || candidate.FirstSeen > keptFrom.FirstSeen || (candidate.FirstSeen == keptFrom.FirstSeen && candidate.Lsn > keptFrom.Lsn))
                    {
                        keptFrom = candidate;
                    }
                }
                else
                {
                    DateTime oldEnough = candidate.FirstSeen.AddHours(cleanupTimeHours);
                    earliestStart = earliestStart == null || oldEnough < earliestStart ? oldEnough : earliestStart;
                }
            }

            return keptFrom == null
                ? new RetentionCutoff(null, null, windowStart, earliestStart)
                : new RetentionCutoff(Earlier(keptFrom.BeginTime.AddHours(-MarginHours), windowStart), keptFrom, windowStart, null);
        }
    
        /// <summary>Never later than now less @CleanupTime, whatever the clock of the replica that took the FULL said.</summary>
        private static DateTime Earlier(DateTime first, DateTime second) => first < second ? first : second;
    }
}
