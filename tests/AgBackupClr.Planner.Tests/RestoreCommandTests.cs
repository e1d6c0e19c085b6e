using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup restore end to end, driven by history files as a DBA drives it: Sales's FULL taken on SQL1 in two stripes, two
/// LOGs there, then a failover: SQL2 (one hour east of UTC) takes a DIFF and the next LOGs.
/// </summary>
public sealed class RestoreCommandTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_script_restores_the_full_the_diff_and_the_logs_from_the_replica_that_took_each_and_stops_in_the_last()
    {
        (int exitCode, string output, string error) = Restore(History(), "--stop-at", "2026-11-01T00:25:00Z");

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Is.EqualTo(
            "-- agbackup restore of Sales to 2026-11-01 00:25:00Z\n"
            + "-- FULL taken on SQL1, finished 2026-11-01 00:00:00Z, LSN 1001 to 1002\n"
            + "RESTORE DATABASE [Sales] FROM DISK = N'/backup/Sales_1.bak', DISK = N'/backup/Sales_2.bak' WITH FILE = 1, NORECOVERY, STATS = 10;\n"
            + "-- DIFF taken on SQL2, finished 2026-11-01 00:17:00Z, LSN 1250 to 1251\n"
            + "RESTORE DATABASE [Sales] FROM DISK = N'/backup/Sales_diff.bak' WITH FILE = 1, NORECOVERY, STATS = 10;\n"
            + "-- LOG taken on SQL2, finished 2026-11-01 00:20:00Z, LSN 1200 to 1300\n"
            + "RESTORE LOG [Sales] FROM DISK = N'/backup/Sales_20.trn' WITH FILE = 1, NORECOVERY, STATS = 10;\n"
            + "-- LOG taken on SQL2, finished 2026-11-01 00:30:00Z, LSN 1300 to 1400\n"
            + "RESTORE LOG [Sales] FROM DISK = N'/backup/Sales_30.trn' WITH FILE = 1, NORECOVERY, STATS = 10, STOPAT = N'2026-11-01T01:25:00.000';\n"
            + "RESTORE DATABASE [Sales] WITH RECOVERY;\n"));
    }

    [Test]
    public void A_stop_at_time_with_an_offset_is_the_same_instant()
    {
        Assert.That(Restore(History(), "--stop-at", "2026-11-01T01:25:00+01:00"), Is.EqualTo(Restore(History(), "--stop-at", "2026-11-01T00:25:00Z")));
    }

    [Test]
    public void Latest_restores_to_the_end_of_the_newest_log_without_stopat()
    {
        (int exitCode, string output, _) = Restore(History(), "--latest");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.StartWith("-- agbackup restore of Sales to the end of its last backup\n"));
        Assert.That(output, Does.Contain("RESTORE LOG [Sales] FROM DISK = N'/backup/Sales_30.trn' WITH FILE = 1, NORECOVERY, STATS = 10;\n"));
        Assert.That(output, Does.Not.Contain("STOPAT"));
        Assert.That(Restore(History()), Is.EqualTo((exitCode, output, string.Empty)), "--latest is the default");
    }

    [Test]
    public void As_a_new_name_moves_each_file_of_the_full_and_never_replaces_unless_asked()
    {
        (int exitCode, string output, _) = Restore(History(), "--as", "Sales_copy", "--data-path", "/restore", "--format", "sql");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain(
            "RESTORE DATABASE [Sales_copy] FROM DISK = N'/backup/Sales_1.bak', DISK = N'/backup/Sales_2.bak' WITH FILE = 1, NORECOVERY, STATS = 10, "
            + "MOVE N'Sales' TO N'/restore/Sales_copy.mdf', MOVE N'Sales_log' TO N'/data/Sales_copy_log.ldf';\n"));
        Assert.That(output, Does.EndWith("RESTORE DATABASE [Sales_copy] WITH RECOVERY;\n"));
        Assert.That(output, Does.Not.Contain("REPLACE"));
        Assert.That(Restore(History(), "--replace").Output, Does.Contain("STATS = 10, REPLACE;\n"));
    }

    [Test]
    public void As_a_new_name_without_the_full_s_file_list_exits_3()
    {
        ReplicaHistory[] history = History();
        history[0] = history[0] with { Backups = history[0].Backups.Select(b => b with { Files = Array.Empty<BackupFile>() }).ToList() };

        (int exitCode, string output, string error) = Restore(history, "--as", "Sales_copy");

        Assert.That((exitCode, output), Is.EqualTo((3, string.Empty)));
        Assert.That(error, Is.EqualTo(
            "agbackup: the file list of the FULL SQL1 took (finished 2026-11-01 00:00:00Z) is not in msdb.dbo.backupfile: --as cannot say where its files go.\n"));
    }

    [Test]
    public void The_table_shows_each_step_s_replica_lsns_times_size_and_files()
    {
        (int exitCode, string output, _) = Restore(History(), "--stop-at", "2026-11-01T00:25:00Z", "--format", "table");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Is.EqualTo(
            "STEP  TYPE  REPLICA  FIRST LSN  LAST LSN  STARTED               FINISHED              SIZE     FILES\n"
            + "----  ----  -------  ---------  --------  --------------------  --------------------  -------  ----------------------------------------\n"
            + "1     FULL  SQL1     1001       1002      2026-10-31 23:59:00Z  2026-11-01 00:00:00Z  1048576  /backup/Sales_1.bak, /backup/Sales_2.bak\n"
            + "2     DIFF  SQL2     1250       1251      2026-11-01 00:16:00Z  2026-11-01 00:17:00Z  -        /backup/Sales_diff.bak\n"
            + "3     LOG   SQL2     1200       1300      2026-11-01 00:19:00Z  2026-11-01 00:20:00Z  -        /backup/Sales_20.trn\n"
            + "4     LOG   SQL2     1300       1400      2026-11-01 00:29:00Z  2026-11-01 00:30:00Z  -        /backup/Sales_30.trn\n"
            + "STOPAT 2026-11-01 00:25:00Z in the last LOG, then RECOVERY.\n"));
    }

    [Test]
    public void The_json_property_names_are_the_documented_ones()
    {
        (int exitCode, string output, _) = Restore(History(), "--stop-at", "2026-11-01T00:25:00Z", "--format", "json", "--as", "Sales_copy");

        Assert.That(exitCode, Is.EqualTo(0));
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "database_name", "restore_as", "stop_at_utc", "steps" }));
        Assert.That(root.GetProperty("stop_at_utc").GetString(), Is.EqualTo("2026-11-01T00:25:00Z"));
        JsonElement full = root.GetProperty("steps")[0];
        Assert.That(full.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "backup_type", "server_name", "backup_set_uuid", "first_lsn", "last_lsn", "started_utc", "finished_utc", "backup_size", "position", "files",
        }));
        Assert.That(full.GetProperty("files").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "/backup/Sales_1.bak", "/backup/Sales_2.bak" }));
        Assert.That(root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("server_name").GetString()), Is.EqualTo(new[] { "SQL1", "SQL2", "SQL2", "SQL2" }));
    }

    [Test]
    public void A_log_missing_from_every_msdb_exits_3_naming_the_lsns_and_the_replicas_around_it()
    {
        ReplicaHistory[] history = History();
        history[1] = history[1] with { Backups = history[1].Backups.Where(b => b.LastLsn != 1300).ToList() };

        (int exitCode, string output, string error) = Restore(history, "--stop-at", "2026-11-01T00:25:00Z");

        Assert.That((exitCode, output), Is.EqualTo((3, string.Empty)));
        Assert.That(error, Is.EqualTo(
            "agbackup: no log backup of \"Sales\" read covers LSN 1251 to 1300: it was taken between 2026-11-01 00:17:00Z (end of the DIFF SQL2 took) and "
            + "2026-11-01 00:29:00Z (start of the LOG SQL2 took), and no msdb read names it: read the replica that took it, or its history was deleted.\n"));
    }

    [Test]
    public void A_time_before_the_first_full_exits_3()
    {
        (int exitCode, string output, string error) = Restore(History(), "--stop-at", "2026-10-31T12:00:00Z");

        Assert.That((exitCode, output), Is.EqualTo((3, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: no FULL of \"Sales\" read finished at or before 2026-10-31 12:00:00Z;"));
    }

    [Test]
    public void A_replica_that_cannot_be_read_exits_1_and_the_sequence_found_without_it_is_still_printed()
    {
        (int exitCode, string output, string error) = Planning.RunOnHistory(
            new FixedHistories(History()), "restore", "--server", "SQL1", "--server", "SQL2", "--server", "SQL9", "--database", "Sales");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("agbackup: cannot read --server number 3: Login failed for SQL9.\n"));
        Assert.That(output, Does.EndWith("RESTORE DATABASE [Sales] WITH RECOVERY;\n"));
    }

    [TestCase(new[] { "--stop-at", "2026-11-01T00:25:00Z", "--latest" }, "give --stop-at TIME or --latest, not both.")]
    [TestCase(new[] { "--data-path", "/restore" }, "--data-path and --log-path say where the files of a database restored --as NEWNAME go: give --as too.")]
    [TestCase(new[] { "--stop-at", "yesterday" }, "--stop-at \"yesterday\" is not a time: give one as 2026-11-01T00:15:00Z (UTC) or 2026-11-01T01:15:00+01:00.")]
    [TestCase(new[] { "--as", "" }, "--as \"\": a database name has 1 to 128 characters.")]
    [TestCase(new[] { "--format", "xml" }, "--format \"xml\": give one of sql, table, json.")]
    public void A_wrong_command_line_exits_2_and_says_what_is_wrong(string[] options, string expected)
    {
        (int exitCode, string output, string error) = Restore(History(), options);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith(expected + "\n"));
    }

    [Test]
    public void Restore_without_a_history_or_a_database_exits_2()
    {
        Assert.That(Planning.Run("restore", "--database", "Sales").Error, Does.StartWith(
            "give one of --server \"CONNECTION STRING\" (repeatable), --group-from \"CONNECTION STRING\" or --history FILE.json, not none.\n"));
        Assert.That(Planning.Run("restore", "--history", "x.json").ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Help_lists_every_option_and_the_exit_codes()
    {
        (int exitCode, string output, _) = Planning.Run("restore", "--help");

        Assert.That(exitCode, Is.EqualTo(0));
        foreach (string option in new[] { "--server", "--group-from", "--history", "--since", "--database", "--stop-at", "--latest", "--format", "--as", "--data-path", "--log-path", "--replace" })
        {
            Assert.That(output, Does.Contain(option));
        }

        Assert.That(output, Does.Contain("Exit codes: 0"));
    }

    [Test]
    public void A_pattern_restores_every_database_it_matches_each_on_its_own_and_json_is_one_array()
    {
        ReplicaHistory[] both = WithFinance(History());

        (int exitCode, string output, string error) = HistoryFileTests.RunOn(HistoryFile.Write(both), "restore", "--database", "%a%", "--format", "json");

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        using JsonDocument parsed = JsonDocument.Parse(output);
        Assert.That(parsed.RootElement.EnumerateArray().Select(o => o.GetProperty("database_name").GetString()), Is.EqualTo(new[] { "Finance", "Sales" }));
        Assert.That(HistoryFileTests.RunOn(HistoryFile.Write(both), "restore", "--database", "Sales", "--format", "json").Output, Does.StartWith("{"),
            "one name without % is one object, as before");
    }

    [Test]
    public void Each_database_stands_alone_a_pattern_that_matches_nothing_is_named_exits_3_and_the_others_are_printed()
    {
        (int exitCode, string output, string error) = HistoryFileTests.RunOn(
            HistoryFile.Write(WithFinance(History())), "restore", "--database", "Fin%", "--database", "Nope%", "--database", "Sales");

        Assert.That(exitCode, Is.EqualTo(RestoreCommand.NoSequence));
        Assert.That(error, Is.EqualTo("agbackup: --database \"Nope%\" matches no database in the history read.\n"));
        Assert.That(output, Does.StartWith("-- agbackup restore of Finance to the end of its last backup\n"));
        Assert.That(output, Does.Contain("\n\n-- agbackup restore of Sales to the end of its last backup\n"));
    }

    [Test]
    public void As_names_one_database_only()
    {
        (int exitCode, _, string error) = Restore(History(), "--database", "Finance%", "--as", "Copy");

        Assert.That(exitCode, Is.EqualTo(PlannerCommand.BadInput));
        Assert.That(error, Does.StartWith("--as names one database: give one --database without %."));
    }

    /// <summary>The history with a second database, Finance, on SQL1: one FULL and the LOG after it.</summary>
    private static ReplicaHistory[] WithFinance(ReplicaHistory[] history)
    {
        var finance = new HistoryDatabase("Finance", null, false);
        HistoryBackup full = HistoryRows.Backup("Finance", new Guid("f0000000-0000-0000-0000-0000000000f1"), 'D', false, 5001, 5002, Start, "/backup/Finance.bak");
        HistoryBackup log = HistoryRows.Backup("Finance", new Guid("f0000000-0000-0000-0000-0000000000f2"), 'L', false, 5000, 5100, Start.AddMinutes(5), "/backup/Finance.trn");
        return history.Select(replica => replica.ServerName == "SQL1"
            ? replica with { Databases = replica.Databases.Append(finance).ToArray(), Backups = replica.Backups.Concat(new[] { full, log }).ToArray() }
            : replica).ToArray();
    }

    private static (int ExitCode, string Output, string Error) Restore(ReplicaHistory[] history, params string[] options) =>
        HistoryFileTests.RunOn(HistoryFile.Write(history), new[] { "restore", "--database", "Sales" }.Concat(options).ToArray());

    internal static ReplicaHistory[] History()
    {
        var sales = new[] { new HistoryDatabase("Sales", new Guid("5a1e5000-0000-0000-0000-000000000001"), false) };
        HistoryBackup full = HistoryRows.Backup("Sales", new Guid("f0000000-0000-0000-0000-000000000001"), 'D', false, 1001, 1002, Start, "/backup/Sales_1.bak") with
        {
            Families = new[] { new MediaFamily(2, 0, "/backup/Sales_2.bak", 2), new MediaFamily(1, 0, "/backup/Sales_1.bak", 2) },
            MediaFamilyCount = 2,
            BackupSize = 1048576,
            Files = new[] { new BackupFile("Sales", "/data/Sales.mdf", 'D'), new BackupFile("Sales_log", "/data/Sales_log.ldf", 'L') },
        };
        HistoryBackup diff = HistoryRows.Backup("Sales", new Guid("d0000000-0000-0000-0000-000000000001"), 'I', false, 1250, 1251, Start.AddMinutes(17), "/backup/Sales_diff.bak") with { DifferentialBaseLsn = 1001, UtcOffsetMinutes = 60 };
        return new[]
        {
            new ReplicaHistory("SQL1", Start.AddHours(1), sales, new List<HistoryBackup>
            {
                full, Log(1000, 1100, 5, 0), Log(1100, 1200, 10, 0),
            }, Array.Empty<LoggedDecision>()),
            new ReplicaHistory("SQL2", Start.AddHours(1), sales, new List<HistoryBackup>
            {
                diff, Log(1200, 1300, 20, 60), Log(1300, 1400, 30, 60),
            }, Array.Empty<LoggedDecision>()),
        };
    }

    private static HistoryBackup Log(decimal first, decimal last, int minutes, int utcOffsetMinutes) =>
        HistoryRows.Backup("Sales", new Guid(minutes, 0, 0, new byte[8]), 'L', false, first, last, Start.AddMinutes(minutes), "/backup/Sales_" + minutes + ".trn") with { UtcOffsetMinutes = utcOffsetMinutes };
}
