using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>README, Deploy to every replica and the style of an all-or-nothing install: when deploy.sql fails after it has trusted the
/// new hash and while its transaction has already dropped the released assembly, the rollback leaves the released
/// version installed, trusted and working.</summary>
[TestFixture]
public sealed class FailedInstallTests : DeploymentFixture
{
    /// <summary>"There is already an object named '%.*ls' in the database."</summary>
    private const int ObjectAlreadyExists = 2714;

    [Test]
    public async Task AnInstallThatFailsInsideItsTransactionLeavesTheReleasedVersionWorking()
    {
        // Given the released version installed, and a table named like the procedure this version creates in its install
        // transaction (Sql/Deployment/CreateConflictingObject.sql says why this, rather than a non-sysadmin login, which
        // the preflight would stop before anything changed)
        const string database = "AgBackupFailedUpgrade";
        string released = ReleasedVersion.ReadDeployScript();
        await Server.DeployAsync(database, released);
        await Server.ExecuteFileAsync(database, "Deployment/CreateConflictingObject.sql");
        string current = RepositoryFiles.ReadDeployScript();

        // When this version's deploy.sql runs, as sqlcmd -b would: stopping at the first error
        SqlException? failure = Assert.ThrowsAsync<SqlException>(() => Server.DeployAsync(database, current));

        // Then it failed at the CREATE, after trusting the new hash, and the released assembly is back and still trusted
        InstalledAssembly? installed = await DeploymentState.InstalledAsync(Server, database);
        IReadOnlyList<TrustedHash> trusted = await DeploymentState.TrustedHashesAsync(Server);
        Assert.Multiple(() =>
        {
            Assert.That(failure.Numbers(), Does.Contain(ObjectAlreadyExists), "CREATE PROCEDURE over a table of that name fails with Msg 2714: " + failure?.Message);
            Assert.That(trusted.Select(hash => hash.Hash), Does.Contain(DeploymentState.HashOf(current)), "deploy.sql trusts the new hash before its install transaction");
            Assert.That(installed?.Hash, Is.EqualTo(DeploymentState.HashOf(released)), "the rollback restored the released assembly the transaction had dropped");
            Assert.That(installed?.TrustedDescription, Is.EqualTo(ReleasedVersion.TrustDescription), "the released hash is still trusted: the clean-up after COMMIT never ran");
        });

        // And the released version still backs up
        await AssertTheProcedureBacksUpAsync(database, "after the failed install");
    }
}
