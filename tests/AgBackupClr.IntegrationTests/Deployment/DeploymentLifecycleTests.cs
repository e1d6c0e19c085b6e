using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>SPEC section 5: deploy.sql can be run again with the same result and keeps logged data;
/// uninstall.sql removes everything it added. Its own instance, because uninstalling removes the
/// instance-wide trusted hash that other fixtures rely on.</summary>
[TestFixture]
[Category("Integration")]
public sealed class DeploymentLifecycleTests
{
    private SqlServerInstance? server;
    private IReadOnlyList<string> beforeAnyDeploy = [];

    private SqlServerInstance Server => server!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        server = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder());
        await server.CreateDatabaseAsync(SqlServerInstance.UtilityDatabase);
        beforeAnyDeploy = await InstalledObjectsAsync();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Test]
    public async Task DeployingThreeTimesGivesTheSameObjectsAndKeepsTheDecisionLog()
    {
        // Given deploy.sql installed once and one logged decision
        await Server.DeployAsync();
        ProcedureOutcome logged = await RunLoggedBackupAsync();
        Assert.That(logged.Error, Is.Null, logged.Describe());
        IReadOnlyList<string> afterFirst = await InstalledObjectsAsync();
        int loggedRows = await DecisionLogCountAsync();
        Assert.That(loggedRows, Is.GreaterThan(0), "the procedure logged nothing with @LogToTable = N'Y'");

        // When deploy.sql runs two more times
        await Server.DeployAsync();
        await Server.DeployAsync();

        // Then the same objects are installed and the logged decisions are still there
        IReadOnlyList<string> afterThird = await InstalledObjectsAsync();
        int stillLogged = await DecisionLogCountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(afterThird, Is.EqualTo(afterFirst));
            Assert.That(stillLogged, Is.EqualTo(loggedRows));
        });
    }

    [Test]
    public async Task UninstallLeavesNothingBehind()
    {
        // Given deploy.sql installed and used
        await Server.DeployAsync();
        ProcedureOutcome logged = await RunLoggedBackupAsync();
        Assert.That(logged.Error, Is.Null, logged.Describe());

        // When uninstall.sql runs
        await Server.UninstallAsync();

        // Then no assembly, procedure, function, table or trusted hash of ours is left
        Assert.That(await InstalledObjectsAsync(), Is.EqualTo(beforeAnyDeploy));
    }

    private Task<ProcedureOutcome> RunLoggedBackupAsync()
    {
        // master takes FULL backups (SPEC F9) and exists on every instance: a real, logged decision.
        return Server.BackUpAsync(new BackupRequest("master", "FULL", "NUL") { LogToTable = "Y" });
    }

    private async Task<IReadOnlyList<string>> InstalledObjectsAsync()
    {
        IReadOnlyList<SqlRow> rows = await Server.QueryFileAsync(SqlServerInstance.UtilityDatabase, "Deployment/InstalledObjects.sql");
        return rows.Select(row => row.Text("item") ?? string.Empty).ToArray();
    }

    private async Task<int> DecisionLogCountAsync()
    {
        SqlRow row = await Server.QuerySingleFileAsync(SqlServerInstance.UtilityDatabase, "Deployment/DecisionLogCount.sql");
        return row.Number("row_count") ?? 0;
    }
}
