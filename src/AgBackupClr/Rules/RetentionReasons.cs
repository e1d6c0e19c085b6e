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
                + Count(hours) + " keeps every point since " + Time(cutoff.WindowStart) + "; the chain guard keeps the FULL that became the differential base at "
                + Time(kept.BeginTime) + " (differential_base_lsn " + kept.Lsn.ToString(CultureInfo.InvariantCulture) + ", seen here at " + Time(kept.FirstSeen)
                + "), the newest seen by then, and every backup after it, less " + Count(RetentionGuard.MarginHours) + " hours for clocks that differ between replicas.";
        }

        public static string NothingYet(string databaseName, int hours, RetentionCutoff cutoff) =>
            "Nothing of " + Describe.Quote(databaseName) + " is deleted yet: the chain guard needs a differential base this replica saw at least @CleanupTime = "
            + Count(hours) + " hours ago, and "
            + (cutoff.EarliestStart is DateTime start
                ? "the oldest it saw becomes that old at " + Time(start) + " (this replica's local time); cleanup starts then."
                : "it has seen none yet: cleanup starts @CleanupTime hours after this replica first sees a FULL's base.");

        private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
