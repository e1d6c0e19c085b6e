using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using AgBackupClr.Planner;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>
/// agbackup status over 20 replicas whose reads take 50 to 69 ms (an artificial delay in place of the network): with
/// --parallel 20 the whole read should take about as long as the slowest replica, 69 ms, not the sum, about 1.2 s; --parallel
/// 1 and the default 4 show the scale between.
/// </summary>
public class ParallelReadBenchmarks
{
    private const int Replicas = 20;

    private static readonly string[] Servers = Enumerable.Range(0, Replicas).Select(i => "SQL" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    [Params(1, 4, 20)]
    public int Parallel { get; set; }

    [Benchmark]
    public int StatusOfTwentyReplicas()
    {
        var args = new List<string> { "status", "--parallel", Parallel.ToString(CultureInfo.InvariantCulture) };
        foreach (string server in Servers)
        {
            args.Add("--server");
            args.Add(server);
        }

        return PlannerCommand.Run(args, TextWriter.Null, TextWriter.Null, _ => throw new InvalidOperationException("status reads no server state."), new DelayedHistories(), false);
    }

    /// <summary>Replica SQLn answers after 50 + n ms with one database and its FULL.</summary>
    private sealed class DelayedHistories : IHistorySource
    {
        private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

        public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) => Array.Empty<GroupReplica>();

        public ReplicaHistory Read(string connectionString, DateTime sinceUtc)
        {
            Thread.Sleep(50 + int.Parse(connectionString.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture));
            var family = new MediaFamily(1, 0, @"X:\Sales.bak", 2);
            var full = new HistoryBackup(
                "Sales", Guid.NewGuid(), 'D', false, 1000, 1001, 1000, null, Now.AddHours(-2), Now.AddHours(-1), 0, 1, null, 1, new[] { family }, Array.Empty<BackupFile>());
            return new ReplicaHistory(connectionString, Now, new[] { new HistoryDatabase("Sales", null, false) }, new[] { full }, Array.Empty<LoggedDecision>());
        }
    }
}
