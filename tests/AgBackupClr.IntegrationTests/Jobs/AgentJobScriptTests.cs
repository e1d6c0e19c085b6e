using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests.Jobs;

/// <summary>README "Agent jobs": sql/jobs/create-backup-jobs.sql replaces the three jobs in one transaction and checks
/// every msdb job procedure, so a run that fails (here: a @JobOwner that is no login) leaves the jobs of the
/// earlier good run as they were. Its own instance, with SQL Server Agent running.</summary>
[TestFixture]
public sealed class AgentJobScriptTests : OwnInstanceFixture
{
    /// <summary>msdb's "The specified %s ('%s') does not exist.", raised by sp_add_job for an unknown @owner_login_name.</summary>
    private const int SpecifiedDoesNotExist = 14262;

    [OneTimeSetUp]
    public Task InstallAgBackupClr() => Server.DeployAsync();

    [Test]
    public async Task AJobOwnerThatIsNoLoginFailsTheScriptAndKeepsTheJobsOfTheEarlierRun()
    {
        // Given the jobs created by a good run
        await Server.ExecuteScriptAsync("msdb", JobScript("/var/opt/mssql/backup/first", "sa"));
        IReadOnlyList<string> before = await JobsAsync();
        Assert.That(before, Has.Count.EqualTo(3), "the good run creates FULL, DIFF and LOG, one step and one schedule each");

        // When the script runs again with a @JobOwner that is no login (and another directory)
        SqlException? failure = Assert.ThrowsAsync<SqlException>(
            () => Server.ExecuteScriptAsync("msdb", JobScript("/var/opt/mssql/backup/second", "AgBackupNoSuchLogin")));

        // Then it fails with msdb's own error, and the earlier jobs are all there, unchanged (owner, command, schedule)
        IReadOnlyList<string> after = await JobsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(failure.Numbers(), Does.Contain(SpecifiedDoesNotExist), "sp_add_job refuses an unknown owner with Msg 14262: " + failure?.Message);
            Assert.That(failure?.Message, Does.Contain("AgBackupNoSuchLogin"), "the messages name the login that does not exist");
            Assert.That(after, Is.EqualTo(before), "the rollback kept the jobs the failed run had already deleted");
        });
    }

    private protected override MsSqlBuilder CreateBuilder() => SqlServerContainers.CreateBuilderWithAgent();

    /// <summary>create-backup-jobs.sql with its three DECLAREs set, as a DBA edits them before running it in msdb.</summary>
    private static string JobScript(string directory, string jobOwner)
    {
        string script = RepositoryFiles.ReadCreateBackupJobsScript();
        script = ScriptVariables.Set(script, "UtilityDatabase", SqlServerInstance.UtilityDatabase);
        script = ScriptVariables.Set(script, "Directory", directory);
        return ScriptVariables.Set(script, "JobOwner", jobOwner);
    }

    private async Task<IReadOnlyList<string>> JobsAsync()
    {
        IReadOnlyList<SqlRow> rows = await Server.QueryFileAsync("msdb", "Jobs/AgBackupClrJobs.sql");
        return rows.Select(row => row.Text("job") ?? string.Empty).ToArray();
    }
}
