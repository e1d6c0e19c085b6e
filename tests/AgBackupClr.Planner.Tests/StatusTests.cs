using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup status over generated multi-replica histories: log backups on whichever replica was preferred at the time
/// (failovers), FULLs on the primary or a 2025 secondary, copy-only FULLs that are no base, the same backup read twice, and
/// log backups missing from every msdb. The expected chain comes from how each history was built, not from walking it.
/// </summary>
public sealed class StatusTests
{
    internal static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Sales = new("5a1e5000-0000-0000-0000-000000000001");
    private static readonly string[] Servers = { "SQL1", "SQL2", "SQL3" };

    /// <summary>A history built by log segment: log i covers [Bounds[i], Bounds[i + 1]); a FULL taken during segment k has LSNs Bounds[k] + 1 to + 2.</summary>
    private sealed record Built(List<ReplicaHistory> Replicas, int? BaseSegment, decimal? ExpectedGapFrom, decimal? ExpectedGapTo, int? NewestKeptLog);

    [Test]
    public void The_chain_found_is_the_chain_the_history_was_built_with()
    {
        Property.ForAll(Gen.Int, 2000, seed =>
        {
            Built built = Build(new Random(seed));

            DatabaseStatus status = BackupStatusCheck.Check(built.Replicas, Freshness.Any).Single();

            string expected = built.BaseSegment == null ? ChainStates.NoFull : built.ExpectedGapFrom == null ? ChainStates.Intact : ChainStates.Broken;
            Assert.That((status.Chain, status.GapFromLsn, status.GapToLsn), Is.EqualTo((expected, built.ExpectedGapFrom, built.ExpectedGapTo)));
            Assert.That(status.Log?.FinishedUtc, Is.EqualTo(built.NewestKeptLog == null ? null : LogFinished(built.NewestKeptLog.Value)));
            Assert.That(status.Full?.FinishedUtc, Is.EqualTo(built.BaseSegment == null ? null : FullFinished(built.BaseSegment.Value)));
            Assert.That(status.ServerName, Is.Null, "An availability database is one status for the group.");
        });
    }

    private static Built Build(Random random)
    {
        int logs = random.Next(0, 12);
        var bounds = new decimal[logs + 1];
        bounds[0] = 1000000000000000001m * random.Next(1, 9);
        for (int i = 1; i <= logs; i++)
        {
            bounds[i] = bounds[i - 1] + random.Next(3, 500);
        }

        var backups = Servers.ToDictionary(server => server, _ => new List<HistoryBackup>());
        bool[] removed = new bool[logs];
        for (int i = 0; i < logs; i++)
        {
            removed[i] = random.Next(8) == 0;
            var log = HistoryRows.Backup("Sales", Id(random), 'L', false, bounds[i], bounds[i + 1], LogFinished(i), "log" + i + ".trn");
            if (!removed[i])
            {
                backups[Servers[random.Next(Servers.Length)]].Add(log);
                if (random.Next(6) == 0)
                {
                    // The same msdb row read again (a replica given twice) is one backup, not an overlap.
                    backups[Servers[random.Next(Servers.Length)]].Add(log);
                }
            }
        }

        int? baseSegment = null;
        for (int k = 0; k < logs; k++)
        {
            // 0-2 a FULL that is a base (on any replica: a 2025 secondary may take one), 3 a copy-only FULL, which is none.
            int draw = random.Next(10);
            if (draw < 4)
            {
                var full = HistoryRows.Backup("Sales", Id(random), 'D', draw == 3, bounds[k] + 1, bounds[k] + 2, FullFinished(k), "full" + k + ".bak");
                backups[Servers[random.Next(Servers.Length)]].Add(full);
                baseSegment = draw < 3 ? k : baseSegment;
            }
        }

        decimal? gapFrom = null;
        decimal? gapTo = null;
        int newestKept = Array.FindLastIndex(removed, r => !r);
        if (baseSegment != null)
        {
            // The logs needed are those from the base's segment on; the first missing one with a kept one after it is the gap.
            for (int i = baseSegment.Value; i < newestKept; i++)
            {
                if (removed[i])
                {
                    gapFrom = i == baseSegment.Value ? bounds[i] + 2 : bounds[i];
                    int next = i;
                    while (removed[next])
                    {
                        next++;
                    }

                    gapTo = bounds[next];
                    break;
                }
            }
        }

        var replicas = Servers
            .Select(server => new ReplicaHistory(
                server, Start.AddDays(3), new[] { new HistoryDatabase("Sales", Sales, false, "AgSales") }, backups[server].OrderBy(_ => random.Next()).ToList(), NoDecisions))
            .ToList();
        return new Built(replicas, baseSegment, gapFrom, gapTo, newestKept < 0 ? null : newestKept);
    }

