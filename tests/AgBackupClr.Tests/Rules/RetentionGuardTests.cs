using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// The chain guard over generated histories of one database: FULLs into the job's folder (regular or COPY_ONLY), and
    /// regular FULLs another tool took elsewhere, to NUL or as a VSS snapshot, which move the differential base but leave no file
    /// here; DIFFs on the base of the moment; LOGs; each file dated by the clock of the replica that wrote it (up to 45 minutes
    /// off); the FULL, DIFF and LOG jobs each with its own @CleanupTime, cleaning every few hours in any order, as
    /// xp_delete_file does: by the date in the file. An independent checker then restores from the files that remain, by LSNs
    /// alone: a FULL, optionally a DIFF whose base is that FULL, then LOGs with no gap. Every point from now less the shortest
    /// @CleanupTime of the jobs that clean to the newest LOG must stay restorable.
    /// </summary>
    public class RetentionGuardTests
    {
        private const int Histories = 2_000;

        private const int MaxSkewMinutes = 45;

        private static readonly DateTime Epoch = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        [Test]
        public void Every_point_of_the_shortest_window_stays_restorable_from_the_files_left_and_old_files_do_go()
        {
            int cleaned = 0;
            Property.ForAll(Gen.Int, Histories, seed =>
            {
                var history = new History(seed);
                var before = new Restorer(history.Files);
                history.CleanUp();
                var after = new Restorer(history.Files);

                foreach (long point in history.PointsToKeep())
                {
                    if (before.Restorable(point))
                    {
                        Assert.That(after.Restorable(point), Is.True, "point " + point + " of " + history);
                    }
                }

                cleaned += history.Deleted > 0 ? 1 : 0;
            });

            // Not vacuous: the generator makes windows shorter than the history, so most histories lose files.
            Assert.That(cleaned, Is.GreaterThan(Histories / 2), cleaned + " histories cleaned");
        }

        [Test]
        public void With_no_full_in_the_folders_nothing_may_go_and_no_start_is_known()
        {
            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, BackupType.Log, Array.Empty<FullBackupOnDisk>());

            Assert.That((cutoff.Verdict, cutoff.DeleteBefore, cutoff.Anchor, cutoff.EarliestStart, cutoff.WindowStart),
                Is.EqualTo((RetentionVerdict.NoFull, (DateTime?)null, (FullBackupOnDisk?)null, (DateTime?)null, Epoch.AddHours(-24))));
        }

        [Test]
        public void The_newest_full_that_finished_two_hours_before_the_window_is_kept_from_its_start_less_two_hours()
        {
            FullBackupOnDisk old = Full(Epoch.AddDays(-9), hours: 1);
            FullBackupOnDisk anchor = Full(Epoch.AddHours(-27), hours: 1);
            FullBackupOnDisk tooNew = Full(Epoch.AddHours(-26).AddMinutes(1), hours: 1);

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, BackupType.Log, new[] { tooNew, anchor, old });

            Assert.That((cutoff.Verdict, cutoff.Anchor, cutoff.DeleteBefore), Is.EqualTo((RetentionVerdict.Anchored, anchor, (DateTime?)Epoch.AddHours(-29))));
        }

        [Test]
        public void A_full_that_finished_less_than_two_hours_before_the_window_waits_and_says_when()
        {
            FullBackupOnDisk recent = Full(Epoch.AddHours(-25).AddMinutes(-30), hours: 1);

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, BackupType.Full, new[] { recent });

            Assert.That((cutoff.Verdict, cutoff.DeleteBefore, cutoff.EarliestStart), Is.EqualTo((RetentionVerdict.NotYet, (DateTime?)null, (DateTime?)Epoch.AddHours(1).AddMinutes(30))));
        }

        [Test]
        public void A_copy_only_full_anchors_full_and_log_folders_and_a_diff_folder_only_a_regular_full()
        {
            FullBackupOnDisk regular = Full(Epoch.AddDays(-8), hours: 1);
            FullBackupOnDisk copyOnly = Full(Epoch.AddDays(-2), hours: 1, copyOnly: true);
            FullBackupOnDisk[] fulls = { regular, copyOnly };

            Assert.That(RetentionGuard.Compute(Epoch, 24, BackupType.Log, fulls).Anchor, Is.SameAs(copyOnly));
            Assert.That(RetentionGuard.Compute(Epoch, 24, BackupType.Full, fulls).Anchor, Is.SameAs(copyOnly));
            Assert.That(RetentionGuard.Compute(Epoch, 24, BackupType.Diff, fulls).Anchor, Is.SameAs(regular));
            Assert.That(RetentionGuard.Compute(Epoch, 24, BackupType.Diff, new[] { copyOnly }).Verdict, Is.EqualTo(RetentionVerdict.NoFull));
        }

        [Test]
        public void Two_fulls_that_finished_at_once_are_ordered_by_checkpoint()
        {
            FullBackupOnDisk lower = Full(Epoch.AddDays(-3), hours: 1, lsn: 1000m);
            FullBackupOnDisk higher = Full(Epoch.AddDays(-3), hours: 1, lsn: 2000m);

            Assert.That(RetentionGuard.Compute(Epoch, 24, BackupType.Log, new[] { higher, lower }).Anchor, Is.SameAs(higher));
            Assert.That(RetentionGuard.Compute(Epoch, 24, BackupType.Log, new[] { lower, higher }).Anchor, Is.SameAs(higher));
        }

        [Test]
        public void The_cleaned_reason_names_the_anchor_its_proof_and_the_margin()
        {
            var anchor = new FullBackupOnDisk(new[] { @"X:\F\a_1.bak", @"X:\F\a_2.bak" }, 52000000000456m, false, Epoch.AddDays(-2), Epoch.AddDays(-2).AddHours(1), FullBackupProof.Header);

            string reason = RetentionReasons.Cleaned("trn", 24, RetentionGuard.Compute(Epoch, 24, BackupType.Log, new[] { anchor }));

            Assert.That(reason, Is.EqualTo(
                "Deletes the .trn backups in this folder dated before 2025-12-29 22:00:00 (this replica's local time). @CleanupTime = 24 keeps every point since 2025-12-31 00:00:00; "
                + @"the chain guard keeps from the newest FULL in the folders that finished 2 hours before then, the FULL X:\F\a_1.bak and 1 more stripes "
                + "(checkpoint_lsn 52000000000456, started 2025-12-30 00:00:00, finished 2025-12-30 01:00:00, read from its header), "
                + "and every backup dated after its start less 2 hours for clocks that differ between replicas."));
        }

        private static FullBackupOnDisk Full(DateTime start, int hours, bool copyOnly = false, decimal lsn = 1000m) =>
            new FullBackupOnDisk(new[] { @"X:\F\full.bak" }, lsn, copyOnly, start, start.AddHours(hours), FullBackupProof.Msdb);

        /// <summary>
        /// A backup: LSNs and Start and Finish are real minutes since the epoch; Date is the writer's clock somewhere between its
        /// start and finish (which date xp_delete_file compares is undocumented); HeaderStart and HeaderFinish are the writer's clock.
        /// </summary>
        private sealed record BackupFile(
            BackupType Type, bool IsCopyOnly, long FirstLsn, long LastLsn, long CheckpointLsn, long BaseLsn, long Start, long Finish, DateTime Date, DateTime HeaderStart, DateTime HeaderFinish);

        /// <summary>
        /// Restore sequences from LSNs alone, knowing nothing of the guard
        /// (docs/relational-databases/backup-restore/apply-transaction-log-backups-sql-server.md): a FULL, or a DIFF whose base is a
        /// FULL that is there (regular FULLs only), restores the LSN it ends at, then every LSN the LOGs reach from there, each LOG
        /// holding the LSN reached so far. The points it restores are those intervals.
        /// </summary>
        private sealed class Restorer
        {
            private readonly List<(long From, long To)> intervals = new List<(long From, long To)>();

            public Restorer(IEnumerable<BackupFile> files)
            {
                List<BackupFile> all = files.ToList();
                List<BackupFile> logs = all.Where(f => f.Type == BackupType.Log).OrderBy(f => f.FirstLsn).ToList();
                long[] firsts = logs.Select(l => l.FirstLsn).ToArray();

                // reach[i]: the LSN a restore reaches applying logs[i] and each next LOG that starts where the one before ended.
                var reach = new long[logs.Count];
                for (int i = logs.Count - 1; i >= 0; i--)
                {
                    reach[i] = i + 1 < logs.Count && logs[i + 1].FirstLsn == logs[i].LastLsn ? reach[i + 1] : logs[i].LastLsn;
                }

                var fullCheckpoints = new HashSet<long>(all.Where(f => f.Type == BackupType.Full && !f.IsCopyOnly).Select(f => f.CheckpointLsn));
                foreach (BackupFile start in all.Where(f => f.Type == BackupType.Full || (f.Type == BackupType.Diff && fullCheckpoints.Contains(f.BaseLsn))))
                {
                    // The LOG holding the LSN the backup ends at: the last one that starts at or before it.
                    int index = Array.BinarySearch(firsts, start.LastLsn);
                    index = index >= 0 ? index : ~index - 1;
                    long to = index >= 0 && logs[index].LastLsn > start.LastLsn ? reach[index] : start.LastLsn;
                    intervals.Add((start.LastLsn, to));
                }
            }

            public bool Restorable(long point) => intervals.Any(i => i.From <= point && point <= i.To);
        }

        /// <summary>
        /// Thirty days of one database, then the jobs' cleanups every three hours over the last week. Each backup type is written by
        /// a replica of its own clock, and the cleaning replica has another. Only files in the job's folders are files here; the
        /// FULLs of other tools only move the differential base.
        /// </summary>
        private sealed class History
        {
            private readonly Random random;
            private readonly int?[] cleanupHours = new int?[3];
            private readonly int[] writerSkews;
            private readonly int cleanerSkew;
            private readonly long now = 30 * 24 * 60;
            private long lastRun;
            private readonly List<string> steps = new List<string>();

            public History(int seed)
            {
                random = new Random(seed);
                writerSkews = Enumerable.Range(0, 3).Select(_ => random.Next(-MaxSkewMinutes, MaxSkewMinutes + 1)).ToArray();
                cleanerSkew = random.Next(-MaxSkewMinutes, MaxSkewMinutes + 1);
                int[] choices = { 0, 6, 12, 24, 48, 72, 168, 400 };
                for (int job = 0; job < 3; job++)
                {
                    cleanupHours[job] = random.Next(4) == 0 ? null : choices[random.Next(choices.Length)];
                }

                int fullEvery = new[] { 12, 24, 72, 168 }[random.Next(4)] * 60;
                int diffEvery = random.Next(3) == 0 ? 0 : new[] { 4, 12, 24 }[random.Next(3)] * 60;
                int logEvery = new[] { 15, 60 }[random.Next(2)];
                long baseLsn = 0;
                long logFrom = 0;
                long fullRunsUntil = 0;
                for (long minute = 1; minute < now; minute++)
                {
                    if (minute % fullEvery == 7)
                    {
                        // 4 in 10 regular FULLs here, 2 by another tool (elsewhere, NUL or a snapshot), 4 COPY_ONLY FULLs here.
                        int kind = random.Next(10);
                        bool copyOnly = kind >= 6;
                        bool elsewhere = kind == 4 || kind == 5;
                        long finish = minute + 10 + random.Next(180);
                        baseLsn = copyOnly ? baseLsn : minute + 1;
                        fullRunsUntil = finish;
                        if (!elsewhere && finish < now)
                        {
                            Files.Add(Backup(BackupType.Full, copyOnly, minute, finish, minute + 1, 0));
                        }

                        steps.Add((elsewhere ? "FULL elsewhere " : copyOnly ? "COPY_ONLY FULL " : "FULL ") + minute + "-" + finish);
                    }

                    if (diffEvery > 0 && minute % diffEvery == 3 && baseLsn > 0 && minute > fullRunsUntil)
                    {
                        Files.Add(Backup(BackupType.Diff, false, minute, minute + 5, minute + 1, baseLsn));
                    }

                    if (minute % logEvery == 0 && baseLsn > 0)
                    {
                        Files.Add(Backup(BackupType.Log, false, logFrom == 0 ? minute - 1 : logFrom, minute, 0, 0));
                        logFrom = minute;
                    }
                }
            }

            public List<BackupFile> Files { get; } = new List<BackupFile>();

            public int Deleted { get; private set; }

            /// <summary>Every cleaning job runs every 11 hours over the last ten days, in an order drawn each time.</summary>
            public void CleanUp()
            {
                for (long run = now - 10 * 24 * 60 + random.Next(660); run <= now; run += 660)
                {
                    lastRun = run;
                    foreach (int job in Enumerable.Range(0, 3).OrderBy(_ => random.Next()))
                    {
                        if (cleanupHours[job] is int hours)
                        {
                            CleanOnce((BackupType)job, hours, run);
                        }
                    }
                }
            }

            /// <summary>Every seventh minute from the last cleanup less the shortest window of the jobs that clean, to the newest LOG.</summary>
            public IEnumerable<long> PointsToKeep()
            {
                int shortest = cleanupHours.Where(h => h.HasValue).Select(h => h!.Value).DefaultIfEmpty(0).Min();
                long newest = Files.Where(f => f.Type == BackupType.Log).Select(f => f.LastLsn).DefaultIfEmpty(0).Max();
                for (long point = lastRun - shortest * 60L; point <= newest; point += 7)
                {
                    yield return point;
                }
            }

            public override string ToString() =>
                "cleanup FULL/DIFF/LOG " + string.Join("/", cleanupHours.Select(h => h?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"))
                + ", writer skews " + string.Join("/", writerSkews) + ", cleaner skew " + cleanerSkew + ": " + string.Join(", ", steps.TakeLast(12));

            /// <summary>One run of one job: the FULLs the finder proves are those finished in the folder, dated as their headers are.</summary>
            private void CleanOnce(BackupType type, int hours, long run)
            {
                FullBackupOnDisk[] fulls = Files.Where(f => f.Type == BackupType.Full && f.Finish <= run)
                    .Select(f => new FullBackupOnDisk(new[] { "full.bak" }, f.CheckpointLsn, f.IsCopyOnly, f.HeaderStart, f.HeaderFinish, FullBackupProof.Header))
                    .ToArray();
                RetentionCutoff cutoff = RetentionGuard.Compute(Epoch.AddMinutes(run + cleanerSkew), hours, type, fulls);
                if (cutoff.DeleteBefore is DateTime deleteBefore)
                {
                    Deleted += Files.RemoveAll(f => f.Type == type && f.Finish <= run && f.Date < deleteBefore);
                }
            }

            private BackupFile Backup(BackupType type, bool copyOnly, long start, long finish, long checkpoint, long baseLsn)
            {
                int skew = writerSkews[(int)type];
                DateTime date = Epoch.AddMinutes(start + skew + random.Next((int)(finish - start) + 1));
                return new BackupFile(type, copyOnly, start, finish, checkpoint, baseLsn, start, finish, date, Epoch.AddMinutes(start + skew), Epoch.AddMinutes(finish + skew));
            }
        }
    }
}
