using System;
using System.Globalization;
using AgBackupClr.Rules;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// What the decision log's retention tells the caller: a sentence sent after the result rows when the rows were kept on
    /// purpose (or null), and what went wrong, for the closing error that fails the job step (or null). A retention that
    /// deleted what it should says nothing: it happens on every run.
    /// </summary>
    public sealed class RetentionOutcome
    {
        public RetentionOutcome(string? notice, string? problem)
        {
            Notice = notice;
            Problem = problem;
        }

        public string? Notice { get; }

        public string? Problem { get; }

        public static RetentionOutcome Nothing { get; } = new RetentionOutcome(null, null);
    }

    /// <summary>
    /// @LogRetentionDays: at the end of a run that logs its rows, the rows of dbo.BackupDecisionLog logged more than that many
    /// days ago are deleted, a batch at a time, each batch a statement of its own so no lock is held for long. Only rows older
    /// than the retention go: a failed batch stops the deletion, and the next run starts again from the oldest row.
    /// </summary>
    public static class DecisionLogRetention
    {
        public const int DefaultDays = 90;

        /// <summary>100 years: any retention a DBA means; the limit keeps the cutoff a date (DateTime starts in year 1).</summary>
        public const int MaxDays = 36500;

        /// <summary>
        /// Rows per DELETE. Each row takes a lock on its key, and at most one on its page, in each index: a batch stays below
        /// the 5,000 locks of one statement on one index that escalate to a table lock
        /// (docs/relational-databases/sql-server-transaction-locking-and-row-versioning-guide.md, Lock escalation thresholds).
        /// </summary>
        public const int BatchSize = 1000;

        /// <summary>
        /// The batches one run deletes at most: the first run after an upgrade may find millions of rows, and a job step that
        /// runs long makes SQL Agent skip the job's next scheduled run, a LOG interval missed.
        /// </summary>
        public const int MaxBatchesPerRun = 100;

        /// <summary>
        /// The retention's end: whole seconds, rounded down so it reads plainly and never deletes a row younger than the
        /// retention (logged_at is UTC, SYSUTCDATETIME() when the row was written).
        /// </summary>
        public static DateTime Cutoff(DateTime utcNow, int days) =>
            new DateTime(utcNow.Ticks - (utcNow.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddDays(-days);

        /// <param name="tranCount">@@TRANCOUNT of the caller: inside its transaction the deletes would hold their locks until it ends.</param>
        public static RetentionOutcome Apply(IDecisionLog log, DateTime utcNow, BackupArguments arguments, int tranCount)
        {
            // @LogToTable = 'N': this run does not use the table, so it does not change it either; the runs that log keep it small.
            if (!arguments.LogToTable || !arguments.LogRetentionDays.HasValue)
            {
                return RetentionOutcome.Nothing;
            }

            int days = arguments.LogRetentionDays.Value;
            DateTime cutoff = Cutoff(utcNow, days);
            string rows = "the rows of dbo.BackupDecisionLog logged before " + cutoff.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
                + " UTC (@LogRetentionDays = " + Count(days) + ")";
            if (!arguments.Execute)
            {
                return new RetentionOutcome("usp_BackupIfPreferred: dry run (@Execute = 'N'): " + rows + " would be deleted, " + Count(BatchSize) + " at a time; none was.", null);
            }

            if (tranCount > 0)
            {
                return new RetentionOutcome(
                    "usp_BackupIfPreferred: " + rows + " were kept: inside a user transaction (@@TRANCOUNT = " + Count(tranCount)
                        + ") their delete would hold its locks until the transaction ends. The next run outside a transaction deletes them.",
                    null);
            }

            long deleted = 0;
            for (int batches = 0; batches < MaxBatchesPerRun; batches++)
            {
                LogDelete batch = log.DeleteLoggedBefore(cutoff, BatchSize);
                if (!batch.Outcome.Succeeded)
                {
                    return new RetentionOutcome(null, Problem(rows, deleted, batch.Outcome));
                }

                deleted += batch.Deleted;
                if (batch.Deleted < BatchSize)
                {
                    return RetentionOutcome.Nothing;
                }
            }

            return new RetentionOutcome(
                "usp_BackupIfPreferred: " + deleted.ToString(CultureInfo.InvariantCulture) + " of " + rows + " were deleted; older rows remain, and the next runs delete them, "
                    + (MaxBatchesPerRun * BatchSize).ToString(CultureInfo.InvariantCulture) + " at most per run, so that no run is held up and no scheduled run is missed.",
                null);
        }

        /// <summary>What failed, that nothing younger was lost, and what to do; Msg 229 is a missing permission (docs: database engine error 229).</summary>
        private static string Problem(string rows, long deleted, ExecutionResult failure)
        {
            string what = Describe.Sentence(rows) + " could not all be deleted (Msg " + Count(failure.ErrorNumber ?? 0) + ": "
                + failure.ErrorMessage + "): " + deleted.ToString(CultureInfo.InvariantCulture) + " were, every younger row is kept, and the backups of this run are not affected.";
            string todo = failure.ErrorNumber == BackupRun.PermissionDenied
                ? EngineSql.GrantToTheJobOwner(EngineSql.DeleteLogProcedure) + ", or run with @LogRetentionDays = NULL to keep every row."
                : " The next run tries again.";
            return what + todo;
        }

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
