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
    /// The chain guard over generated histories of an availability database: FULLs on whichever replica is primary (some
    /// copy-only, some failed, some still running), LOGs on a secondary, failovers, replicas whose clocks differ, and a cleaning
    /// replica whose runs stop for a while. After deleting what the cutoff allows, an independent chain checker (LSNs only)
    /// must still restore every point of the window and the newest point, and whatever the newest safe base allows must be gone.
    /// </summary>
    public class RetentionGuardTests
    {
        private const int Histories = 10_000;

        /// <summary>The largest clock difference from real time a replica has in the histories, in minutes.</summary>
        private const int MaxSkewMinutes = 45;

        private static readonly DateTime Epoch = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        [Test]
        public void Every_point_of_the_window_and_the_newest_point_stay_restorable_and_what_the_guard_allows_is_deleted()
        {
            int cleaned = 0;
            int keptWhole = 0;
            Property.ForAll(HistoryGen, Histories, history =>
            {
                RetentionCutoff cutoff = RetentionGuard.Compute(history.LocalNow, history.CleanupTimeHours, history.Observed);
                List<BackupFile> kept = history.Files.Where(f => cutoff.DeleteBefore == null || f.HeaderDate >= cutoff.DeleteBefore).ToList();

                Assert.That(cutoff.DeleteBefore, Is.Null.Or.LessThanOrEqualTo(history.LocalNow.AddHours(-history.CleanupTimeHours)), "never later than now less @CleanupTime");
                var before = new Chain(history.Files);
                var after = new Chain(kept);
                foreach (long point in history.PointsToKeep())
                {
                    if (before.Restorable(point))
                    {
                        Assert.That(after.Restorable(point), Is.True, "point " + point + " of " + history);
                    }
                }

                BackupFile? safeBase = history.NewestBaseSeenBeforeTheWindow();
                Assert.That(cutoff.DeleteBefore.HasValue, Is.EqualTo(safeBase != null), "a cutoff exactly when a base was seen complete by the window's start: " + history);
                if (safeBase != null)
                {
                    DateTime windowStart = history.LocalNow.AddHours(-history.CleanupTimeHours);
                    DateTime marginBefore = safeBase.HeaderDate.AddHours(-RetentionGuard.MarginHours);
                    DateTime surelyOld = marginBefore < windowStart ? marginBefore : windowStart;
                    Assert.That(kept.Where(f => f.HeaderDate < surelyOld), Is.Empty, "everything older than the newest safe base less the margin is deleted: " + history);
                }

                if (kept.Count < history.Files.Count)
                {
                    cleaned++;
                }
                else
                {
                    keptWhole++;
                }
            });

            // A guard that never deletes would pass the chain assertions: most histories must lose files.
            Assert.That(cleaned, Is.GreaterThan(Histories / 2), cleaned + " histories cleaned, " + keptWhole + " kept whole");
        }

        [Test]
        public void With_no_base_observed_nothing_is_deleted_and_no_start_is_known()
        {
            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, Array.Empty<ObservedBase>());

            Assert.That((cutoff.DeleteBefore, cutoff.Base, cutoff.EarliestStart, cutoff.WindowStart), Is.EqualTo(((DateTime?)null, (ObservedBase?)null, (DateTime?)null, Epoch.AddHours(-24))));
        }

        [Test]
        public void A_base_seen_after_the_window_start_deletes_nothing_yet_and_says_when_it_will()
        {
            var seen = new ObservedBase(1000m, Epoch.AddHours(-30), Epoch.AddHours(-20));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, new[] { seen });

            Assert.That((cutoff.DeleteBefore, cutoff.EarliestStart), Is.EqualTo(((DateTime?)null, (DateTime?)Epoch.AddHours(4))));
        }

        [Test]
        public void The_newest_base_seen_by_the_window_start_decides_less_the_margin()
        {
            var older = new ObservedBase(1000m, Epoch.AddDays(-14), Epoch.AddDays(-14).AddHours(3));
            var kept = new ObservedBase(2000m, Epoch.AddDays(-7), Epoch.AddDays(-7).AddHours(3));
            var tooNew = new ObservedBase(3000m, Epoch.AddHours(-5), Epoch.AddHours(-1));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 48, new[] { older, kept, tooNew });

            Assert.That((cutoff.DeleteBefore, cutoff.Base), Is.EqualTo(((DateTime?)Epoch.AddDays(-7).AddHours(-2), (ObservedBase?)kept)));
        }

        [Test]
        public void A_base_seen_after_a_newer_one_is_the_base_now_as_after_a_restore_of_an_older_full()
        {
            var newer = new ObservedBase(5000m, Epoch.AddDays(-3), Epoch.AddDays(-3));
            var restored = new ObservedBase(1000m, Epoch.AddDays(-10), Epoch.AddDays(-2));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, new[] { newer, restored });

            Assert.That(cutoff.Base, Is.EqualTo(restored));
        }

        [Test]
        public void With_a_cleanup_time_of_zero_the_base_seen_now_decides()
        {
            var now = new ObservedBase(1000m, Epoch.AddHours(-1), Epoch);

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 0, new[] { now });

            Assert.That(cutoff.DeleteBefore, Is.EqualTo(Epoch.AddHours(-3)));
        }

        private static readonly Gen<History> HistoryGen =
            Gen.Select(
                Gen.Select(Gen.OneOfConst(0, 1, 6, 24, 48, 72, 168), Gen.Int[2, 15], Gen.OneOfConst(6, 24, 168, 400)),
                Gen.Select(Gen.OneOfConst(5, 15, 60), Gen.OneOfConst(15, 60, 240, 1440), Gen.Int[0, 3]),
                Gen.Int[-MaxSkewMinutes, MaxSkewMinutes].Array[3],
                Gen.UInt,
                (schedule, cadence, skews, seed) => History.Generate(schedule.Item1, schedule.Item2, schedule.Item3, cadence.Item1, cadence.Item2, cadence.Item3, skews, seed));

        /// <summary>A backup file: LSNs are real minutes since the epoch; HeaderDate is the writer's local clock when it began.</summary>
        private sealed record BackupFile(bool IsFull, bool IsCopyOnly, long FirstLsn, long LastLsn, DateTime HeaderDate, long BaseLsn);

        /// <summary>Restore sequences built from LSNs alone, knowing nothing of the guard.</summary>
        private sealed class Chain
        {
            private readonly List<BackupFile> fulls;
            private readonly List<BackupFile> logs;

            /// <summary>reachFrom[i]: the LSN a restore reaches applying logs[i] and each next LOG that starts where the one before ended or earlier.</summary>
            private readonly long[] reachFrom;

            public Chain(IEnumerable<BackupFile> files)
            {
                fulls = files.Where(f => f.IsFull).ToList();
                logs = files.Where(f => !f.IsFull).OrderBy(f => f.FirstLsn).ToList();
                reachFrom = new long[logs.Count];
                for (int i = logs.Count - 1; i >= 0; i--)
                {
                    bool continues = i + 1 < logs.Count && logs[i + 1].FirstLsn <= logs[i].LastLsn && logs[i + 1].LastLsn > logs[i].LastLsn;
                    reachFrom[i] = continues ? reachFrom[i + 1] : logs[i].LastLsn;
                }
            }

            /// <summary>A FULL (copy-only too) that ends at or before the point, then LOGs from the one holding the FULL's end, up to the point.</summary>
            public bool Restorable(long point)
            {
                foreach (BackupFile full in fulls)
                {
                    if (full.LastLsn > point)
                    {
                        continue;
                    }

                    if (full.LastLsn == point)
                    {
                        return true;
                    }

                    int first = logs.FindIndex(l => l.FirstLsn <= full.LastLsn && l.LastLsn > full.LastLsn);
                    if (first >= 0 && reachFrom[first] >= point)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private sealed class History
        {
            private readonly List<long> runs = new List<long>();
            private readonly List<(BackupFile File, long FinishedAt)> bases = new List<(BackupFile, long)>();
            private string description = string.Empty;

            public int CleanupTimeHours { get; private set; }

            public long NowMinute { get; private set; }

            public DateTime LocalNow { get; private set; }

            public List<BackupFile> Files { get; } = new List<BackupFile>();

            public List<ObservedBase> Observed { get; } = new List<ObservedBase>();

            public static History Generate(int cleanupTimeHours, int days, int fullEveryHours, int logEveryMinutes, int runEveryMinutes, int failovers, int[] skews, uint seed)
            {
                var random = new Random((int)seed);
                var history = new History { CleanupTimeHours = cleanupTimeHours, NowMinute = days * 1440L };
                int cleaner = random.Next(3);
                DateTime Local(int replica, long minute) => Epoch.AddMinutes(minute + skews[replica]);

                // Failovers move the primary (FULLs) and the secondary that takes LOGs.
                var failoverAt = Enumerable.Range(0, failovers).Select(_ => (long)random.Next(1, (int)history.NowMinute)).OrderBy(m => m).ToList();
                int Primary(long minute) => failoverAt.Count(f => f <= minute) % 3;

                // FULLs: some copy-only (no base), some failed (no file, no base), some still running now.
                long firstFull = random.Next(0, 600);
                long finish = -1;
                for (long scheduled = firstFull; scheduled < history.NowMinute; scheduled += (fullEveryHours * 60L) + random.Next(-30, 30))
                {
                    // SQL Server runs one FULL of a database at a time: a late one starts when the one before ends.
                    long start = Math.Max(scheduled, finish + 1);
                    int writer = Primary(start);
                    long duration = random.Next(1, 600);
                    finish = start + duration;
                    bool copyOnly = random.Next(10) == 0;
                    if (random.Next(20) == 0 || finish > history.NowMinute)
                    {
                        continue;
                    }

                    long checkpoint = start + random.Next(0, Math.Min(10, (int)duration) + 1);
                    var file = new BackupFile(true, copyOnly, checkpoint, finish, Local(writer, start), checkpoint);
                    history.Files.Add(file);
                    if (!copyOnly)
                    {
                        history.bases.Add((file with { HeaderDate = Local(writer, checkpoint) }, finish));
                    }
                }

                // LOGs on a secondary from the first FULL on: one chain, whichever replica takes them.
                long previous = firstFull;
                for (long start = firstFull + logEveryMinutes; start <= history.NowMinute; start += logEveryMinutes)
                {
                    int writer = (Primary(start) + 1) % 3;
                    history.Files.Add(new BackupFile(false, false, previous, start, Local(writer, start), 0));
                    previous = start;
                }

                // The cleaning replica's runs, with an outage of up to three days, and the run now.
                long outageStart = random.Next(0, (int)history.NowMinute);
                long outageEnd = outageStart + random.Next(0, 3 * 1440);
                for (long run = random.Next(0, runEveryMinutes); run < history.NowMinute; run += runEveryMinutes)
                {
                    if (run < outageStart || run > outageEnd)
                    {
                        history.runs.Add(run);
                    }
                }

                history.runs.Add(history.NowMinute);
                foreach (long run in history.runs)
                {
                    // The base shows once its FULL completes; the newest completed one is the current base.
                    BackupFile? current = history.bases.Where(b => b.FinishedAt <= run).Select(b => b.File).LastOrDefault();
                    if (current != null && history.Observed.All(o => o.Lsn != current.BaseLsn))
                    {
                        history.Observed.Add(new ObservedBase(current.BaseLsn, current.HeaderDate, Local(cleaner, run)));
                    }
                }

                history.LocalNow = Local(cleaner, history.NowMinute);
                history.description = "history: @CleanupTime " + cleanupTimeHours + " h, " + days + " days, FULL every " + fullEveryHours + " h, LOG every " + logEveryMinutes
                    + " min, runs every " + runEveryMinutes + " min (outage " + outageStart + "-" + outageEnd + "), failovers at " + string.Join(",", failoverAt)
                    + ", skews " + string.Join(",", skews) + ", cleaner " + cleaner + ", seed " + seed;
                return history;
            }

            /// <summary>The window's start, ten points through it to the newest point, and each FULL's end in it and the minute after.</summary>
            public IEnumerable<long> PointsToKeep()
            {
                long windowStart = NowMinute - (CleanupTimeHours * 60L);
                long newest = Files.Count == 0 ? windowStart : Files.Max(f => f.LastLsn);
                for (int i = 0; i <= 10; i++)
                {
                    yield return windowStart + ((newest - windowStart) * i / 10);
                }

                foreach (BackupFile file in Files.Where(f => f.IsFull && f.LastLsn >= windowStart))
                {
                    yield return file.LastLsn;
                    yield return file.LastLsn + 1;
                }
            }

            /// <summary>
            /// From the schedule, not from the observations: the newest base whose FULL had finished by a run of the cleaner at
            /// or before the window's start. Its file's date less the margin is the oldest a kept file may be.
            /// </summary>
            public BackupFile? NewestBaseSeenBeforeTheWindow()
            {
                long windowStart = NowMinute - (CleanupTimeHours * 60L);
                List<long> runsBefore = runs.Where(r => r <= windowStart).ToList();
                return bases.Where(b => runsBefore.Any(r => r >= b.FinishedAt)).Select(b => b.File).LastOrDefault();
            }

            public override string ToString() => description;
        }
    }
}
