using AgBackupClr.Model;
using AgBackupClr.TSql;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>Building one BACKUP statement, target at most 2 us.</summary>
[MemoryDiagnoser]
public class CommandBenchmarks
{
    private readonly BackupCommandOptions options = new BackupCommandOptions(
        "Sales", BackupType.Log, false, @"\\backupshare\sql\AgSales_Sales_LOG_20250101_120000_000.trn", true, true, 10);

    [Benchmark]
    public string BuildBackupLog() => BackupCommand.Build(options);
}
