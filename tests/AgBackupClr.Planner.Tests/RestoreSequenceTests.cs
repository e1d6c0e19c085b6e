using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The restore sequence over generated three-replica histories: log backups on whichever replica the job ran on between
/// failovers, FULLs on the primary, COPY_ONLY FULLs on secondaries, DIFFs, copy-only LOGs, striped and mirrored backups,
/// backups whose msdb row is missing (failed, purged, or on a replica not read), the same backup read on two replicas.
/// Each plan is checked by an independent chain checker that knows only SQL Server's documented restore rules: the
/// sequence restores, reaches the target, and no shorter one exists; and each refusal by finding that none exists.
/// </summary>
public sealed class RestoreSequenceTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Servers = { "SQL1", "SQL2", "SQL3" };

    [Test]
    public void A_sequence_found_restores_to_the_target_and_none_is_shorter_and_a_refusal_means_none_exists()
    {
        int found = 0;
        int refused = 0;
        Property.ForAll(Gen.Int, 3000, seed =>
        {
            var random = new Random(seed);
            List<ReplicaHistory> replicas = Generate(random, completeStripes: true);
            List<HistoryBackup> read = replicas.SelectMany(r => r.Backups).GroupBy(b => b.BackupSetUuid).Select(g => g.First()).ToList();
            DateTime? target = random.Next(4) == 0 || read.Count == 0 ? null : Start.AddMinutes(random.Next(-30, 15 * 14));

            RestoreSequence? sequence = null;
            string? refusal = null;
            try
            {
                sequence = RestoreSequenceBuilder.Build("Sales", RestoreSequenceBuilder.BackupsOf(replicas, "Sales"), target);
            }
            catch (RestoreSequenceException none)
            {
                refusal = none.Message;
            }

            int? shortest = ChainChecker.ShortestLength(read, target);
            if (sequence == null)
            {
                refused++;
                Assert.That(shortest, Is.Null, "refused with \"" + refusal + "\", but a sequence of " + shortest + " backups restores");
                ChainChecker.AssertRefusalTellsTheTruth(refusal!, read, target);
                return;
            }

            found++;
            List<HistoryBackup> steps = sequence.Steps.Select(s => s.Backup).ToList();
            Assert.That(ChainChecker.Restores(steps, read, target), Is.True, Describe(steps));
            Assert.That(steps.Count, Is.EqualTo(shortest), Describe(steps));
            for (int i = 1; i < steps.Count; i++)
            {
                Assert.That(ChainChecker.Restores(steps.Where((_, j) => j != i).ToList(), read, target), Is.False, "step " + (i + 1) + " is not needed: " + Describe(steps));
            }

            foreach (RestoreStep step in sequence.Steps)
            {
                Assert.That(replicas.Single(r => r.ServerName == step.ServerName).Backups.Select(b => b.BackupSetUuid), Does.Contain(step.Backup.BackupSetUuid),
                    "each file comes from a replica whose msdb names it");
                Assert.That(step.Stripes.Select(s => s.FamilySequenceNumber), Is.EqualTo(Enumerable.Range(1, step.Backup.MediaFamilyCount!.Value)), "every stripe, once");
            }

            bool stopsInLog = target != null && steps[^1].Type == 'L';
            Assert.That(sequence.StopAtUtc, Is.EqualTo(stopsInLog ? target : null));
        });

        // The generator must exercise both outcomes, or the property proves half of what it says.
        Assert.That((found > 500, refused > 300), Is.EqualTo((true, true)), found + " found, " + refused + " refused");
    }

    [Test]
    public void Any_history_however_odd_gives_a_sequence_or_one_refusal_never_a_crash()
    {
        Property.ForAll(Gen.Int, 2000, seed =>
        {
            // Rows with every column drawn (LSNs in any order, null checkpoints, stripes beyond the family count, devices
            // without a name, hostile names), as a history file may hold them.
            var random = new Random(seed);
            IReadOnlyList<ReplicaHistory> replicas = HistoryFileTests.Generate(random);
            List<string> names = replicas.SelectMany(r => r.Backups).Select(b => b.DatabaseName).Append("Sales").ToList();
            string database = names[random.Next(names.Count)];
            DateTime? stopAt = random.Next(3) == 0 ? null : Start.AddSeconds(random.Next(0, 3_000_000));
            var target = new RestoreTarget(random.Next(2) == 0 ? null : "Copy", random.Next(2) == 0 ? null : "/restore", null, random.Next(2) == 0);
            var output = new System.IO.StringWriter();
            try
            {
                RestoreSequence sequence = RestoreSequenceBuilder.Build(database, RestoreSequenceBuilder.BackupsOf(replicas, database), stopAt);
                RestoreTable.Write(sequence, output);
                RestoreJson.Write(sequence, target, output);
                output.Write(RestoreScript.Script(sequence, target));
            }
            catch (RestoreSequenceException refused)
            {
                Assert.That(refused.Message, Is.Not.Empty);
            }
        });
    }

    [Test]
    public void A_backup_missing_a_stripe_is_named_with_the_stripe_and_its_replica()
    {
        Property.ForAll(Gen.Int, 500, seed =>
        {
            var random = new Random(seed);
            List<ReplicaHistory> replicas = Generate(random, completeStripes: true);
            RestoreSequence sequence;
            try
            {
                sequence = RestoreSequenceBuilder.Build("Sales", RestoreSequenceBuilder.BackupsOf(replicas, "Sales"), null);
            }
            catch (RestoreSequenceException)
            {
                return;
            }

            RestoreStep damaged = sequence.Steps[random.Next(sequence.Steps.Count)];
            int family = random.Next(1, damaged.Backup.MediaFamilyCount!.Value + 1);
            HistoryBackup without = damaged.Backup with { Families = damaged.Backup.Families.Where(f => f.FamilySequenceNumber != family).ToList() };
            List<ReplicaHistory> lessened = replicas
                .Select(r => r with { Backups = r.Backups.Select(b => b.BackupSetUuid == without.BackupSetUuid ? without : b).ToList() })
                .ToList();

            var refused = Assert.Throws<RestoreSequenceException>(() => RestoreSequenceBuilder.Build("Sales", RestoreSequenceBuilder.BackupsOf(lessened, "Sales"), null));

            Assert.That(refused!.Message, Does.Contain(
                "has no file for stripe " + family + " of " + damaged.Backup.MediaFamilyCount + " in msdb.dbo.backupmediafamily of "));
            Assert.That(refused.Message, Does.StartWith("the " + RestoreSequenceBuilder.TypeName(damaged.Backup) + " of \"Sales\" " + damaged.ServerName + " took"));
        });
    }

    [Test]
    public void A_log_chain_across_three_replicas_is_restored_from_each_in_turn()
    {
        HistoryBackup full = HistoryRows.Backup("Sales", Guid.NewGuid(), 'D', false, 1000, 1010, Start, "/b/full.bak");
        HistoryBackup log1 = HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 900, 1100, Start.AddMinutes(15), "/b/log1.trn");
        HistoryBackup log2 = HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 1100, 1200, Start.AddMinutes(30), "/b/log2.trn");
        HistoryBackup log3 = HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 1200, 1300, Start.AddMinutes(45), "/b/log3.trn");
        List<ReplicaHistory> replicas = Replicas(new[] { full, log1 }, new[] { log2 }, new[] { log3 });

        RestoreSequence sequence = RestoreSequenceBuilder.Build("Sales", RestoreSequenceBuilder.BackupsOf(replicas, "Sales"), Start.AddMinutes(40));

        Assert.That(sequence.Steps.Select(s => (s.ServerName, s.Stripes[0].PhysicalDeviceName)), Is.EqualTo(new[]
        {
            ("SQL1", "/b/full.bak"), ("SQL1", "/b/log1.trn"), ("SQL2", "/b/log2.trn"), ("SQL3", "/b/log3.trn"),
        }));
        Assert.That(sequence.StopAtUtc, Is.EqualTo(Start.AddMinutes(40)));
    }

    [Test]
    public void A_gap_names_its_lsn_range_the_times_around_it_and_the_replicas_on_either_side()
    {
        HistoryBackup full = HistoryRows.Backup("Sales", Guid.NewGuid(), 'D', false, 1000, 1010, Start, "/b/full.bak");
        HistoryBackup log1 = HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 900, 1100, Start.AddMinutes(15), "/b/log1.trn");
        HistoryBackup log3 = HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 1200, 1300, Start.AddMinutes(45), "/b/log3.trn");
        List<ReplicaHistory> replicas = Replicas(new[] { full, log1 }, Array.Empty<HistoryBackup>(), new[] { log3 });

        var refused = Assert.Throws<RestoreSequenceException>(() => RestoreSequenceBuilder.Build("Sales", RestoreSequenceBuilder.BackupsOf(replicas, "Sales"), null));

        Assert.That(refused!.Message, Is.EqualTo(
            "no log backup of \"Sales\" read covers LSN 1100 to 1200: it was taken between 2026-11-01 00:15:00Z (end of the LOG SQL1 took) and "
            + "2026-11-01 00:44:00Z (start of the LOG SQL3 took), and no msdb read names it: read the replica that took it, or its history was deleted."));
    }

    [Test]
    public void A_time_before_every_full_or_after_the_last_log_is_refused_with_the_time()
    {
        HistoryBackup full = HistoryRows.Backup("Sales", Guid.NewGuid(), 'D', false, 1000, 1010, Start, "/b/full.bak");
        HistoryBackup log1 = HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 900, 1100, Start.AddMinutes(15), "/b/log1.trn");
        List<IReadOnlyList<ReplicaBackup>> backups = new() { RestoreSequenceBuilder.BackupsOf(Replicas(new[] { full, log1 }), "Sales") };

        Assert.That(
            Assert.Throws<RestoreSequenceException>(() => RestoreSequenceBuilder.Build("Sales", backups[0], Start.AddMinutes(-1)))!.Message,
            Is.EqualTo("no FULL of \"Sales\" read finished at or before 2026-10-31 23:59:00Z; the oldest, which SQL1 took, finished at 2026-11-01 00:00:00Z: read further back (--since)."));
        Assert.That(
            Assert.Throws<RestoreSequenceException>(() => RestoreSequenceBuilder.Build("Sales", backups[0], Start.AddHours(1)))!.Message,
            Is.EqualTo("no backup of \"Sales\" read reaches 2026-11-01 01:00:00Z: the log chain ends with the LOG SQL1 took, which finished at 2026-11-01 00:15:00Z (LSN 1100)."));
    }

    [Test]
    public void A_database_outside_a_group_on_two_instances_is_not_one_chain()
    {
        var sql1 = new ReplicaHistory("SQL1", Start, new[] { new HistoryDatabase("DBA", null, false) }, Array.Empty<HistoryBackup>(), Array.Empty<LoggedDecision>());
        var sql2 = sql1 with { ServerName = "SQL2" };

        Assert.That(
            Assert.Throws<RestoreSequenceException>(() => RestoreSequenceBuilder.BackupsOf(new[] { sql1, sql2 }, "DBA"))!.Message,
            Is.EqualTo("\"DBA\" is a database of SQL1, SQL2 that is not one availability database, and their log chains are not one: read only the instance to restore from."));
    }

    private static string Describe(IEnumerable<HistoryBackup> steps) =>
        string.Join(" -> ", steps.Select(b => RestoreSequenceBuilder.TypeName(b) + " [" + b.FirstLsn + ", " + b.LastLsn + ") at " + b.FinishedUtc.ToString("HH:mm", CultureInfo.InvariantCulture)));

    private static List<ReplicaHistory> Replicas(params HistoryBackup[][] backups) =>
        backups.Select((list, i) => new ReplicaHistory(
            Servers[i], Start.AddDays(1), new[] { new HistoryDatabase("Sales", new Guid("5a1e5000-0000-0000-0000-000000000001"), false) }, list, Array.Empty<LoggedDecision>())).ToList();

    /// <summary>
    /// A history built by log segment: log i covers [Bounds[i], Bounds[i + 1]) and finishes at 15 (i + 1) minutes; a FULL or
    /// DIFF taken during segment k lies inside it, LSNs and times. The job runs on one replica until a failover moves it.
    /// </summary>
    internal static List<ReplicaHistory> Generate(Random random, bool completeStripes)
    {
        int logs = random.Next(0, 13);
        var bounds = new decimal[logs + 1];
        bounds[0] = 1000000000000000001m * random.Next(1, 9);
        for (int i = 1; i <= logs; i++)
        {
            bounds[i] = bounds[i - 1] + random.Next(10, 500);
        }

        var backups = Servers.ToDictionary(server => server, _ => new List<HistoryBackup>());
        int primary = random.Next(Servers.Length);
        decimal? differentialBase = null;
        void Keep(HistoryBackup backup, int server)
        {
            // One backup in ten has no row: it failed, was purged, or is on a replica not read. One in eight is read twice.
            if (random.Next(10) == 0)
            {
                return;
            }

            backups[Servers[server]].Add(backup);
            if (random.Next(8) == 0)
            {
                backups[Servers[random.Next(Servers.Length)]].Add(backup);
            }
        }

        for (int k = 0; k < logs; k++)
        {
            if (random.Next(5) == 0)
            {
                primary = random.Next(Servers.Length);
            }

            DateTime segment = Start.AddMinutes(15 * k);
            int draw = random.Next(10);
            if (draw < 3)
            {
                // A regular FULL on the primary (a SQL Server 2025 secondary may take one too): the new differential base.
                differentialBase = bounds[k] + 1;
                Keep(Backup('D', false, bounds[k] + 1, bounds[k] + 2, bounds[k] + 1, null, segment.AddMinutes(3), random), draw == 0 ? random.Next(Servers.Length) : primary);
            }
            else if (draw == 3)
            {
                // A COPY_ONLY FULL on any replica: a base for the log, never for a DIFF, and no new differential base.
                Keep(Backup('D', true, bounds[k] + 3, bounds[k] + 4, bounds[k] + 3, null, segment.AddMinutes(4), random), random.Next(Servers.Length));
            }
            else if (draw < 6 && differentialBase != null)
            {
                Keep(Backup('I', false, bounds[k] + 5, bounds[k] + 6, bounds[k] + 5, differentialBase, segment.AddMinutes(6), random), primary);
            }

            HistoryBackup log = Backup('L', false, bounds[k], bounds[k + 1], bounds[k], null, segment.AddMinutes(14), random);
            int before = backups.Values.Sum(list => list.Count);
            Keep(log, primary);
            bool logKept = backups.Values.Sum(list => list.Count) > before;
            if (logKept && random.Next(6) == 0)
            {
                // A copy-only LOG holds part of what the regular LOG of the segment holds.
                Keep(Backup('L', true, bounds[k], bounds[k] + 7, bounds[k], null, segment.AddMinutes(9), random), random.Next(Servers.Length));
            }
        }

        return Servers
            .Select(server => new ReplicaHistory(
                server,
                Start.AddDays(1),
                new[] { new HistoryDatabase("Sales", new Guid("5a1e5000-0000-0000-0000-000000000001"), false) },
                backups[server].OrderBy(_ => random.Next()).ToList(),
                Array.Empty<LoggedDecision>()))
            .ToList();
    }

    /// <summary>A backup started a minute before it finished, striped over one to three files, some on a mirror too.</summary>
    private static HistoryBackup Backup(char type, bool copyOnly, decimal first, decimal last, decimal checkpoint, decimal? differentialBase, DateTime finished, Random random)
    {
        byte[] id = new byte[16];
        random.NextBytes(id);
        var uuid = new Guid(id);
        int stripes = random.Next(1, 4);
        var families = new List<MediaFamily>();
        for (int family = 1; family <= stripes; family++)
        {
            families.Add(new MediaFamily(family, 0, "/backup/" + uuid.ToString("N") + "_" + family + ".bak", 2));
            if (random.Next(4) == 0)
            {
                families.Add(new MediaFamily(family, 1, "/mirror/" + uuid.ToString("N") + "_" + family + ".bak", 2));
            }
        }

        return HistoryRows.Backup("Sales", uuid, type, copyOnly, first, last, finished, families[0].PhysicalDeviceName!) with
        {
            CheckpointLsn = checkpoint,
            DifferentialBaseLsn = differentialBase,
            MediaFamilyCount = stripes,
            Families = families.OrderBy(_ => random.Next()).ToList(),
        };
    }
}

