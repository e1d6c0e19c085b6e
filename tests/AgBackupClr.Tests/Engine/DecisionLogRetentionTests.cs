using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// @LogRetentionDays: the rows logged longer ago than the retention go, in batches, only where the run logs and runs,
    /// and nothing younger is ever deleted, whatever the table holds and wherever a batch fails.
    /// </summary>
    public class DecisionLogRetentionTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 26, 1, 30, 5, 750, DateTimeKind.Utc);

        private static readonly BackupArguments Arguments = BackupArgumentParser.Parse(InMemory.Arguments("USER_DATABASES", "LOG")).Arguments!;

        [Test]
        public void The_default_keeps_90_days_and_the_cutoff_is_rounded_down_to_the_second()
        {
            Assert.That(Arguments.LogRetentionDays, Is.EqualTo(90));
            Assert.That(DecisionLogRetention.Cutoff(Now, 90), Is.EqualTo(new DateTime(2026, 8, 28, 1, 30, 5, DateTimeKind.Utc)));
            Assert.That(DecisionLogRetention.Cutoff(Now, 1), Is.EqualTo(new DateTime(2026, 11, 25, 1, 30, 5, DateTimeKind.Utc)));
        }

        [Test]
        public void The_longest_retention_still_has_a_cutoff()
        {
            Assert.That(DecisionLogRetention.Cutoff(DateTime.MaxValue, DecisionLogRetention.MaxDays).Year, Is.EqualTo(9900));
            Assert.That(DecisionLogRetention.Cutoff(Now, DecisionLogRetention.MaxDays).Year, Is.EqualTo(1926));
        }

        [Test]
        public void Old_rows_go_a_batch_at_a_time_until_a_batch_finds_fewer_and_the_run_says_nothing()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 2500).Concat(Enumerable.Repeat(Now.AddDays(-89), 7)));

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments, 0);

            Assert.That(outcome, Is.EqualTo(RetentionOutcome.Nothing), "deleting what is due happens on every run: no noise");
            Assert.That(table.Batches, Is.EqualTo(new[] { 1000, 1000, 500 }));
            Assert.That(table.Cutoffs.Distinct(), Is.EqualTo(new[] { new DateTime(2026, 8, 28, 1, 30, 5, DateTimeKind.Utc) }));
            Assert.That(table.Rows, Has.Count.EqualTo(7));
        }

        [Test]
        public void A_run_deletes_at_most_its_share_of_batches_and_says_that_older_rows_remain()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), (DecisionLogRetention.MaxBatchesPerRun * DecisionLogRetention.BatchSize) + 5));

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments, 0);

            Assert.That(table.Batches, Has.Count.EqualTo(100).And.All.EqualTo(1000));
            Assert.That(table.Rows, Has.Count.EqualTo(5));
            Assert.That(outcome, Is.EqualTo(new RetentionOutcome(
                "usp_BackupIfPreferred: 100000 of the rows of dbo.BackupDecisionLog logged before 2026-08-28 01:30:05 UTC (@LogRetentionDays = 90) were deleted; "
                    + "older rows remain, and the next runs delete them, 100000 at most per run, so that no run is held up and no scheduled run is missed.",
                null)).UsingPropertiesComparer());
        }

        [Test]
        public void A_table_with_exactly_a_batch_of_old_rows_is_asked_once_more_to_be_sure()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 1000));

            DecisionLogRetention.Apply(table, Now, Arguments, 0);

            Assert.That(table.Batches, Is.EqualTo(new[] { 1000, 0 }));
        }

        [Test]
        public void A_row_logged_exactly_at_the_cutoff_is_kept()
        {
            DateTime cutoff = DecisionLogRetention.Cutoff(Now, 90);
            var table = new LogTable(new[] { cutoff.AddMilliseconds(-1), cutoff, cutoff.AddMilliseconds(1) });

            DecisionLogRetention.Apply(table, Now, Arguments, 0);

            Assert.That(table.Rows, Is.EqualTo(new[] { cutoff, cutoff.AddMilliseconds(1) }));
        }

        [Test]
        public void A_dry_run_deletes_nothing_and_says_what_it_would_delete()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 3));

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments.With(execute: false), 0);

            Assert.That(table.Batches, Is.Empty);
            Assert.That(outcome, Is.EqualTo(new RetentionOutcome(
                "usp_BackupIfPreferred: dry run (@Execute = 'N'): the rows of dbo.BackupDecisionLog logged before 2026-08-28 01:30:05 UTC (@LogRetentionDays = 90)"
                    + " would be deleted, 1000 at a time; none was.",
                null)).UsingPropertiesComparer());
        }

        [Test]
        public void Inside_a_user_transaction_nothing_is_deleted_and_the_run_says_why_without_failing()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 3));

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments, 2);

            Assert.That(table.Batches, Is.Empty);
            Assert.That(outcome, Is.EqualTo(new RetentionOutcome(
                "usp_BackupIfPreferred: the rows of dbo.BackupDecisionLog logged before 2026-08-28 01:30:05 UTC (@LogRetentionDays = 90) were kept: inside a user transaction"
                    + " (@@TRANCOUNT = 2) their delete would hold its locks until the transaction ends. The next run outside a transaction deletes them.",
                null)).UsingPropertiesComparer());
        }

        [Test]
        public void A_run_that_does_not_log_leaves_the_table_alone()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 3));

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments.With(logToTable: false), 0);

            Assert.That((outcome, table.Batches.Count, table.Rows.Count), Is.EqualTo((RetentionOutcome.Nothing, 0, 3)));
        }

        [Test]
        public void A_null_retention_keeps_every_row()
        {
            var table = new LogTable(Enumerable.Repeat(DateTime.MinValue, 3));

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments.With(logRetentionDays: null), 0);

            Assert.That((outcome, table.Batches.Count, table.Rows.Count), Is.EqualTo((RetentionOutcome.Nothing, 0, 3)));
        }

        [Test]
        public void A_job_owner_without_execute_on_the_delete_procedure_is_told_what_to_grant()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 3)) { FailAtBatch = 1, FailWith = 229 };

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments, 0);

            Assert.That(outcome, Is.EqualTo(new RetentionOutcome(
                null,
                "The rows of dbo.BackupDecisionLog logged before 2026-08-28 01:30:05 UTC (@LogRetentionDays = 90) could not all be deleted (Msg 229: The EXECUTE permission was denied"
                    + " on the object 'usp_DeleteBackupDecisionLog', database 'DBA', schema 'dbo'.): 0 were, every younger row is kept, and the backups of this run are not affected."
                    + " GRANT EXECUTE ON dbo.usp_DeleteBackupDecisionLog TO the login that runs the job (sql/permissions/grant-job-owner.sql grants all it needs),"
                    + " or run with @LogRetentionDays = NULL to keep every row.")).UsingPropertiesComparer());
        }

        [Test]
        public void A_batch_that_fails_later_stops_the_delete_and_says_how_many_went_before()
        {
            var table = new LogTable(Enumerable.Repeat(Now.AddDays(-100), 2500)) { FailAtBatch = 3, FailWith = 1205 };

            RetentionOutcome outcome = DecisionLogRetention.Apply(table, Now, Arguments, 0);

            Assert.That(table.Rows, Has.Count.EqualTo(500));
            Assert.That(outcome.Problem, Does.Contain("could not all be deleted (Msg 1205: ").And.EndWith(
                "): 2000 were, every younger row is kept, and the backups of this run are not affected. The next run tries again."));
        }

        [Test]
        public void Over_generated_tables_exactly_the_rows_older_than_the_retention_go_and_every_younger_row_stays()
        {
            Gen<(int Days, DateTime[] LoggedAt, int FailAtBatch)> tables =
                from days in Gen.Int[1, 400]
                from ages in Gen.Int[0, 600 * 24 * 60].Array[0, 3500]
                from failAt in Gen.Int[0, 5]
                select (days, ages.Select(minutes => Now.AddMinutes(-minutes).AddMilliseconds(minutes % 1000)).ToArray(), failAt);

            Property.ForAll(tables, 500, table =>
            {
                DateTime cutoff = DecisionLogRetention.Cutoff(Now, table.Days);
                var log = new LogTable(table.LoggedAt) { FailAtBatch = table.FailAtBatch, FailWith = 1205 };
                int old = table.LoggedAt.Count(at => at < cutoff);

                RetentionOutcome outcome = DecisionLogRetention.Apply(log, Now, Arguments.With(logRetentionDays: table.Days), 0);

                Assert.That(cutoff, Is.LessThanOrEqualTo(Now.AddDays(-table.Days)), "never a row younger than the retention");
                Assert.That(log.Rows.Where(at => at >= cutoff), Is.EquivalentTo(table.LoggedAt.Where(at => at >= cutoff)), "every younger row stays");
                Assert.That(log.Batches, Is.All.LessThanOrEqualTo(DecisionLogRetention.BatchSize));
                int batchesNeeded = (old / DecisionLogRetention.BatchSize) + 1;
                if (table.FailAtBatch == 0 || table.FailAtBatch > batchesNeeded)
                {
                    Assert.That(log.Rows.Where(at => at < cutoff), Is.Empty, "every older row goes");
                    Assert.That(log.Batches, Has.Count.EqualTo(batchesNeeded));
                    Assert.That(outcome, Is.EqualTo(RetentionOutcome.Nothing));
                }
                else
                {
                    Assert.That(log.Batches, Has.Count.EqualTo(table.FailAtBatch - 1), "nothing is asked after a failed batch");
                    Assert.That(outcome.Problem, Does.Contain(" " + ((table.FailAtBatch - 1) * DecisionLogRetention.BatchSize) + " were, "));
                }
            });
        }

        /// <summary>dbo.BackupDecisionLog's logged_at values, deleted as usp_DeleteBackupDecisionLog deletes them; the batch numbered FailAtBatch (from 1) fails.</summary>
        private sealed class LogTable : IDecisionLog
        {
            public LogTable(IEnumerable<DateTime> loggedAt)
            {
                Rows = loggedAt.ToList();
            }

            public List<DateTime> Rows { get; }

            /// <summary>How many rows each successful batch deleted.</summary>
            public List<int> Batches { get; } = new List<int>();

            public List<DateTime> Cutoffs { get; } = new List<DateTime>();

            public int FailAtBatch { get; init; }

            public int FailWith { get; init; }

            public LogWrite Write(BackupResultRow row, long? id) => throw new AssertionException("the retention writes no row");

            public LogDelete DeleteLoggedBefore(DateTime loggedBefore, int batchSize)
            {
                Cutoffs.Add(loggedBefore);
                if (Cutoffs.Count == FailAtBatch)
                {
                    string message = FailWith == 229
                        ? "The EXECUTE permission was denied on the object 'usp_DeleteBackupDecisionLog', database 'DBA', schema 'dbo'."
                        : "Transaction was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.";
                    return new LogDelete(0, new ExecutionResult(FailWith, message));
                }

                int deleted = 0;
                Rows.RemoveAll(at =>
                {
                    bool goes = at < loggedBefore && deleted < batchSize;
                    deleted += goes ? 1 : 0;
                    return goes;
                });
                Batches.Add(deleted);
                return new LogDelete(deleted, ExecutionResult.Success);
            }
        }
    }
}
