using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>Issue 20: dbo.fn_BackupStatus's newest backup per database and type, over an msdb nobody purges. Its query
/// used to ask, for every backupset row, whether a newer one exists (a correlated self-anti-join), which grows with the
/// square of the history; it now reads backupset once and ranks. Its own instance: the test fills msdb with 100,000
/// generated rows that no other fixture should see.</summary>
[TestFixture]
public sealed class BackupHistoryScaleTests : OwnInstanceFixture
{
    /// <summary>The databases of Sql/BackupHistory/CreateHistoryDatabases.sql, which fn_BackupStatus has rows for.</summary>
    private static readonly string[] Databases = ["AgBackupHistory1", "AgBackupHistory2", "AgBackupHistory3"];

    /// <summary>The names the generated history is spread over: the three databases and seventeen that no longer exist.</summary>
    private const int HistoryNames = 20;

    /// <summary>
    /// A bound on the logical reads per backupset row that a plan reading backupset once (pages of a handful of rows each,
    /// at most a seek or two into restorehistory per row) stays well under, and that a plan visiting the newer rows of
    /// every row (with a key lookup each) exceeds many times.
    /// </summary>
    private const int ReadsPerRow = 4;

    /// <summary>What the function reads besides the history: sys.databases, sys.master_files and the other state queries.</summary>
    private const int OtherReads = 20_000;

    [OneTimeSetUp]
    public async Task InstallAndCreateTheDatabases()
    {
        await Server.DeployAsync();
        await Server.ExecuteFileAsync("master", "BackupHistory/CreateHistoryDatabases.sql");
    }

    /// <summary>First, while the history is small enough for the old query to answer quickly.</summary>
    [Test]
    [Order(1)]
    public async Task TheNewestBackupsAreTheOnesTheSelfAntiJoinFound()
    {
        // Given generated history with ties, copy-only, unfinished and LSN-less backups, and the edge cases as the newest
        await FillAsync(firstNumber: 1, rows: 3_000, edgeCases: true);

        // When dbo.fn_BackupStatus is read, and the query it used before issue 20 runs for each database
        IReadOnlyList<SqlRow> status = await Server.QueryFileAsync(SqlServerInstance.UtilityDatabase, "BackupHistory/BackupStatusOfEveryDatabase.sql");
        var failures = new List<string>();
        foreach (string database in Databases)
        {
            IReadOnlyList<SqlRow> reference = await Server.QueryFileAsync(
                "master", "BackupHistory/NewestBackupsBySelfAntiJoin.sql", new Dictionary<string, object?> { ["@database_name"] = database });
            SqlRow row = status.Single(r => r.Text("database_name") == database);
            foreach ((string type, string column) in new[] { ("D", "last_full_last_lsn"), ("I", "last_diff_last_lsn"), ("L", "last_log_last_lsn") })
            {
                decimal?[] expected = reference.Where(r => r.Text("type") == type).Select(r => r.Numeric("last_lsn")).ToArray();
                decimal? shown = row.Numeric(column);
                bool same = expected.Length == 0 ? shown is null : expected.Contains(shown);
                if (!same)
                {
                    failures.Add($"{database} {type}: fn_BackupStatus {column} = {shown?.ToString() ?? "NULL"}, the anti-join found [{string.Join(", ", expected)}]");
                }
            }
        }

        // Then each type's newest backup is the one the anti-join found (one of two finished in the same instant; none where
        // the newest has no last_lsn), including the edge cases: a newer copy-only FULL is passed over (AgBackupHistory1),
        // two FULLs tie (AgBackupHistory2), and a newest FULL without last_lsn leaves no FULL (AgBackupHistory3)
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty);
            Assert.That(status.Single(r => r.Text("database_name") == "AgBackupHistory3").Numeric("last_full_last_lsn"), Is.Null,
                "the newest FULL of AgBackupHistory3 has no last_lsn, so, as before, no FULL is shown");
        });
    }

    [Test]
    [Order(2)]
    public async Task ReadingTheNewestBackupsOf100000HistoryRowsReadsEachRowAFewTimesAtMost()
    {
        // Given msdb.dbo.backupset with 100,000 more generated rows (after whatever the other test added)
        await FillAsync(firstNumber: 10_000_000, rows: 100_000, edgeCases: false);
        long rows = (long)(await Server.QuerySingleFileAsync("master", "BackupHistory/BackupSetRows.sql")).Numeric("backupset_rows")!.Value;

        // When dbo.fn_BackupStatus is read for every database, measured by its own session's counters
        await using SqlConnection connection = await Server.OpenAsync(SqlServerInstance.UtilityDatabase);
        SqlRow before = await SqlRunner.QuerySingleAsync(connection, TestSql.Load("BackupHistory/SessionWork.sql"));
        var clock = Stopwatch.StartNew();
        IReadOnlyList<SqlRow> status = await SqlRunner.QueryAsync(connection, TestSql.Load("BackupHistory/BackupStatusOfEveryDatabase.sql"));
        clock.Stop();
        SqlRow after = await SqlRunner.QuerySingleAsync(connection, TestSql.Load("BackupHistory/SessionWork.sql"));
        decimal reads = after.Numeric("logical_reads")!.Value - before.Numeric("logical_reads")!.Value;
        decimal cpu = after.Numeric("cpu_time")!.Value - before.Numeric("cpu_time")!.Value;
        string measured = $"{rows} backupset rows: {reads} logical reads, {cpu} ms CPU, {clock.Elapsed.TotalSeconds:F1} s, {status.Count} rows";
        await TestContext.Out.WriteLineAsync("dbo.fn_BackupStatus(NULL) over " + measured);

        // Then it read each history row a few times at most, and answered within a minute
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.GreaterThanOrEqualTo(100_000), measured);
            Assert.That(reads, Is.LessThanOrEqualTo((ReadsPerRow * rows) + OtherReads), measured);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), measured);
            Assert.That(status.Select(r => r.Text("database_name")), Is.SupersetOf(Databases), measured);
        });
    }

    private Task FillAsync(int firstNumber, int rows, bool edgeCases)
    {
        return Server.ExecuteFileAsync(
            "master",
            "BackupHistory/FillBackupHistory.sql",
            new Dictionary<string, object?>
            {
                ["@FirstNumber"] = firstNumber,
                ["@Rows"] = rows,
                ["@DatabaseCount"] = HistoryNames,
                ["@EdgeCases"] = edgeCases ? 1 : 0,
            });
    }
}
