using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>BACKUP_PRIORITY changed with ALTER AVAILABILITY GROUP ... MODIFY REPLICA moves the backup,
/// and priority 0 ("never") can leave no replica eligible (REFUSE_NO_ELIGIBLE_REPLICA).</summary>
[TestFixture]
public sealed class PriorityChangeTests : AvailabilityGroupTestBase
{
    [Test]
    public async Task RaisingTheSecondaryPriorityMovesTheBackupToTheSecondary()
    {
        // Given preference NONE with the primary's priority higher: the primary takes the LOG backup
        await Cluster.ConfigureBackupAsync("NONE", 90, 10);
        BackupDecision before = await AssertDryRunFollowsTheEngineAsync(Cluster.Primary, BackupKind.Log);
        Assert.That(before.Action, Is.EqualTo("BACKUP"), "before the change, on the primary");

        // When the secondary's priority is raised above it with MODIFY REPLICA
        await Cluster.SetBackupPriorityAsync(Cluster.Secondary, 100);
        await Cluster.WaitUntilBothReplicasSeeAsync("NONE", 90, 100);

        // Then the engine prefers the secondary and the procedure follows on both replicas
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);
        Assert.Multiple(() =>
        {
            Assert.That(primaryPreferred, Is.False, "on the primary");
            Assert.That(secondaryPreferred, Is.True, "on the secondary");
        });
        BackupDecision onPrimary = await AssertDryRunFollowsTheEngineAsync(Cluster.Primary, BackupKind.Log);
        BackupDecision onSecondary = await AssertDryRunFollowsTheEngineAsync(Cluster.Secondary, BackupKind.Log);
        Assert.Multiple(() =>
        {
            Assert.That(onPrimary.Action, Is.EqualTo("SKIP"), "after the change, on the primary");
            Assert.That(onSecondary.Action, Is.EqualTo("BACKUP"), "after the change, on the secondary");
        });
    }

    [Test]
    public async Task PriorityZeroOnTheOnlySecondaryLeavesNoEligibleReplica()
    {
        // Given SECONDARY_ONLY and the only secondary at priority 0 ("never")
        await Cluster.ConfigureBackupAsync("SECONDARY_ONLY", 50, 0);

        // When the engine and the procedure are asked on both replicas
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);
        ProcedureOutcome onPrimary = await Cluster.DecideAsync(Cluster.Primary, BackupKind.Log, execute: false);
        ProcedureOutcome onSecondary = await Cluster.DecideAsync(Cluster.Secondary, BackupKind.Log, execute: false);

        // Then nobody is preferred, the primary (which sees every replica) refuses loudly, the secondary does not back up
        BackupDecision primaryRow = onPrimary.Single(AvailabilityGroupCluster.DatabaseName);
        BackupDecision secondaryRow = onSecondary.Single(AvailabilityGroupCluster.DatabaseName);
        Assert.Multiple(() =>
        {
            Assert.That(primaryPreferred, Is.False, "engine on the primary");
            Assert.That(secondaryPreferred, Is.False, "engine on the secondary");
            Assert.That(primaryRow.Action, Is.EqualTo("REFUSE"), onPrimary.Describe());
            Assert.That(primaryRow.ReasonCode, Is.EqualTo("REFUSE_NO_ELIGIBLE_REPLICA"), onPrimary.Describe());
            Assert.That(onPrimary.Error?.Class, Is.EqualTo(16), onPrimary.Describe());
            Assert.That(secondaryRow.Action, Is.Not.EqualTo("BACKUP"), onSecondary.Describe());
        });
    }
}
