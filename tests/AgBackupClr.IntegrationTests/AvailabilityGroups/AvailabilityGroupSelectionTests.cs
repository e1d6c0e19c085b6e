using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>@AvailabilityGroups selects the databases of the groups this replica has, as sys.availability_groups names them.</summary>
[TestFixture]
public sealed class AvailabilityGroupSelectionTests : AvailabilityGroupTestBase
{
    [Test]
    public async Task TheGroupSelectsItsDatabaseAndAGroupNotHereIsRefusedByName()
    {
        // When the LOG job step selects the group, and a group no replica has, as a dry run on the primary
        BackupRequest request = BackupRequest.For(AvailabilityGroupCluster.DatabaseName, BackupKind.Log, "NUL", execute: false) with
        {
            Databases = null,
            AvailabilityGroups = AvailabilityGroupCluster.AvailabilityGroupName + ", NoSuchGroup",
        };
        ProcedureOutcome outcome = await Cluster.Primary.Server.BackUpAsync(request);

        // Then the group's database has its row, and the missing group a REFUSE row that fails the call
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Rows.Select(r => r.DatabaseName), Does.Contain(AvailabilityGroupCluster.DatabaseName), outcome.Describe());
            Assert.That(outcome.Rows.Single(r => r.DatabaseName == null).ReasonCode, Is.EqualTo("REFUSE_INVALID_ARGUMENT"), outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), outcome.Describe());
        });
    }
}
