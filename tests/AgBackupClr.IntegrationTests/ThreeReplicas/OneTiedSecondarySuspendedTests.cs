using System;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.AvailabilityGroups;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.ThreeReplicas;

/// <summary>Which of the two tied secondaries a fixture suspends: the one the engine's lowest-name guess would name, or the other.</summary>
public enum SuspendedSecondary
{
    SortingFirst,
    SortingLast,
}

/// <summary>Issue 20: equal BACKUP_PRIORITY under SECONDARY, one of the two tied secondaries suspended, once each way. Whichever
/// one SQL Server prefers, the primary must not fail its LOG job (another secondary it may prefer can take it) and must say
/// so in a warning; the LOG is taken once, on the healthy secondary, or refused by the suspended one if SQL Server prefers it
/// (SQL Server backs up a secondary only when its database is SYNCHRONIZED or SYNCHRONIZING:
/// docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md).</summary>
[TestFixture(SuspendedSecondary.SortingFirst)]
[TestFixture(SuspendedSecondary.SortingLast)]
[Category("Integration")]
public sealed class OneTiedSecondarySuspendedTests
{
    private readonly SuspendedSecondary which;

    public OneTiedSecondarySuspendedTests(SuspendedSecondary which)
    {
        this.which = which;
    }

    private static ThreeReplicaCluster Cluster => ThreeReplicaSetUpFixture.Cluster;

    private Replica Suspended => which == SuspendedSecondary.SortingFirst ? Cluster.SecondarySortingFirst : Cluster.SecondarySortingLast;

    private Replica Healthy => which == SuspendedSecondary.SortingFirst ? Cluster.SecondarySortingLast : Cluster.SecondarySortingFirst;

    [OneTimeSetUp]
    public async Task GivenEqualPrioritiesAndOneSecondarySuspended()
    {
        await Cluster.ConfigureBackupAsync("SECONDARY", 50);
        await Cluster.SuspendDataMovementAsync(Suspended);
    }

    [OneTimeTearDown]
    public Task ResumeDataMovement() => Cluster.ResumeDataMovementAsync(Suspended);

    [Test]
    public async Task ThePrimarySkipsTheLogWithAWarningAndDoesNotFail()
    {
        // When the LOG job step really runs on the primary
        bool suspendedPreferred = await Cluster.IsPreferredAsync(Suspended);
        RecordedRun run = await Cluster.BackUpRecordedAsync(Cluster.Primary, BackupKind.Log, execute: true);
        BackupDecision row = run.Outcome.Single(AvailabilityGroupCluster.DatabaseName);
        await TestContext.Out.WriteLineAsync(
            $"{Suspended.Name} suspended, sys.fn_hadr_backup_is_preferred_replica there: {(suspendedPreferred ? 1 : 0)}. Primary: {run.Outcome.Describe()}");

        // Then it skips, names the suspended secondary in a warning, takes nothing and raises no error: another tied secondary
        // can take the LOG, so its failure would hang on SQL Server's undocumented tie-break
        Assert.Multiple(() =>
        {
            Assert.That((row.Action, row.ReasonCode), Is.EqualTo(("SKIP", "SKIP_NOT_PREFERRED")), run.Outcome.Describe());
            Assert.That(row.Reason, Does.Contain("WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING: Replicas ")
                .And.Contain("data movement of its database is SUSPENDED on " + Suspended.Name).IgnoreCase, run.Outcome.Describe());
            Assert.That(run.Outcome.Error, Is.Null, "the primary's job step does not fail; " + run.Outcome.Describe());
            Assert.That(run.TakenKinds, Is.Empty, run.Outcome.Describe());
        });
    }

    [Test]
    public async Task TheLogIsTakenOnceOnTheHealthySecondaryOrRefusedByTheSuspendedOne()
    {
        // Given SQL Server's answer on each secondary
        bool suspendedPreferred = await Cluster.IsPreferredAsync(Suspended);
        bool healthyPreferred = await Cluster.IsPreferredAsync(Healthy);

        // When the LOG job step really runs on both secondaries
        RecordedRun onSuspended = await Cluster.BackUpRecordedAsync(Suspended, BackupKind.Log, execute: true);
        RecordedRun onHealthy = await Cluster.BackUpRecordedAsync(Healthy, BackupKind.Log, execute: true);
        BackupDecision suspendedRow = onSuspended.Outcome.Single(AvailabilityGroupCluster.DatabaseName);
        BackupDecision healthyRow = onHealthy.Outcome.Single(AvailabilityGroupCluster.DatabaseName);
        string context = $"preferred: {Suspended.Name} (suspended)={suspendedPreferred}, {Healthy.Name}={healthyPreferred}; "
            + $"suspended: {onSuspended.Outcome.Describe()} | healthy: {onHealthy.Outcome.Describe()}";
        await TestContext.Out.WriteLineAsync("SECONDARY 50/50/50, one secondary suspended: " + context);

        // Then the suspended secondary never backs up; the LOG is taken once, or the suspended one, preferred, refuses it
        Assert.Multiple(() =>
        {
            Assert.That(suspendedPreferred && healthyPreferred, Is.False, "one preferred replica at most; " + context);
            Assert.That(onSuspended.TakenKinds, Is.Empty, "no backup on the suspended secondary; " + context);
            if (suspendedPreferred)
            {
                Assert.That(suspendedRow.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"), context);
                Assert.That(onSuspended.Outcome.Error?.Class, Is.EqualTo(16), context);
            }
            else
            {
                Assert.That(onSuspended.Outcome.Error, Is.Null, context);
            }

            Assert.That(healthyRow.Action, Is.EqualTo(healthyPreferred ? "BACKUP" : "SKIP"), context);
            Assert.That(onHealthy.TakenKinds.Count + (suspendedRow.Action == "REFUSE" ? 1 : 0), Is.EqualTo(1),
                "the LOG is taken once or refused, never lost silently; " + context);
        });
    }
}