/// <summary>
/// The restore rules, written from the docs apart from the planner: what makes a sequence of backups restore a database
/// to a target, and the length of the shortest one, by breadth-first search over every backup read.
/// </summary>
internal static class ChainChecker
{
    /// <summary>Whether restoring these backups in order, then recovering, gives the database at the target.</summary>
    public static bool Restores(IReadOnlyList<HistoryBackup> steps, IReadOnlyList<HistoryBackup> read, DateTime? target)
    {
        if (steps.Count == 0 || !StartsChain(steps[0], target))
        {
            return false;
        }

        for (int i = 1; i < steps.Count; i++)
        {
            if (!Follows(steps[0], i, steps[i - 1], steps[i], target))
            {
                return false;
            }
        }

        return Reaches(steps[^1], read, target);
    }

    /// <summary>The fewest backups of a sequence that restores to the target; null when none does.</summary>
    public static int? ShortestLength(IReadOnlyList<HistoryBackup> read, DateTime? target)
    {
        foreach (HistoryBackup full in read.Where(b => StartsChain(b, target)))
        {
            if (Reaches(full, read, target))
            {
                return 1;
            }
        }

        var frontier = read.Where(b => StartsChain(b, target)).Select(b => (Full: b, Last: b)).ToList();
        var visited = new HashSet<(Guid, Guid)>(frontier.Select(path => (path.Full.BackupSetUuid, path.Last.BackupSetUuid)));
        for (int length = 2; frontier.Count > 0; length++)
        {
            var next = new List<(HistoryBackup Full, HistoryBackup Last)>();
            foreach ((HistoryBackup full, HistoryBackup last) in frontier)
            {
                foreach (HistoryBackup backup in read.Where(b => Follows(full, length - 1, last, b, target)))
                {
                    if (Reaches(backup, read, target))
                    {
                        return length;
                    }

                    if (visited.Add((full.BackupSetUuid, backup.BackupSetUuid)))
                    {
                        next.Add((full, backup));
                    }
                }
            }

            frontier = next;
        }

        return null;
    }

