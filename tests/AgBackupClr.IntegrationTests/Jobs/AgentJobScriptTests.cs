using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
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

    [Test]
    public async Task AFailingJobStepWritesItsWholeOutputUpToTheClosingErrorToAFileInTheErrorLogFolder()
    {
        // Given the jobs, created with a @Directory that does not exist, so every run is refused and fails its step
        await Server.ExecuteScriptAsync("msdb", JobScript("/var/opt/mssql/backup/no-such-folder", "sa"));
        var job = new Dictionary<string, object?> { ["@JobName"] = "AgBackupClr - LOG" };

        // When the LOG job runs once (Agent may still be starting with the container: sp_start_job fails until it runs)
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    await Server.ExecuteFileAsync("msdb", "Jobs/StartJob.sql", job);
                    return true;
                }
                catch (SqlException)
                {
                    return false;
                }
            },
            TimeSpan.FromMinutes(1),
            "SQL Server Agent to start the LOG job");
        SqlRow run = await Eventually.ReadUntilAsync(
            async () => (await Server.QueryFileAsync("msdb", "Jobs/LastStepRun.sql", job)).SingleOrDefault(),
            row => row is not null,
            TimeSpan.FromMinutes(2))
            ?? throw new AssertionException("The LOG job's step did not finish within 2 minutes.");
        string file = run.Text("output_file_name") ?? string.Empty;
        string output = DecodedOutput(await Server.Container.ReadFileAsync(file));
        await TestContext.Out.WriteLineAsync($"Step history message: {run.Text("message")}{Environment.NewLine}Output file {file}:{Environment.NewLine}{output}");

        // Then the step failed, and its file, in the error log's folder, holds the output up to the closing error
        Assert.Multiple(() =>
        {
            Assert.That(run.Number("run_status"), Is.EqualTo(0), "the step failed; " + run.Text("message"));
            Assert.That(file, Is.EqualTo("/var/opt/mssql/log/AgBackupClr_LOG.txt"), "the folder of SERVERPROPERTY('ErrorLogFileName') on Linux");
            Assert.That(output, Does.Contain("REFUSE_DESTINATION_NOT_FOUND").And.Contain("usp_BackupIfPreferred:").And.Contain("were refused or failed"), output);
        });
    }

    private protected override MsSqlBuilder CreateBuilder() => SqlServerContainers.CreateBuilderWithAgent();

    /// <summary>An Agent output file as text: UTF-16 when it starts with its byte order mark or holds zero bytes, UTF-8 otherwise.</summary>
    private static string DecodedOutput(byte[] bytes)
    {
        bool utf16 = (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) || Array.IndexOf(bytes, (byte)0) >= 0;
        return (utf16 ? Encoding.Unicode : Encoding.UTF8).GetString(bytes).TrimStart('\uFEFF');
    }

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
