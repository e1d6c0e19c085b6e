using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// The failover traps: something a backup option needs, created on the primary only. Each replica reads its own catalog,
/// so the one without it refuses its job step now with its own code, whichever replica is preferred, while the one with
/// it decides by placement. Dry runs only. Each fixture says what is created and which code the other replica gives.
/// </summary>
public abstract class PrimaryOnlyPrerequisiteTestBase : AvailabilityGroupTestBase
{
    /// <summary>The code the replica without the prerequisite refuses with.</summary>
    protected abstract string ReasonCode { get; }

    /// <summary>The LOG job step's options that need the prerequisite.</summary>
    internal abstract BackupRequest WithOption(BackupRequest request);

    /// <summary>What a BACKUP row on the replica that has the prerequisite must carry.</summary>
    internal abstract void AssertBackupRow(BackupDecision row, string context);

    protected abstract Task CreateOnPrimaryAsync();

    protected abstract Task DropFromPrimaryAsync();

    [OneTimeSetUp]
    public Task GivenThePrerequisiteOnThePrimaryOnly() => CreateOnPrimaryAsync();

    [OneTimeTearDown]
    public Task DropThePrerequisite() => DropFromPrimaryAsync();

    [Test]
    public async Task TheReplicaWithoutItRefusesAndTheOneWithItDecidesByPlacement()
    {
        // When the same LOG job step runs as a dry run on both replicas
        BackupRequest request = WithOption(BackupRequest.For(AvailabilityGroupCluster.DatabaseName, BackupKind.Log, "NUL", execute: false));
        ProcedureOutcome onPrimary = await Cluster.Primary.Server.BackUpAsync(request);
        ProcedureOutcome onSecondary = await Cluster.Secondary.Server.BackUpAsync(request);

        // Then the secondary refuses with the code and fails its call; the primary decides by placement, and a BACKUP there
        // carries the option
        BackupDecision primaryRow = onPrimary.Rows[0];
        Assert.Multiple(() =>
        {
            Assert.That(onSecondary.Rows[0].ReasonCode, Is.EqualTo(ReasonCode), onSecondary.Describe());
            Assert.That(onSecondary.Error?.Class, Is.EqualTo(16), onSecondary.Describe());
            Assert.That(primaryRow.ReasonCode, Is.Not.EqualTo(ReasonCode), onPrimary.Describe());
            if (primaryRow.Action == "BACKUP")
            {
                AssertBackupRow(primaryRow, onPrimary.Describe());
            }
        });
    }
}
