using AgBackupClr.Model;
using AgBackupClr.Rules;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>The election over 2, 5 and 9 replicas (SQL Server allows up to 9 replicas in one availability group).</summary>
[MemoryDiagnoser]
public class ElectionBenchmarks
{
    private AvailabilityGroupFacts group = Facts.Group(2);

    [Params(2, 5, 9)]
    public int Replicas { get; set; }

    [GlobalSetup]
    public void Setup() => group = Facts.Group(Replicas);

    [Benchmark]
    public ElectionResult Elect() => BackupElection.Elect(group);
}