    /// <summary>backup_set_uuid drawn from the case's seed, so that a failure replays exactly.</summary>
    private static Guid Id(Random random)
    {
        byte[] bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static DateTime LogFinished(int segment) => Start.AddMinutes(15 * (segment + 1));

    private static DateTime FullFinished(int segment) => Start.AddMinutes(15 * segment + 5);

    [Test]
    public void Databases_outside_a_group_are_one_status_per_instance_and_simple_recovery_has_no_chain()
    {
        var sql1 = new ReplicaHistory("SQL1", Start, new[] { new HistoryDatabase("master", null, true, null) }, Array.Empty<HistoryBackup>(), NoDecisions);
        var sql2 = new ReplicaHistory("SQL2", Start, new[] { new HistoryDatabase("master", null, true, null) }, Array.Empty<HistoryBackup>(), NoDecisions);

        IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(new[] { sql1, sql2 }, new Freshness(null, TimeSpan.FromDays(1), TimeSpan.FromMinutes(15)));

        Assert.That(statuses.Select(s => (s.DatabaseName, s.ServerName, s.Chain, s.Late.Count)), Is.EqualTo(new[]
        {
            ("master", (string?)"SQL1", ChainStates.NotApplicable, 0),
            ("master", (string?)"SQL2", ChainStates.NotApplicable, 0),
        }));
    }

    [Test]
    public void Fresh_and_intact_exits_0()
    {
        (int exitCode, string output, string error) = Status(Healthy, "--max-log-age", "30m", "--max-full-age", "1d");

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Is.EqualTo(
            "DATABASE  SERVER   LAST FULL               LAST DIFF  LAST LOG                CHAIN   LATE\n"
            + "--------  -------  ----------------------  ---------  ----------------------  ------  ----\n"
            + "Sales     (group)  2026-11-01 00:00Z SQL1  -          2026-11-01 00:20Z SQL2  INTACT  -\n"));
    }

    [Test]
    public void A_log_older_than_the_threshold_exits_3_and_says_which_type_is_late()
    {
        (int exitCode, string output, _) = Status(Healthy, "--max-log-age", "5m");

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(output, Does.Contain(" INTACT  LOG\n"));
        Assert.That(output, Does.EndWith("LATE: Sales LOG: SQL1 last logged SKIP SKIP_NOT_PREFERRED at 2026-11-01 00:25Z.\n"));
    }

    [Test]
    public void Each_late_type_names_every_replica_s_newest_logged_decision_in_json()
    {
        (int exitCode, string output, _) = Status(Healthy, "--max-log-age", "5m", "--max-full-age", "1d", "--format", "json");

        Assert.That(exitCode, Is.EqualTo(3));
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement decisions = document.RootElement.GetProperty("databases")[0].GetProperty("late_decisions");
        Assert.That(decisions.GetArrayLength(), Is.EqualTo(1), "FULL is not late; SQL2 logged nothing about LOG.");
        Assert.That(Names(decisions[0]), Is.EqualTo(new[] { "server_name", "backup_type", "action", "reason_code", "logged_at_utc" }));
        Assert.That(decisions[0].GetProperty("reason_code").GetString(), Is.EqualTo("SKIP_NOT_PREFERRED"));
    }

