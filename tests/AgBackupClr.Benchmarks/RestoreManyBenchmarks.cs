using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AgBackupClr.Planner;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>
/// agbackup restore --database % over 1,000 databases, each with a FULL and a day of LOGs every 15 minutes (96) split over
/// two replicas, read through the IHistorySource seam (no server time) and planned to the latest, as JSON. Target (issue
/// 23): under 5 s plus the servers' own query time.
/// </summary>
[MemoryDiagnoser]
public class RestoreManyBenchmarks
{
    private const int Databases = 1000;

    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly InMemoryHistories histories = new(Build());

    [Benchmark]
    public int ThousandDatabasesToTheLatest() =>
        PlannerCommand.Run(
            new[] { "restore", "--server", "SQL1", "--server", "SQL2", "--database", "%", "--format", "json" },
            TextWriter.Null,
            TextWriter.Null,
            _ => throw new InvalidOperationException("restore reads no server state."),
            histories,
            false);

    private static Dictionary<string, ReplicaHistory> Build()
    {
        var databases = new List<HistoryDatabase>();
        var backups = new Dictionary<string, List<HistoryBackup>> { ["SQL1"] = new(), ["SQL2"] = new() };
        for (int d = 0; d < Databases; d++)
        {
            string name = "Db" + d.ToString("D4", CultureInfo.InvariantCulture);
            databases.Add(new HistoryDatabase(name, new Guid(d + 1, 0, 0, new byte[8]), false, "AG1"));
            backups["SQL1"].Add(Backup(name, 'D', 1001, 1002, 0));
            for (int i = 1; i <= 96; i++)
            {
                backups[i <= 48 ? "SQL1" : "SQL2"].Add(Backup(name, 'L', 1000 + (10 * (i - 1)), 1000 + (10 * i), 15 * i));
            }
        }

        return backups.ToDictionary(pair => pair.Key, pair => new ReplicaHistory(pair.Key, Start.AddDays(1), databases, pair.Value, Array.Empty<LoggedDecision>()));
    }

    private static HistoryBackup Backup(string database, char type, decimal first, decimal last, int minutes) =>
        new(
            database, Guid.NewGuid(), type, false, first, last, first, null, Start.AddMinutes(minutes - 1), Start.AddMinutes(minutes), 0, 1, null, 1,
            new[] { new MediaFamily(1, 0, "/backup/" + database + "_" + minutes.ToString(CultureInfo.InvariantCulture) + ".bak", 2) },
            Array.Empty<BackupFile>());

    private sealed class InMemoryHistories : IHistorySource
    {
        private readonly Dictionary<string, ReplicaHistory> replicas;

        public InMemoryHistories(Dictionary<string, ReplicaHistory> replicas) => this.replicas = replicas;

        public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) => Array.Empty<GroupReplica>();

        public ReplicaHistory Read(string connectionString, DateTime sinceUtc) => replicas[connectionString];
    }
}
