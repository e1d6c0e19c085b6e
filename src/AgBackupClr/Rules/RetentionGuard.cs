using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// The cutoff of one database's cleanup: files dated before DeleteBefore may go. Null DeleteBefore: nothing of the database
    /// may be deleted yet; EarliestStart then says when enough bases will be old enough (null: not known yet).
    /// Base is the FULL the chain is kept from; WindowStart is now less @CleanupTime.
    /// </summary>
    public sealed class RetentionCutoff
    {
        public RetentionCutoff(
            DateTime? deleteBefore,
            ObservedBase? @base,
            DateTime windowStart,
            DateTime? earliestStart)
        {
            DeleteBefore = deleteBefore;
            Base = @base;
            WindowStart = windowStart;
            EarliestStart = earliestStart;
        }

        public DateTime? DeleteBefore { get; }

        public ObservedBase? Base { get; }

        public DateTime WindowStart { get; }

        public DateTime? EarliestStart { get; }
    }

    /// <summary>
    /// The chain guard: after cleanup, every point from now less @CleanupTime to now, and the newest point, must stay restorable
    /// from the files left. That needs a FULL that is a differential base and was complete at the window's start, and every
    /// backup after it. A copy-only backup is never a differential base (docs/relational-databases/backup-restore/differential-backups-sql-server.md),
    /// and sys.master_files holds the base of every database on every replica
    /// (docs/relational-databases/system-catalog-views/sys-master-files-transact-sql.md), so the bases this replica observed are
    /// real FULLs whichever replica took them.
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
        /// <param name="observed">
        /// Every base this replica recorded for the database, this run's included: a row each time the base read differed from
        /// the newest recorded, so a RESTORE back to an older FULL is a row of its own, first seen when it happened.
        /// </param>
        /// <param name="utcOffsetMinutes">This instance's offset from UTC now: the docs give differential_base_time no time zone.</param>
        public static RetentionCutoff Compute(DateTime now, int cleanupTimeHours, IReadOnlyList<ObservedBase> observed, int utcOffsetMinutes)
        {
            DateTime windowStart = now.AddHours(-cleanupTimeHours);

            // When a FULL's base shows, at its start or at its end, is not documented. SQL Server runs one FULL of a database at a
            // time, so the base before the newest one seen by the window's start belongs to a FULL that had finished by then.
            ObservedBase? newestSeen = Newest(observed, windowStart, null);
            ObservedBase? keptFrom = newestSeen == null ? null : Newest(observed, windowStart, newestSeen);
            if (keptFrom == null)
            {
                return new RetentionCutoff(null, null, windowStart, EarliestStart(observed, cleanupTimeHours));
            }

            // Every base recorded since is in the chain of some point of the window (a RESTORE may have gone back to an older
            // FULL), so the cutoff keeps the earliest of them.
            DateTime deleteBefore = windowStart;
            foreach (ObservedBase candidate in observed)
            {
                if (!IsBefore(candidate, keptFrom))
                {
                    DateTime began = EarliestReading(candidate.BeginTime, utcOffsetMinutes).AddHours(-MarginHours);
                    deleteBefore = began < deleteBefore ? began : deleteBefore;
                }
            }

            return new RetentionCutoff(deleteBefore, keptFrom, windowStart, null);
        }

        /// <summary>
        /// differential_base_time read as this instance's local time and as UTC: the earlier of the two, so that the guard holds
        /// whichever the column is.
        /// </summary>
        public static DateTime EarliestReading(DateTime baseTime, int utcOffsetMinutes) =>
            utcOffsetMinutes < 0 ? baseTime.AddMinutes(utcOffsetMinutes) : baseTime;

        /// <summary>The newest base first seen at or before the time, and before the one given (null: any); order is first seen, then LSN.</summary>
        private static ObservedBase? Newest(IReadOnlyList<ObservedBase> observed, DateTime seenBy, ObservedBase? before)
        {
            ObservedBase? newest = null;
            foreach (ObservedBase candidate in observed)
            {
                if (candidate.FirstSeen <= seenBy && (before == null || IsBefore(candidate, before)) && (newest == null || IsBefore(newest, candidate)))
                {
                    newest = candidate;
                }
            }

            return newest;
        }

        private static bool IsBefore(ObservedBase first, ObservedBase second) =>
            first.FirstSeen < second.FirstSeen || (first.FirstSeen == second.FirstSeen && first.Lsn < second.Lsn);

        /// <summary>When the second base recorded becomes @CleanupTime hours old: the first moment the guard can keep from one; null with fewer than two.</summary>
        private static DateTime? EarliestStart(IReadOnlyList<ObservedBase> observed, int cleanupTimeHours)
        {
            ObservedBase? oldest = null;
            ObservedBase? second = null;
            foreach (ObservedBase candidate in observed)
            {
                if (oldest == null || IsBefore(candidate, oldest))
                {
                    second = oldest;
                    oldest = candidate;
                }
                else if (second == null || IsBefore(candidate, second))
                {
                    second = candidate;
                }
            }

            return second?.FirstSeen.AddHours(cleanupTimeHours);
        }
    }
}
