using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>FULL, copy-only FULL, DIFF, LOG and copy-only LOG on the primary and on the secondary: what SQL
/// Server itself allows (and its error number when it refuses), and that the procedure backs up only where
/// SQL Server allows it and routes every other backup to the primary.</summary>
[TestFixture]
public sealed class BackupTypeTests : AvailabilityGroupTestBase
{
    /// <summary>The documented refusal on a secondary (docs/rules.md F1).</summary>
    private const int NotSupportedOnSecondary = 3059;

    [SetUp]
    public Task GivenTheDefaultPreferenceWithEqualPriorities()
    {
        // SECONDARY is SQL Server's default preference: the secondary is preferred for what it may take.
        return Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);
    }

    [Test]
    public async Task SqlServerAllowsOnlyTheDocumentedBackupsOnEachReplica(
        [Values] BackupKind kind, [Values] ReplicaSide side)
    {
        // Given one replica of a synchronized availability group
        Replica replica = Cluster.On(side);
        bool allowed = replica.IsPrimary || replica.Facts.SecondaryMayTake(kind);

        // When a native BACKUP of this kind runs there
        NativeBackupOutcome native = await Cluster.NativeBackupAsync(replica, kind);

        // Then it succeeds where docs/rules.md F1/F3 say so, and fails with 3059 everywhere else
        Assert.That(native.Succeeded, Is.EqualTo(allowed), $"{kind} on the {side}: {native}");
        if (!allowed)
        {
            Assert.That(native.ErrorNumbers, Does.Contain(NotSupportedOnSecondary), $"{kind} on the {side}: {native}");
        }
    }

    [Test]
    public async Task TheDryRunDecidesAsTheRulesSay([Values] BackupKind kind, [Values] ReplicaSide side)
    {
        // Given one replica; When the procedure runs as a dry run; Then procedure and function follow the rules
        await AssertDryRunFollowsTheEngineAsync(Cluster.On(side), kind);
    }

    [Test]
    public async Task TheRealRunBacksUpOnlyWhereSqlServerAllowsIt([Values] BackupKind kind, [Values] ReplicaSide side)
    {
        // Given one replica and whether SQL Server accepts this backup there
        Replica replica = Cluster.On(side);
        bool allowed = replica.IsPrimary || replica.Facts.SecondaryMayTake(kind);

        // When the procedure really runs
        BackupDecision row = await AssertRealRunDoesWhatItSaysAsync(replica, kind);

        // Then it never tries a backup SQL Server would refuse, and a type only the primary may take runs there
        if (!allowed)
        {
            Assert.That(row.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"), $"{kind} on the {side}");
        }

        if (replica.IsPrimary && !replica.Facts.SecondaryMayTake(kind))
        {
            Assert.That(row.ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"), $"{kind} on the {side}");
        }
    }
}
