using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>README, Deploy to every replica: deploy.sql installs, can be run again with the same result and keeps logged data;
/// uninstall.sql removes everything it added. Its own instance, because uninstalling removes the
/// instance-wide trusted hash.</summary>
[TestFixture]
public sealed class DeploymentLifecycleTests : DeploymentFixture
{
    private const string Database = SqlServerInstance.UtilityDatabase;

    private IReadOnlyList<string> beforeAnyDeploy = [];

    [OneTimeSetUp]
    public async Task NoteTheInstanceBeforeAnyDeploy()
    {
        await Server.CreateDatabaseAsync(Database);
        beforeAnyDeploy = await DeploymentState.InstalledObjectsAsync(Server, Database);
    }

    [Test]
    public async Task DeployingTrustsExactlyTheAssemblyItInstallsUnderADescriptionNamingTheDatabase()
    {
        // Given this version's deploy.sql
        string deployScript = RepositoryFiles.ReadDeployScript();

        // When it runs in a utility database
        await Server.DeployAsync(Database, deployScript);

        // Then the installed assembly is the one it embeds, 'clr strict security' trusts exactly its SHA2_512 under
        // "AgBackupClr <version> deploy.sql in database [<name>]", the log procedure exists, and the procedure backs up
        InstalledAssembly? installed = await DeploymentState.InstalledAsync(Server, Database);
        IReadOnlyList<string> objects = await DatabaseObjectsAsync(Database);
        Assert.Multiple(() =>
        {
            Assert.That(installed?.Hash, Is.EqualTo(DeploymentState.HashOf(deployScript)), "sys.assembly_files holds the embedded bits");
            Assert.That(
                installed?.TrustedDescription,
                Is.EqualTo(InstalledAssembly.TrustDescriptionFor(installed?.Version ?? "?", Database)),
                "sys.trusted_assemblies.description of the installed assembly's hash");
            Assert.That(objects, Does.Contain("object SQL_STORED_PROCEDURE dbo.usp_LogBackupDecision"), "the T-SQL procedure the CLR procedure logs through");
            Assert.That(objects, Does.Contain("object SQL_STORED_PROCEDURE dbo.usp_DeleteBackupDecisionLog"), "the T-SQL procedure the retention deletes through");
            Assert.That(objects, Does.Not.Contain("object SQL_STORED_PROCEDURE dbo.usp_ObserveDifferentialBase"), "the chain guard proves its FULLs from the files and records no base");
            Assert.That(objects, Does.Not.Contain("object USER_TABLE dbo.ObservedDifferentialBase"), "the chain guard keeps no memory of bases");
            Assert.That(objects, Does.Contain("object SQL_STORED_PROCEDURE dbo.usp_ObserveLogBackupLsn"), "the T-SQL procedure @MaxLogAgeMinutes watches the log chain through");
            Assert.That(objects, Does.Contain("object USER_TABLE dbo.ObservedLogBackupLsn"), "the log watch's memory");
        });
        await AssertTheProcedureBacksUpAsync(Database, "after a fresh install");
    }

    [Test]
    public async Task DeployingThreeTimesGivesTheSameObjectsAndKeepsTheDecisionLog()
    {
        // Given deploy.sql installed once and one logged decision
        await Server.DeployAsync(Database);
        ProcedureOutcome logged = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul);
        Assert.That(logged.Error, Is.Null, logged.Describe());
        IReadOnlyList<string> afterFirst = await DeploymentState.InstalledObjectsAsync(Server, Database);
        int loggedRows = await DeploymentState.DecisionLogCountAsync(Server, Database);
        Assert.That(loggedRows, Is.GreaterThan(0), "the procedure logged nothing with @LogToTable = N'Y'");

        // When deploy.sql runs two more times
        await Server.DeployAsync(Database);
        await Server.DeployAsync(Database);

        // Then the same objects are installed and the logged decisions are still there
        IReadOnlyList<string> afterThird = await DeploymentState.InstalledObjectsAsync(Server, Database);
        int stillLogged = await DeploymentState.DecisionLogCountAsync(Server, Database);
        Assert.Multiple(() =>
        {
            Assert.That(afterThird, Is.EqualTo(afterFirst), "re-running deploy.sql gives the same objects, assembly and trusted hash");
            Assert.That(stillLogged, Is.EqualTo(loggedRows), "re-running deploy.sql keeps dbo.BackupDecisionLog's rows");
        });
    }

    [Test]
    public async Task UninstallLeavesNothingBehind()
    {
        // Given deploy.sql installed and used
        await Server.DeployAsync(Database);
        ProcedureOutcome logged = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul);
        Assert.That(logged.Error, Is.Null, logged.Describe());

        // When uninstall.sql runs
        await Server.UninstallAsync(Database);

        // Then no assembly, procedure, function, table or trusted hash of ours is left
        Assert.That(
            await DeploymentState.InstalledObjectsAsync(Server, Database),
            Is.EqualTo(beforeAnyDeploy),
            "uninstall.sql drops what deploy.sql created, and the hash no assembly uses any more");
    }
}
