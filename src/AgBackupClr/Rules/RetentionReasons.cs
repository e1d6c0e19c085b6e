using System;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>The sentences of cleanup rows: the cutoff, and why it is where it is.</summary>
    public static class RetentionReasons
    {
        public static string Cleaned(string extension, int hours, RetentionCutoff cutoff)
        {
            ObservedBase kept = cutoff.Base!;
            return "Deletes the ." + extension + " backups in this folder dated before " + Time(cutoff.DeleteBefore!.Value) + " (this replica's local time). @CleanupTime = "
                + Count(hours) + " keeps every point since " + Time(cutoff.WindowStart) + "; the chain guard keeps the FULL of differential base "
                + kept.Lsn.ToString(CultureInfo.InvariantCulture) + " (differential_base_time " + Time(kept.BeginTime) + ", seen here at " + Time(kept.FirstSeen)
                + "), the one before the newest seen by then, and every backup after it, less " + Count(RetentionGuard.MarginHours)
                + " hours for clocks that differ between replicas." + Stale(kept, cutoff.WindowStart, hours);
        }

        public static string NothingYet(string databaseName, int hours, RetentionCutoff cutoff) =>
            "Nothing of " + Describe.Quote(databaseName) + " is deleted yet: the chain guard keeps from a FULL complete by the window's start, the base before the newest "
            + "this replica saw at least @CleanupTime = " + Count(hours) + " hours ago, and "
            + (cutoff.EarliestStart is DateTime start
                ? "the second base it saw becomes that old at " + Time(start) + " (this replica's local time); cleanup can start then."
                : "it has seen fewer than two bases: cleanup starts @CleanupTime hours after this replica sees a second regular FULL's base.");

        /// <summary>
        /// A base kept from far before the window: no regular FULL became a base since (copy-only FULLs never do), so everything
        /// after it is kept, and the folder grows until one is taken.
        /// </summary>
        private static string Stale(ObservedBase kept, DateTime windowStart, int hours)
        {
            TimeSpan behind = windowStart - kept.FirstSeen;
            return behind <= TimeSpan.FromHours(Math.Max(3 * (long)hours, 14 * 24))
                ? string.Empty
                : " Warning: that base was first seen " + Count((int)behind.TotalDays) + " days before the window's start: no regular FULL became the base since "
                    + "(a COPY_ONLY FULL never does), so every backup since is kept. Take regular FULLs (on the primary, or on a SQL Server 2025 secondary).";
        }

        private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
