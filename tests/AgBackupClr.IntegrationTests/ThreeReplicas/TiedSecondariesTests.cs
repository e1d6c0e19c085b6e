using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.AvailabilityGroups;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.ThreeReplicas;

/// <summary>Issue 20: three replicas with the default equal BACKUP_PRIORITY under SECONDARY, so the two secondaries tie and
/// SQL Server's undocumented tie-break decides which one sys.fn_hadr_backup_is_preferred_replica names. With both healthy,
/// the docs promise one preferred replica ("only one of the scheduled jobs actually proceeds to the backup stage":
/// docs/relational-databases/system-functions/sys-fn-hadr-backup-is-preferred-replica-transact-sql.md).</summary>
[TestFixture]
[Category("Integration")]
public sealed class TiedSecondariesTests
{
    private static ThreeReplicaCluster Cluster => ThreeReplicaSetUpFixture.Cluster;

    [OneTimeSetUp]
    public Task GivenEqualPrioritiesUnderSecondary() => Cluster.ConfigureBackupAsync("SECONDARY", 50);

    [Test]
    public async Task ExactlyOneOfTheTiedSecondariesIsPreferredAndTakesTheLog()
    {
        // When each replica asks sys.fn_hadr_backup_is_preferred_replica, and the LOG job step really runs on each
        bool[] preferred = await Task.WhenAll(Cluster.Replicas.Select(Cluster.IsPreferredAsync));
        var runs = new RecordedRun[Cluster.Replicas.Count];
        for (int i = 0; i < runs.Length; i++)
        {
            runs[i] = await Cluster.BackUpRecordedAsync(Cluster.Replicas[i], BackupKind.Log, execute: true);
        }

        string answers = string.Join(", ", Cluster.Replicas.Select((replica, i) => $"{replica.Name}={(preferred[i] ? 1 : 0)}"));
        await TestContext.Out.WriteLineAsync("SECONDARY with priorities 50/50/50, both secondaries healthy: " + answers);
        string context = answers + "; " + string.Join(" | ", runs.Select(run => run.Outcome.Describe()));

        // Then one secondary is preferred (which one, the run prints: a WARN_PREFERENCE_DISAGREES on the primary would say it
        // is not the lowest name), it alone takes the LOG, and no replica fails or warns of a copy it cannot back up
        Assert.Multiple(() =>
        {
            Assert.That(preferred[0], Is.False, "the primary is not preferred while a secondary can take it; " + context);
            Assert.That(preferred.Count(answer => answer), Is.EqualTo(1), "exactly one replica is preferred; " + context);
            Assert.That(runs.Sum(run => run.TakenKinds.Count), Is.EqualTo(1), "one LOG across the three replicas; " + context);
            for (int i = 0; i < runs.Length; i++)
            {
                BackupDecision row = runs[i].Outcome.Single(AvailabilityGroupCluster.DatabaseName);
                Assert.That(row.Action, Is.EqualTo(preferred[i] ? "BACKUP" : "SKIP"), context);
                Assert.That(runs[i].Outcome.Error, Is.Null, context);
                Assert.That(row.Reason, Does.Not.Contain("WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING"), context);
            }
        });
    }
}