    [Test]
    public void A_missing_log_backup_exits_3_and_names_the_gap()
    {
        ReplicaHistory[] broken = { Healthy[0], Healthy[1] with { Backups = new[] { Log(1300, 1400, 20) } } };

        (int exitCode, string output, _) = Status(broken);

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(output, Does.EndWith("GAP: Sales: no log backup read covers LSN 1200; the next starts at LSN 1300.\n"));
    }

    [Test]
    public void A_replica_that_cannot_be_read_exits_1_is_named_with_its_error_and_the_others_are_still_reported()
    {
        (int exitCode, string output, string error) = Status(Healthy, "--server", "SQL9");

        Assert.That((exitCode, error), Is.EqualTo((1, string.Empty)));
        Assert.That(output, Does.Contain("Sales     (group)"));
        Assert.That(output, Does.EndWith("UNREADABLE: --server number 3: Login failed for SQL9.\n"));
    }

    [TestCase("--since", "8", "\"8\" is not an age")]
    [TestCase("--max-log-age", "0m", "\"0m\" is not an age")]
    [TestCase("--max-full-age", "1w", "\"1w\" is not an age")]
    [TestCase("--format", "matrix", "matrix")]
    public void A_wrong_value_exits_2_with_the_library_s_message(string option, string value, string message)
    {
        (int exitCode, string output, string error) = Status(Healthy, option, value);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.Contain(message));
    }

    [TestCase("--since", "99999999d")]
    [TestCase("--since", "1000000d")]
    [TestCase("--since", "36501d")]
    [TestCase("--since", "876001h")]
    [TestCase("--max-full-age", "52560001m")]
    [TestCase("--max-log-age", "2147483647h")]
    public void An_age_beyond_100_years_is_a_one_line_error_not_a_crash(string option, string value)
    {
        (int exitCode, string output, string error) = Status(Healthy, option, value);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith(
            "\"" + value + "\" is not an age: a whole number above 0 and m (minutes), h (hours) or d (days), as 90m, 6h or 8d, up to 100 years (36500d).\n"));
    }

    [TestCase("36500d")]
    [TestCase("876000h")]
    [TestCase("52560000m")]
    public void An_age_of_100_years_is_read(string value)
    {
        Assert.That(Status(Healthy, "--since", value, "--max-full-age", value).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Group_from_reads_every_replica_the_group_names_and_names_the_one_it_could_not_read()
    {
        (int exitCode, string output, string error) = StatusOf(Healthy, "status", "--group-from", "SQL1");

        Assert.That((exitCode, error), Is.EqualTo((1, string.Empty)));
        Assert.That(output, Does.Contain("Sales     (group)  2026-11-01 00:00Z SQL1  -          2026-11-01 00:20Z SQL2  INTACT  -\n"));
        Assert.That(output, Does.EndWith("UNREADABLE: SQL9: Login failed for SQL9.\n"));
    }

    [Test]
    public void Group_from_a_replica_that_cannot_be_read_exits_1_and_says_so()
    {
        (int exitCode, string output, _) = StatusOf(Healthy, "status", "--group-from", "SQL7");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.EndWith("UNREADABLE: --group-from: Login failed for SQL7.\n"));
    }

    [Test]
    public void Both_server_and_group_from_exit_2()
    {
        (int exitCode, string output, string error) = StatusOf(Healthy, "status", "--server", "SQL1", "--group-from", "SQL1");

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.Contain("give one of --server \"CONNECTION STRING\" (repeatable), --group-from \"CONNECTION STRING\" or --history FILE.json, not several."));
    }

    [Test]
    public void Group_from_keeps_the_credentials_and_changes_only_the_server()
    {
        string replica = LiveHistory.ForReplica("Server=SQL1;User ID=monitor;Password=secret;Encrypt=True", "SQL2\\INST");

        Assert.That(replica, Is.EqualTo("Data Source=SQL2\\INST;User ID=monitor;Password=secret;Encrypt=True"));
    }

    [Test]
    public void Status_without_a_server_exits_2()
    {
        (int exitCode, string output, string error) = Planning.Run("status");

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.Contain("--server"));
    }

    [Test]
    public void Help_lists_every_option_and_the_exit_codes()
    {
        (int exitCode, string output, _) = Planning.Run("status", "--help");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("--since").And.Contain("--max-log-age").And.Contain("--max-full-age").And.Contain("--max-diff-age")
            .And.Contain("--format").And.Contain("Exit codes: 0"));
    }

    [Test]
    public void The_json_property_names_are_the_documented_ones()
    {
        (int exitCode, string output, _) = Status(Healthy, "--format", "json", "--server", "SQL9");

        Assert.That(exitCode, Is.EqualTo(1));
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.That(Names(root), Is.EqualTo(new[] { "databases", "unreadable_servers" }));
        JsonElement database = root.GetProperty("databases")[0];
        Assert.That(Names(database), Is.EqualTo(new[]
        {
            "database_name", "group_database_id", "server_name", "last_full", "last_diff", "last_log", "chain", "gap_from_lsn", "gap_to_lsn", "late", "late_decisions",
        }));
        Assert.That(Names(database.GetProperty("last_log")), Is.EqualTo(new[] { "finished_utc", "server_name", "file" }));
        Assert.That(database.GetProperty("last_log").GetProperty("finished_utc").GetString(), Is.EqualTo("2026-11-01T00:20:00Z"));
        Assert.That(database.GetProperty("last_diff").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Names(root.GetProperty("unreadable_servers")[0]), Is.EqualTo(new[] { "server", "error" }));
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>Sales in a group of SQL1 (its FULL and first LOG) and SQL2 (the LOG after it), read 10 minutes after the last LOG.</summary>
    internal static ReplicaHistory[] Healthy =>
        new[]
        {
            new ReplicaHistory("SQL1", Start.AddMinutes(30), new[] { new HistoryDatabase("Sales", Sales, false, "AgSales") }, new[]
            {
                HistoryRows.Backup("Sales", Guid.NewGuid(), 'D', false, 1001, 1002, Start, @"\\share\Sales.bak"),
                Log(1000, 1200, 10),
            }, new[] { new LoggedDecision("Sales", "LOG", "SKIP", "SKIP_NOT_PREFERRED", Start.AddMinutes(25)) }),
            new ReplicaHistory("SQL2", Start.AddMinutes(30), new[] { new HistoryDatabase("Sales", Sales, false, "AgSales") }, new[] { Log(1200, 1300, 20) }, NoDecisions),
        };

    internal static readonly LoggedDecision[] NoDecisions = Array.Empty<LoggedDecision>();

    private static HistoryBackup Log(decimal first, decimal last, int minutes) =>
        HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, first, last, Start.AddMinutes(minutes), @"\\share\Sales_" + minutes + ".trn");

    internal static (int ExitCode, string Output, string Error) Status(ReplicaHistory[] replicas, params string[] options)
    {
        var args = new List<string> { "status" };
        foreach (ReplicaHistory replica in replicas)
        {
            args.Add("--server");
            args.Add(replica.ServerName);
        }

        args.AddRange(options);
        return StatusOf(replicas, args.ToArray());
    }

    internal static (int ExitCode, string Output, string Error) StatusOf(ReplicaHistory[] replicas, params string[] args) =>
        Planning.RunOnHistory(new Histories(replicas), args);

    /// <summary>The replicas' histories by name: a connection string here is a server name; "SQL9" cannot be read.</summary>
    private sealed class Histories : IHistorySource
    {
        private readonly ReplicaHistory[] replicas;

        public Histories(ReplicaHistory[] replicas) => this.replicas = replicas;

        public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) =>
            connectionString == "SQL1"
                ? replicas.Select(r => new GroupReplica(r.ServerName, r.ServerName)).Append(new GroupReplica("SQL9", "SQL9")).ToList()
                : throw new InvalidOperationException("Login failed for " + connectionString + ".");

        public ReplicaHistory Read(string connectionString, DateTime sinceUtc) =>
            Array.Find(replicas, r => r.ServerName == connectionString) ?? throw new InvalidOperationException("Login failed for " + connectionString + ".");
    }
}
