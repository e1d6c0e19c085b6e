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
                RetentionCutoff cutoff = RetentionGuard.Compute(history.LocalNow, history.CleanupTimeHours, history.Observed, history.UtcOffsetMinutes);
                List<BackupFile> kept = history.Files.Where(f => cutoff.DeleteBefore == null || f.HeaderDate >= cutoff.DeleteBefore).ToList();
                DateTime windowStart = history.LocalNow.AddHours(-history.CleanupTimeHours);

                Assert.That(cutoff.DeleteBefore, Is.Null.Or.LessThanOrEqualTo(windowStart), "never later than now less @CleanupTime");
                var before = new Chain(history.Files);
                var after = new Chain(kept);
                foreach (long point in history.PointsToKeep())
                {
                    if (before.Restorable(point))
                    {
                        Assert.That(after.Restorable(point), Is.True, "point " + point + " of " + history);
                    }
                }

                // From the observations, not from the guard: the base before the newest seen by the window's start, and each seen since.
                List<ObservedBase> seenByTheWindow = history.Observed.Where(o => o.FirstSeen <= windowStart).ToList();
                Assert.That(cutoff.DeleteBefore.HasValue, Is.EqualTo(seenByTheWindow.Count >= 2), "a cutoff exactly when two bases were seen by the window's start: " + history);
                if (cutoff.DeleteBefore.HasValue)
                {
                    IEnumerable<DateTime> keptBases = history.Observed.Skip(seenByTheWindow.Count - 2).Select(o => history.LocalBaseTime(o.Lsn));
                    DateTime marginBefore = keptBases.Min().AddMinutes(-Math.Abs(history.UtcOffsetMinutes)).AddHours(-RetentionGuard.MarginHours);
                    DateTime surelyOld = marginBefore < windowStart ? marginBefore : windowStart;
                    Assert.That(kept.Where(f => f.HeaderDate < surelyOld), Is.Empty, "everything older than the base kept, less the margin and the time zone's doubt, is deleted: " + history);
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

            // A backstop to the per-history check above: a third of the histories at least must lose files. The others cannot by
            // design: FULLs rarer than the window, or two bases not yet seen before it (about 40% are cleaned with this generator).
            Assert.That(cleaned, Is.GreaterThan(Histories / 3), cleaned + " histories cleaned, " + keptWhole + " kept whole");
        }

        [Test]
        public void With_no_base_observed_nothing_is_deleted_and_no_start_is_known()
        {
            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, Array.Empty<ObservedBase>(), 0);

            Assert.That((cutoff.DeleteBefore, cutoff.Base, cutoff.EarliestStart, cutoff.WindowStart), Is.EqualTo(((DateTime?)null, (ObservedBase?)null, (DateTime?)null, Epoch.AddHours(-24))));
        }

        [Test]
        public void One_base_however_old_deletes_nothing_its_full_may_still_have_been_running_when_it_showed()
        {
            var seen = new ObservedBase(1000m, Epoch.AddDays(-30), Epoch.AddDays(-30));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, new[] { seen }, 0);

            Assert.That((cutoff.DeleteBefore, cutoff.EarliestStart), Is.EqualTo(((DateTime?)null, (DateTime?)null)));
        }

        [Test]
        public void A_second_base_seen_after_the_window_start_deletes_nothing_yet_and_says_when_it_will()
        {
            var first = new ObservedBase(1000m, Epoch.AddHours(-60), Epoch.AddHours(-50));
            var second = new ObservedBase(2000m, Epoch.AddHours(-30), Epoch.AddHours(-20));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, new[] { second, first }, 0);

            Assert.That((cutoff.DeleteBefore, cutoff.EarliestStart), Is.EqualTo(((DateTime?)null, (DateTime?)Epoch.AddHours(4))));
        }

        [Test]
        public void The_base_before_the_newest_seen_by_the_window_start_decides_less_the_margin()
        {
            var older = new ObservedBase(1000m, Epoch.AddDays(-14), Epoch.AddDays(-14).AddHours(3));
            var newest = new ObservedBase(2000m, Epoch.AddDays(-7), Epoch.AddDays(-7).AddHours(3));
            var tooNew = new ObservedBase(3000m, Epoch.AddHours(-5), Epoch.AddHours(-1));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 48, new[] { newest, tooNew, older }, 0);

            Assert.That((cutoff.DeleteBefore, cutoff.Base), Is.EqualTo(((DateTime?)Epoch.AddDays(-14).AddHours(-2), (ObservedBase?)older)));
        }

        [TestCase(24)]
        [TestCase(72)]
        public void After_a_restore_back_to_an_older_full_that_full_is_kept_whatever_the_window(int cleanupTimeHours)
        {
            var first = new ObservedBase(1000m, Epoch.AddDays(-10), Epoch.AddDays(-10));
            var second = new ObservedBase(5000m, Epoch.AddDays(-3), Epoch.AddDays(-3));
            var restored = new ObservedBase(1000m, Epoch.AddDays(-10), Epoch.AddDays(-2));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, cleanupTimeHours, new[] { first, second, restored }, 0);

            Assert.That(cutoff.DeleteBefore, Is.EqualTo(Epoch.AddDays(-10).AddHours(-2)), "the restored FULL starts the chain of every point since the restore");
        }

        [Test]
        public void Bases_first_seen_at_the_same_time_are_ordered_by_lsn()
        {
            // Two bases can share a first-seen time (datetime's resolution, or two readings in one tick); the higher LSN is the
            // later FULL, so the guard keeps from the one before the newest by LSN, not by the order the rows came in.
            var lower = new ObservedBase(2000m, Epoch.AddDays(-5), Epoch.AddDays(-3));
            var higher = new ObservedBase(3000m, Epoch.AddDays(-4), Epoch.AddDays(-3));
            var newest = new ObservedBase(4000m, Epoch.AddDays(-2), Epoch.AddDays(-2));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, new[] { higher, lower, newest }, 0);

            Assert.That((cutoff.DeleteBefore, cutoff.Base), Is.EqualTo(((DateTime?)Epoch.AddDays(-4).AddHours(-2), (ObservedBase?)higher)));
        }

        [TestCase(-300, -7)]
        [TestCase(0, -2)]
        [TestCase(120, -2)]
        public void The_base_time_is_read_as_local_time_and_as_utc_and_the_earlier_reading_decides(int utcOffsetMinutes, int hoursBeforeTheBase)
        {
            var older = new ObservedBase(1000m, Epoch.AddDays(-3), Epoch.AddDays(-3).AddHours(1));
            var newer = new ObservedBase(2000m, Epoch.AddDays(-2), Epoch.AddDays(-2).AddHours(1));

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 24, new[] { older, newer }, utcOffsetMinutes);

            Assert.That(cutoff.DeleteBefore, Is.EqualTo(Epoch.AddDays(-3).AddHours(hoursBeforeTheBase)));
        }

        [Test]
        public void With_a_cleanup_time_of_zero_the_base_before_the_one_seen_now_decides()
        {
            var before = new ObservedBase(1000m, Epoch.AddHours(-25), Epoch.AddHours(-24));
            var now = new ObservedBase(2000m, Epoch.AddHours(-1), Epoch);

            RetentionCutoff cutoff = RetentionGuard.Compute(Epoch, 0, new[] { before, now }, 0);

            Assert.That(cutoff.DeleteBefore, Is.EqualTo(Epoch.AddHours(-27)));
        }

        [TestCase(30, true)]
        [TestCase(13, false)]
        public void A_base_kept_from_weeks_before_the_window_warns_that_no_regular_full_became_the_base_since(int daysBeforeTheWindow, bool warns)
        {
            var old = new ObservedBase(1000m, Epoch.AddDays(-daysBeforeTheWindow - 2), Epoch.AddDays(-daysBeforeTheWindow - 1));
            var newest = new ObservedBase(2000m, Epoch.AddDays(-daysBeforeTheWindow - 1), Epoch.AddDays(-daysBeforeTheWindow - 1).AddHours(1));

            string reason = RetentionReasons.Cleaned("trn", 24, RetentionGuard.Compute(Epoch.AddDays(1), 24, new[] { old, newest }, 0));

            Assert.That(reason.Contains("Warning: that base was first seen", StringComparison.Ordinal), Is.EqualTo(warns), reason);
            if (warns)
            {
                Assert.That(reason, Does.EndWith("no regular FULL became the base since (a COPY_ONLY FULL never does), so every backup since is kept. "
                    + "Take regular FULLs (on the primary, or on a SQL Server 2025 secondary)."));
            }
        }

        [TestCase(21, false)]
        [TestCase(22, true)]
        public void With_a_cleanup_time_of_a_week_the_stale_base_warning_waits_for_three_windows(int daysBeforeTheWindow, bool warns)
        {
            // The warning comes after three windows or two weeks, whichever is longer: a weekly FULL kept for a week of
            // cleanup time is normal up to 21 days, so a warning from day 15 would cry wolf.
            var old = new ObservedBase(1000m, Epoch.AddDays(-daysBeforeTheWindow).AddHours(-1), Epoch.AddDays(-daysBeforeTheWindow));
            var newest = new ObservedBase(2000m, Epoch.AddDays(-daysBeforeTheWindow), Epoch.AddDays(-daysBeforeTheWindow).AddHours(1));

            string reason = RetentionReasons.Cleaned("bak", 168, RetentionGuard.Compute(Epoch.AddDays(7), 168, new[] { old, newest }, 0));

            Assert.That(reason.Contains("Warning: that base was first seen " + daysBeforeTheWindow + " days before the window's start", StringComparison.Ordinal), Is.EqualTo(warns), reason);
        }

        private static readonly Gen<History> HistoryGen =
            Gen.Select(
                Gen.Select(Gen.OneOfConst(0, 1, 6, 24, 48, 72, 168), Gen.Int[2, 15], Gen.OneOfConst(6, 24, 168, 400)),
                Gen.Select(Gen.OneOfConst(5, 15, 60), Gen.OneOfConst(15, 60, 240, 1440), Gen.Int[0, 3]),
                Gen.Int[-MaxSkewMinutes, MaxSkewMinutes].Array[3],
                Gen.Select(Gen.OneOfConst(-300, 0, 60, 330), Gen.Bool, Gen.Bool),
                Gen.UInt,
                (schedule, cadence, skews, clocks, seed) => History.Generate(
                    schedule.Item1, schedule.Item2, schedule.Item3, cadence.Item1, cadence.Item2, cadence.Item3, skews, clocks.Item1, clocks.Item2, clocks.Item3, seed));

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
            /// <summary>Each regular FULL's base (its file dated at the checkpoint), and the minute the base shows in sys.master_files.</summary>
            private readonly List<(BackupFile File, long ShowsAt)> bases = new List<(BackupFile, long)>();
            private string description = string.Empty;

            public int CleanupTimeHours { get; private set; }

            /// <summary>Every replica's time zone: local time less this is UTC.</summary>
            public int UtcOffsetMinutes { get; private set; }

            public long NowMinute { get; private set; }

            public DateTime LocalNow { get; private set; }

            public List<BackupFile> Files { get; } = new List<BackupFile>();

            public List<ObservedBase> Observed { get; } = new List<ObservedBase>();

            /// <param name="baseShowsAtStart">Whether a FULL's base shows when its checkpoint is taken rather than when it completes: the docs do not say.</param>
            /// <param name="baseTimeIsUtc">Whether differential_base_time is UTC rather than the primary's local time: the docs do not say.</param>
            public static History Generate(
                int cleanupTimeHours, int days, int fullEveryHours, int logEveryMinutes, int runEveryMinutes, int failovers, int[] skews, int utcOffsetMinutes, bool baseShowsAtStart,
                bool baseTimeIsUtc, uint seed)
            {
                var random = new Random((int)seed);
                var history = new History { CleanupTimeHours = cleanupTimeHours, NowMinute = days * 1440L, UtcOffsetMinutes = utcOffsetMinutes };
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
                    long checkpoint = start + random.Next(0, Math.Min(10, (int)duration) + 1);
                    var file = new BackupFile(true, copyOnly, checkpoint, finish, Local(writer, start), checkpoint);
                    bool running = finish > history.NowMinute;
                    if (random.Next(20) == 0 || (running && !baseShowsAtStart))
                    {
                        continue;
                    }

                    // A FULL still running has no usable file yet; its base shows already where bases show at the checkpoint.
                    if (!running)
                    {
                        history.Files.Add(file);
                    }

                    if (!copyOnly)
                    {
                        history.bases.Add((file with { HeaderDate = Local(writer, checkpoint) }, baseShowsAtStart ? checkpoint : finish));
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
                    // The newest base showing is the current one; usp_ObserveDifferentialBase records it when it differs from the newest recorded.
                    BackupFile? current = history.bases.Where(b => b.ShowsAt <= run).Select(b => b.File).LastOrDefault();
                    if (current != null && (history.Observed.Count == 0 || history.Observed[^1].Lsn != current.BaseLsn))
                    {
                        DateTime baseTime = baseTimeIsUtc ? current.HeaderDate.AddMinutes(-utcOffsetMinutes) : current.HeaderDate;
                        history.Observed.Add(new ObservedBase(current.BaseLsn, baseTime, Local(cleaner, run)));
                    }
                }

                history.LocalNow = Local(cleaner, history.NowMinute);
                history.description = "history: @CleanupTime " + cleanupTimeHours + " h, " + days + " days, FULL every " + fullEveryHours + " h, LOG every " + logEveryMinutes
                    + " min, runs every " + runEveryMinutes + " min (outage " + outageStart + "-" + outageEnd + "), failovers at " + string.Join(",", failoverAt)
                    + ", skews " + string.Join(",", skews) + ", cleaner " + cleaner + ", UTC offset " + utcOffsetMinutes + " min, base shows at " + (baseShowsAtStart ? "start" : "end")
                    + ", base time in " + (baseTimeIsUtc ? "UTC" : "local time") + ", seed " + seed;
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

            /// <summary>The local time of a base's checkpoint, from the schedule: what its FULL's header dates.</summary>
            public DateTime LocalBaseTime(decimal lsn) => bases.First(b => b.File.BaseLsn == lsn).File.HeaderDate;

            public override string ToString() => description;
        }
    }
}
