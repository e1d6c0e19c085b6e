using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Planner;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>
/// agbackup restore's sequence for one database over 30 days of history: a FULL a day, a DIFF every 6 hours, a LOG every
/// 5 minutes (8,640) across three replicas, the job moving on every day's failover. Target (issue 23): under 50 ms.
/// </summary>
[MemoryDiagnoser]
public class RestoreBenchmarks
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly IReadOnlyList<ReplicaBackup> backups = Build();

    [Benchmark]
    public RestoreSequence ThirtyDaysToTheLatest() => RestoreSequenceBuilder.Build("Sales", backups, null);

    [Benchmark]
    public RestoreSequence ThirtyDaysToAPointInTheMiddle() => RestoreSequenceBuilder.Build("Sales", backups, Start.AddDays(15).AddMinutes(17));

    private static List<ReplicaBackup> Build()
    {
        var backups = new List<ReplicaBackup>();
        decimal lsn = 42000000001000000001m;
        decimal differentialBase = 0;
        for (int log = 0; log < 30 * 24 * 12; log++)
        {
            DateTime finished = Start.AddMinutes(5 * (log + 1));
            string server = "SQL" + ((log / (24 * 12)) % 3 + 1).ToString(CultureInfo.InvariantCulture);
            if (log % (24 * 12) == 0)
            {
                differentialBase = lsn + 1;
                backups.Add(new ReplicaBackup(Backup('D', lsn + 1, lsn + 2, lsn + 1, null, finished.AddMinutes(-3)), server));
            }
            else if (log % (6 * 12) == 0)
            {
                backups.Add(new ReplicaBackup(Backup('I', lsn + 3, lsn + 4, lsn + 3, differentialBase, finished.AddMinutes(-2)), server));
            }

            backups.Add(new ReplicaBackup(Backup('L', lsn, lsn + 100, lsn, null, finished), server));
            lsn += 100;
        }

        return backups;
    }

    private static HistoryBackup Backup(char type, decimal first, decimal last, decimal checkpoint, decimal? differentialBase, DateTime finished) =>
        new(
            "Sales",
            Guid.NewGuid(),
            type,
            false,
            first,
            last,
            checkpoint,
            differentialBase,
            finished.AddMinutes(-1),
            finished,
            0,
            1,
            null,
            1,
            new[] { new MediaFamily(1, 0, "/backup/" + type + first.ToString("0", CultureInfo.InvariantCulture), 2) },
            Array.Empty<BackupFile>());
}
