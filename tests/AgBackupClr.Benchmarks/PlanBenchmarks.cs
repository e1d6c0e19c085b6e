using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;
using AgBackupClr.Planner;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>A whole plan, 1,000 databases x 5 replicas x FULL, DIFF, LOG (15,000 decisions), target under 5 ms on one core.</summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private static readonly IReadOnlyList<PlannedBackup> Backups = new[]
    {
        new PlannedBackup(BackupType.Full, false),
        new PlannedBackup(BackupType.Diff, false),
        new PlannedBackup(BackupType.Log, false),
    };

    private readonly Topology topology = Build();

    /// <summary>
    /// As agbackup plans: PlannerCommand writes each row as BackupPlanner.PlanEach yields it and holds none. Counting the
    /// backups stands in for the writer, so that every row is planned and read.
    /// </summary>
    [Benchmark]
    public int ThousandDatabasesFiveReplicas()
    {
        int backups = 0;
        foreach (PlanRow row in BackupPlanner.PlanEach(topology, Backups, null))
        {
            backups += row.Decision.ShouldRunHere ? 1 : 0;
        }

        return backups;
    }

    /// <summary>
    /// The same plan held whole (BackupPlanner.Plan, as the tests read it): 15,000 rows in one array on the large-object heap,
    /// whose every allocation counts toward a generation 2 collection.
    /// </summary>
    [Benchmark]
    public IReadOnlyList<PlanRow> ThousandDatabasesFiveReplicasHeld() => BackupPlanner.Plan(topology, Backups);

    private static Topology Build()
    {
        var replicas = new List<TopologyReplica>();
        for (int i = 1; i <= 5; i++)
        {
            replicas.Add(new TopologyReplica(
                "SQL" + i.ToString(CultureInfo.InvariantCulture),
                50 + i,
                AvailabilityMode.SynchronousCommit,
                i == 1 ? ReplicaRole.Primary : ReplicaRole.Secondary,
                true,
                true,
                new List<TopologyDatabaseReplica>()));
        }

        var databases = new List<TopologyDatabase>();
        for (int i = 0; i < 1000; i++)
        {
            databases.Add(new TopologyDatabase(
                "Db" + i.ToString("D4", CultureInfo.InvariantCulture), DatabaseState.Online, RecoveryModel.Full, true, true, "AgBig"));
        }

        var group = new TopologyGroup("AgBig", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, replicas);
        return new Topology(new TopologyInstance(16, InstanceFacts.EnterpriseEngineEdition), new[] { group }, databases);
    }
}
