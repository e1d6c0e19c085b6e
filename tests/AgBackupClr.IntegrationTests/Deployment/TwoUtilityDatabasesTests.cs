using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>README, Deploy to every replica: two utility databases on one instance share one trusted hash (the same bits), so
/// uninstalling one must not drop the hash the other still needs under 'clr strict security'.</summary>
[TestFixture]
public sealed class TwoUtilityDatabasesTests : DeploymentFixture
{
    // The first to install is the one whose name the shared hash's description carries.
    private const string First = "AgBackupFirst";
    private const string Second = "AgBackupSecond";

    [Test]
    public async Task UninstallingOneUtilityDatabaseLeavesTheOtherBackingUp()
    {
        // Given this version installed in two utility databases of one instance, the first one first
        await Server.DeployAsync(First);
        await Server.DeployAsync(Second);

        // When uninstall.sql runs in the first
        await Server.UninstallAsync(First);

        // Then the first has nothing left, and the second's assembly is still trusted
        InstalledAssembly? first = await DeploymentState.InstalledAsync(Server, First);
        InstalledAssembly? second = await DeploymentState.InstalledAsync(Server, Second);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null, "uninstall.sql removed the assembly from " + First);
            Assert.That(second, Is.Not.Null, Second + " still has its assembly");
            Assert.That(second?.TrustedDescription, Is.Not.Null, "sys.trusted_assemblies still has the hash of the assembly in " + Second);
        });

        // And the second still backs up
        await AssertTheProcedureBacksUpAsync(Second, "after uninstalling " + First);
    }
}
