using AgBackupClr.Model;
using AgBackupClr.Rules;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>
/// One decision, target at most 1 us and 500 bytes. On the primary the LOG request runs the election and skips;
/// the FULL request is the primary-only path that takes the backup.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private readonly AvailabilityGroupFacts group = Facts.Group(3);
    private readonly DatabaseFacts database = Facts.Database(false);
    private readonly BackupRequest log = new BackupRequest(BackupType.Log, false, false, true, SelectedBy.Name);
    private readonly BackupRequest full = new BackupRequest(BackupType.Full, false, false, true, SelectedBy.Name);

    [Benchmark]
    public BackupDecision LogOnPrimarySkipsForPreferredSecondary() =>
        BackupDecisionEngine.Decide(Facts.Instance, "Sales", database, group, log);

    [Benchmark]
    public BackupDecision FullOnPrimaryTakesPrimaryOnlyType() =>
        BackupDecisionEngine.Decide(Facts.Instance, "Sales", database, group, full);
}
