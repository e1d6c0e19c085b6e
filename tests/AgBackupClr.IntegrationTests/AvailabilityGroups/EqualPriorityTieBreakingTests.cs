using System;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>docs/rules.md F7: how SQL Server breaks a tie between equal priorities is undocumented. With preference
/// NONE the role does not count, so only the names can decide: both name orders are tried, and the test pins
/// the assumption of docs/rules.md (lowest replica name, case-insensitive). Names that differ only in case cannot
/// tie: SQL Server refuses them in one group (CaseDifferingReplicaNamesTests).</summary>
[TestFixture(ReplicaNameOrder.PrimarySortsFirst)]
[TestFixture(ReplicaNameOrder.SecondarySortsFirst)]
public sealed class EqualPriorityTieBreakingTests : AvailabilityGroupTestBase
{
    private readonly ReplicaNameOrder nameOrder;
    private AvailabilityGroupCluster? ownCluster;

    public EqualPriorityTieBreakingTests(ReplicaNameOrder nameOrder)
    {
        this.nameOrder = nameOrder;
    }

    internal override AvailabilityGroupCluster Cluster => ownCluster ?? base.Cluster;

    [OneTimeSetUp]
    public async Task UseAnAvailabilityGroupWithThisNameOrder()
    {
        // The shared group has one name order; the other order needs a group of its own.
        if (base.Cluster.NameOrder != nameOrder)
        {
            ownCluster = await AvailabilityGroupCluster.StartAsync(nameOrder);
        }
    }

    [OneTimeTearDown]
    public async Task RemoveOwnAvailabilityGroup()
    {
        if (ownCluster is not null)
        {
            await ownCluster.DisposeAsync();
        }
    }

    [Test]
    public async Task UnderNoneTheLowestReplicaNameWinsATie()
    {
        // Given preference NONE and equal priorities
        await Cluster.ConfigureBackupAsync("NONE", 50, 50);
        int byName = string.Compare(Cluster.Primary.Name, Cluster.Secondary.Name, StringComparison.OrdinalIgnoreCase);

        // When each replica asks sys.fn_hadr_backup_is_preferred_replica
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);
        string names = $"primary {Cluster.Primary.Name} preferred={primaryPreferred}, secondary {Cluster.Secondary.Name} preferred={secondaryPreferred}";
        await TestContext.Out.WriteLineAsync("NONE with priorities 50/50: " + names);

        // Then exactly one replica is preferred, the one whose name sorts first, and the procedure follows on both
        Assert.Multiple(() =>
        {
            Assert.That(primaryPreferred != secondaryPreferred, Is.True, "a tie still elects exactly one replica; " + names);
            Assert.That(primaryPreferred, Is.EqualTo(byName < 0), "the lowest name (case-insensitive) wins; " + names);
        });
        await AssertDryRunFollowsTheEngineAsync(Cluster.Primary, BackupKind.Log);
        await AssertDryRunFollowsTheEngineAsync(Cluster.Secondary, BackupKind.Log);
    }

    [Test]
    public async Task UnderSecondaryTheRoleWinsATieWhateverTheNames()
    {
        // Given preference SECONDARY and equal priorities
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);

        // When each replica asks sys.fn_hadr_backup_is_preferred_replica
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);

        // Then the secondary is preferred in both name orders
        Assert.Multiple(() =>
        {
            Assert.That(primaryPreferred, Is.False, "on the primary");
            Assert.That(secondaryPreferred, Is.True, "on the secondary");
        });
    }
}