    /// <summary>A refusal says what the history lacks: no FULL before the target, a real hole in the log, or an end before the target.</summary>
    public static void AssertRefusalTellsTheTruth(string refusal, IReadOnlyList<HistoryBackup> read, DateTime? target)
    {
        Match gap = Regex.Match(refusal, "^no log backup of \"Sales\" read covers LSN ([0-9]+) to ([0-9]+): ");
        if (gap.Success)
        {
            decimal from = decimal.Parse(gap.Groups[1].Value, CultureInfo.InvariantCulture);
            decimal to = decimal.Parse(gap.Groups[2].Value, CultureInfo.InvariantCulture);
            List<HistoryBackup> regularLogs = read.Where(b => b.Type == 'L' && !b.IsCopyOnly).ToList();
            Assert.That(regularLogs.Any(l => l.FirstLsn <= from && l.LastLsn > from), Is.False, "a log backup read holds LSN " + from + ": " + refusal);
            Assert.That(regularLogs.Where(l => l.FirstLsn > from).Min(l => (decimal?)l.FirstLsn), Is.EqualTo(to), refusal);
            return;
        }

        if (refusal == "no backup of \"Sales\" in the history read.")
        {
            Assert.That(read, Is.Empty);
            return;
        }

        if (refusal.StartsWith("no FULL of \"Sales\"", StringComparison.Ordinal))
        {
            Assert.That(read.Any(b => StartsChain(b, target)), Is.False, refusal);
            return;
        }

        Assert.That(refusal, Does.StartWith("no backup of \"Sales\" read reaches "));
    }

