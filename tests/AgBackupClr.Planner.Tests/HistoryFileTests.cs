using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The history file (docs/history-file.md): status --dump-history writes what it read, status and restore --history read it
/// back unchanged, and a file that is not one is refused with the JSON path of its problem, on one line, never a crash.
/// </summary>
public sealed class HistoryFileTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public void A_history_read_back_is_the_history_written()
    {
        Property.ForAll(Gen.Int, 300, seed =>
        {
            IReadOnlyList<ReplicaHistory> written = Generate(new Random(seed));

            byte[] file = HistoryFile.Write(written);
            IReadOnlyList<ReplicaHistory> read = HistoryFile.Read(file);

            // Every property is written, so a value lost or changed on reading writes other bytes.
            Assert.That(Encoding.UTF8.GetString(HistoryFile.Write(read)), Is.EqualTo(Encoding.UTF8.GetString(file)));
            Assert.That(read.SelectMany(r => r.Backups).Select(b => (b.FirstLsn, b.LastLsn, b.FinishedUtc, b.Families.Count)),
                Is.EqualTo(written.SelectMany(r => r.Backups).Select(b => (b.FirstLsn, b.LastLsn, b.FinishedUtc, b.Families.Count))));
        });
    }

    [Test]
    public void Status_from_its_own_dump_prints_what_it_printed_from_the_servers()
    {
        string dump = TempFile();
        try
        {
            (int liveExit, string liveOutput, _) = StatusFrom(Healthy(), "status", "--server", "SQL1", "--server", "SQL2", "--dump-history", dump);
            (int fileExit, string fileOutput, string fileError) = Planning.Run("status", "--history", dump);

            Assert.That((fileExit, fileOutput, fileError), Is.EqualTo((liveExit, liveOutput, string.Empty)));
            Assert.That(fileOutput, Does.Contain("Sales     (group)  2026-11-01 00:00Z SQL1"));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Test]
    public void A_dump_that_cannot_be_written_exits_2_and_names_the_file()
    {
        string dump = Path.Combine(Path.GetTempPath(), "agbackup-no-such-folder-" + Guid.NewGuid().ToString("N"), "history.json");

        (int exitCode, string output, string error) = StatusFrom(Healthy(), "status", "--server", "SQL1", "--dump-history", dump);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: cannot write " + dump + ": "));
    }

    [TestCase("{", "$: not JSON (line 1, byte 2 of it).")]
    [TestCase("[]", "$: not an object.")]
    [TestCase("{ \"format\": \"agbackup-topology\", \"version\": 1, \"replicas\": [] }", "$.format: not \"agbackup-history\": this is not an agbackup history file.")]
    [TestCase("{ \"format\": \"agbackup-history\", \"version\": 2, \"replicas\": [] }", "$.version: version 2 is not one this agbackup reads (it reads version 1).")]
    [TestCase("{ \"format\": \"agbackup-history\", \"version\": 1 }", "$.replicas: missing.")]
    [TestCase("{ \"format\": \"agbackup-history\", \"version\": 1, \"replicas\": {} }", "$.replicas: not an array.")]
    [TestCase("{ \"format\": \"agbackup-history\", \"version\": 1, \"replicas\": [], \"replica\": [] }",
        "$: \"replica\" is not a property of this object; its properties are format, version, replicas.")]
    [TestCase("{ \"format\": \"agbackup-history\", \"version\": 1, \"version\": 1, \"replicas\": [] }", "$.version: given twice.")]
    public void A_file_that_is_not_a_history_is_refused_with_the_path_of_its_problem(string json, string expected)
    {
        AssertRefused(json, expected);
    }

    [TestCase("\"first_lsn\": \"1000\"", "\"first_lsn\": 1000", "$.replicas[0].backups[1].first_lsn: not a string.")]
    [TestCase("\"first_lsn\": \"1000\"", "\"first_lsn\": \"1e3\"", "$.replicas[0].backups[1].first_lsn: \"1e3\" is not a string of up to 25 digits, as \"42000000012300001\".")]
    [TestCase("\"first_lsn\": \"1000\"", "\"first_lsn\": \"12345678901234567890123456\"",
        "$.replicas[0].backups[1].first_lsn: \"12345678901234567890123456\" is not a string of up to 25 digits, as \"42000000012300001\".")]
    [TestCase("\"first_lsn\": \"1000\"", "\"first_lsn\": \"1300\"", "$.replicas[0].backups[1].last_lsn: below first_lsn: a backup set ends after it starts.")]
    [TestCase("\"type\": \"L\"", "\"type\": \"F\"", "$.replicas[0].backups[1].type: \"F\" is not D (FULL), I (DIFF) or L (LOG).")]
    [TestCase("\"finished_utc\": \"2026-11-01T00:10:00Z\"", "\"finished_utc\": \"2026-11-01T00:10:00\"",
        "$.replicas[0].backups[1].finished_utc: \"2026-11-01T00:10:00\" is not a UTC time, as \"2026-11-01T00:20:00Z\".")]
    [TestCase("\"mirror\": 0", "\"mirror\": 4", "$.replicas[0].backups[0].families[0].mirror: not a whole number from 0 to 3.")]
    [TestCase("\"backup_set_uuid\": \"", "\"backup_set_uuid\": \"x", "$.replicas[0].backups[0].backup_set_uuid: \"x")]
    [TestCase("\"server_name\": \"SQL2\"", "\"server_name\": null", "$.replicas[1].server_name: null; a string is needed.")]
    [TestCase("\"simple_recovery\": false", "\"simple_recovery\": 0", "$.replicas[0].databases[0].simple_recovery: not true or false.")]
    public void A_wrong_value_is_refused_with_its_path(string find, string replace, string expected)
    {
        string json = Encoding.UTF8.GetString(HistoryFile.Write(Healthy()));
        int at = json.IndexOf(find, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "the file written holds " + find);

        AssertRefused(json.Substring(0, at) + replace + json.Substring(at + find.Length), expected);
    }

    [Test]
    public void Any_damage_to_a_history_file_is_a_one_line_error_or_a_history_never_a_crash_of_status_or_restore()
    {
        byte[] valid = HistoryFile.Write(Generate(new Random(7)));
        Property.ForAll(Gen.Int, 400, seed =>
        {
            var random = new Random(seed);
            byte[] damaged = (byte[])valid.Clone();
            for (int i = random.Next(1, 4); i > 0; i--)
            {
                damaged[random.Next(damaged.Length)] = (byte)"{}[]\",:0-9aZ\\\n\u0001"[random.Next(15)];
            }

            foreach (string[] command in new[] { new[] { "status" }, new[] { "restore", "--database", "Sales" } })
            {
                (int exitCode, string output, string error) = RunOn(damaged, command);

                Assert.That(exitCode, Is.AnyOf(0, 2, 3));
                // A refusal, of the file or of every restore sequence, is one line; status's late or broken chains are its output.
                bool refused = exitCode == 2 || (command[0] == "restore" && exitCode == 3);
                Assert.That(error.Count(c => c == '\n'), Is.EqualTo(refused ? 1 : 0), error);
                Assert.That(exitCode == 2 ? output : string.Empty, Is.Empty);
            }
        });
    }

    [Test]
    public void A_file_saved_with_a_byte_order_mark_is_read()
    {
        byte[] file = HistoryFile.Write(Healthy());

        Assert.That(RunOn(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(file).ToArray(), "status"), Is.EqualTo(RunOn(file, "status")));
        Assert.That(RunOn(file, "status").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Since_with_a_history_file_exits_2_since_the_file_holds_what_was_read()
    {
        (int exitCode, string output, string error) = RunOn(HistoryFile.Write(Healthy()), "status", "--since", "1d");

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("--since says how far back to read the servers; a history file holds what was read: give --since to status --dump-history.\n"));
    }

    [Test]
    public void A_missing_history_file_exits_2_and_names_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), "agbackup-missing-" + Guid.NewGuid().ToString("N") + ".json");

        (int exitCode, string output, string error) = Planning.Run("status", "--history", missing);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: cannot read " + missing + ": "));
    }

    private static void AssertRefused(string json, string expected)
    {
        (int exitCode, string output, string error) = RunOn(Encoding.UTF8.GetBytes(json), "status");

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: HISTORY: " + expected));
        Assert.That(error.Count(c => c == '\n'), Is.EqualTo(1), error);
    }

    /// <summary>agbackup on a history file holding these bytes; its path reads HISTORY in standard error.</summary>
    internal static (int ExitCode, string Output, string Error) RunOn(byte[] history, params string[] args) => RunOn(history, NoRestoreServer.Instance, args);

    /// <summary>agbackup on a history file holding these bytes, restore --test restoring into this instance.</summary>
    internal static (int ExitCode, string Output, string Error) RunOn(byte[] history, IRestoreServer restoreServer, params string[] args)
    {
        string file = TempFile();
        File.WriteAllBytes(file, history);
        try
        {
            (int exitCode, string output, string error) = Planning.RunRestoringInto(restoreServer, args.Concat(new[] { "--history", file }).ToArray());
            return (exitCode, output, error.Replace(file, "HISTORY", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), "agbackup-history-" + Guid.NewGuid().ToString("N") + ".json");

    /// <summary>Sales in a group of SQL1 (its FULL and first LOG, striped over two files) and SQL2 (the LOG after it).</summary>
    private static ReplicaHistory[] Healthy()
    {
        var database = new[] { new HistoryDatabase("Sales", new Guid("5a1e5000-0000-0000-0000-000000000001"), false) };
        HistoryBackup full = HistoryRows.Backup("Sales", new Guid("f0000000-0000-0000-0000-000000000001"), 'D', false, 1001, 1002, Start, "/backup/Sales_1.bak") with
        {
            Families = new[] { new MediaFamily(1, 0, "/backup/Sales_1.bak", 2), new MediaFamily(2, 0, "/backup/Sales_2.bak", 2) },
            MediaFamilyCount = 2,
            Files = new[] { new BackupFile("Sales", "/data/Sales.mdf", 'D'), new BackupFile("Sales_log", "/data/Sales_log.ldf", 'L') },
        };
        return new[]
        {
            new ReplicaHistory("SQL1", Start.AddMinutes(30), database, new[]
            {
                full,
                HistoryRows.Backup("Sales", new Guid("10000000-0000-0000-0000-000000000001"), 'L', false, 1000, 1200, Start.AddMinutes(10), "/backup/Sales_10.trn"),
            }, new[] { new LoggedDecision("Sales", "LOG", "SKIP", "SKIP_NOT_PREFERRED", Start.AddMinutes(25)) }),
            new ReplicaHistory("SQL2", Start.AddMinutes(30), database, new[]
            {
                HistoryRows.Backup("Sales", new Guid("10000000-0000-0000-0000-000000000002"), 'L', false, 1200, 1300, Start.AddMinutes(20), "/backup/Sales_20.trn"),
            }, Array.Empty<LoggedDecision>()),
        };
    }

    /// <summary>Replicas with every column drawn: nulls, large LSNs, names with quotes, line breaks and characters outside ASCII.</summary>
    internal static IReadOnlyList<ReplicaHistory> Generate(Random random)
    {
        string[] names = { "Sales", "O'Brien \"db\"", "line\nbreak", "Ünïcødé 数据库", "back\\slash", "]bracket[" };
        string Name() => names[random.Next(names.Length)];
        decimal Lsn() => (decimal)random.NextInt64(1, long.MaxValue) * random.Next(1, 100000);
        DateTime Time() => Start.AddSeconds(random.Next(0, 3_000_000)).AddTicks(random.Next(0, 10_000_000));
        Guid Id()
        {
            byte[] bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }

        var replicas = new List<ReplicaHistory>();
        for (int r = random.Next(0, 4); r > 0; r--)
        {
            var backups = new List<HistoryBackup>();
            for (int b = random.Next(0, 6); b > 0; b--)
            {
                decimal first = Lsn();
                DateTime started = Time();
                backups.Add(new HistoryBackup(
                    Name(),
                    Id(),
                    "DIL"[random.Next(3)],
                    random.Next(2) == 0,
                    first,
                    first + random.Next(0, 1000),
                    random.Next(3) == 0 ? null : Lsn(),
                    random.Next(2) == 0 ? null : Lsn(),
                    started,
                    started.AddSeconds(random.Next(0, 5000)),
                    random.Next(-14 * 4, 14 * 4 + 1) * 15,
                    random.Next(1, 20),
                    random.Next(3) == 0 ? null : (decimal)random.NextInt64(0, long.MaxValue),
                    random.Next(3) == 0 ? null : random.Next(1, 65),
                    Enumerable.Range(1, random.Next(0, 4)).Select(f => new MediaFamily(f, random.Next(0, 4), random.Next(4) == 0 ? null : Name() + ".bak", random.Next(3) == 0 ? null : 2)).ToList(),
                    Enumerable.Range(0, random.Next(0, 3)).Select(_ => new BackupFile(Name(), "/data/" + Name(), "DLF"[random.Next(3)])).ToList()));
            }

            replicas.Add(new ReplicaHistory(
                Name(),
                Time(),
                Enumerable.Range(0, random.Next(0, 3)).Select(_ => new HistoryDatabase(Name(), random.Next(2) == 0 ? null : Id(), random.Next(2) == 0)).ToList(),
                backups,
                Enumerable.Range(0, random.Next(0, 3)).Select(_ => new LoggedDecision(Name(), "LOG", "SKIP", "SKIP_NOT_PREFERRED", Time())).ToList()));
        }

        return replicas;
    }

    private static (int ExitCode, string Output, string Error) StatusFrom(ReplicaHistory[] replicas, params string[] args) =>
        Planning.RunOnHistory(new FixedHistories(replicas), args);
}

/// <summary>Replicas' histories by server name: a connection string here is a server name, and an unknown one cannot be read.</summary>
internal sealed class FixedHistories : IHistorySource
{
    private readonly IReadOnlyList<ReplicaHistory> replicas;

    public FixedHistories(IReadOnlyList<ReplicaHistory> replicas) => this.replicas = replicas;

    public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) =>
        replicas.Any(r => r.ServerName == connectionString)
            ? replicas.Select(r => new GroupReplica(r.ServerName, r.ServerName)).ToList()
            : throw new InvalidOperationException("Login failed for " + connectionString + ".");

    public ReplicaHistory Read(string connectionString, DateTime sinceUtc) =>
        replicas.FirstOrDefault(r => r.ServerName == connectionString) ?? throw new InvalidOperationException("Login failed for " + connectionString + ".");
}