    /// <summary>
    /// A FULL, regular or COPY_ONLY, starts a restore sequence (copy-only-backups-sql-server.md); restored, the database is
    /// consistent at its last_lsn, about its finish time, so not before it (backupset-transact-sql.md, last_lsn).
    /// </summary>
    private static bool StartsChain(HistoryBackup backup, DateTime? target) =>
        backup.Type == 'D' && (target == null || backup.FinishedUtc <= target);

    /// <summary>Whether <paramref name="next"/> may be restored as step <paramref name="index"/> (0-based) after <paramref name="previous"/>.</summary>
    private static bool Follows(HistoryBackup full, int index, HistoryBackup previous, HistoryBackup next, DateTime? target)
    {
        // A log backup that finished at or after the target may hold log after it: it can only be the last, with STOPAT.
        if (target != null && previous.FinishedUtc >= target)
        {
            return false;
        }

        if (next.Type == 'I')
        {
            // A DIFF holds the extents changed since its differential_base_lsn, the checkpoint_lsn of the regular FULL it is
            // based on (backupset-transact-sql.md, differential_base_lsn and database_backup_lsn); a copy-only FULL is no
            // base (copy-only-backups-sql-server.md). It is restored right after its FULL and finishes by the target.
            return index == 1 && !full.IsCopyOnly && next.DifferentialBaseLsn == full.CheckpointLsn && next.LastLsn > full.LastLsn
                && (target == null || next.FinishedUtc <= target);
        }

        // A log backup applies when it holds the LSN the database reached, the last_lsn of the step before: first_lsn at or
        // before it, last_lsn after it (ms190729, "Log Sequence Numbers and Restore Planning").
        return next.Type == 'L' && next.FirstLsn <= previous.LastLsn && next.LastLsn > previous.LastLsn;
    }

    /// <summary>
    /// With a time, the last backup finished at or after it (a data backup exactly at it): log written before a log backup
    /// ends is in that backup or an earlier one. Without one, the database reaches the newest LSN a backup read ends at,
    /// copy-only LOGs aside: a regular LOG holds the same log.
    /// </summary>
    private static bool Reaches(HistoryBackup last, IReadOnlyList<HistoryBackup> read, DateTime? target) =>
        target == null
            ? last.LastLsn >= read.Where(b => b.Type != 'L' || !b.IsCopyOnly).Max(b => b.LastLsn)
            : last.FinishedUtc >= target;
}
