using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>Issue 20: deploy.sql over an installed version while a job step runs dbo.usp_BackupIfPreferred. Without a lock
/// time-out the install's DROPs waited as long as that step ran (a multi-hour FULL), and every new call queued behind them.
/// Now the install gives up after 30 seconds, rolls back and says why, and the running step and the installed version are
/// untouched (SET LOCK_TIMEOUT: docs/t-sql/statements/set-lock-timeout-transact-sql.md).</summary>
[TestFixture]
public sealed class UpgradeLockTimeoutTests : DeploymentFixture
{
    private const string Database = "AgBackupLockTimeout";

    /// <summary>The error RAISERROR with a message text raises.</summary>
    private const int UserMessage = 50000;

    [Test]
    public async Task AnInstallOverARunningJobStepGivesUpAfter30SecondsChangingNothing()
    {
        // Given AgBackupClr installed, and a job step's call of dbo.usp_BackupIfPreferred stopped inside it, at its first log
        // row, by a session that holds dbo.BackupDecisionLog
        string script = RepositoryFiles.ReadDeployScript();
        await Server.DeployAsync(Database, script);
        InstalledAssembly? before = await DeploymentState.InstalledAsync(Server, Database);
        await using SqlConnection holder = await Server.OpenAsync(Database);
        SqlRow held = await SqlRunner.QuerySingleAsync(holder, TestSql.Load("Deployment/HoldDecisionLog.sql"));
        int holderSession = held.Number("session_id")!.Value;
        Task<ProcedureOutcome> jobStep = Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul, database: Database);
        await Eventually.WaitUntilAsync(
            async () => (await Server.QueryFileAsync("master", "Deployment/SessionsBlockedBy.sql", new Dictionary<string, object?> { ["@BlockingSession"] = holderSession })).Count > 0,
            TimeSpan.FromMinutes(1),
            "the procedure's call to wait for the held decision log");

        // When deploy.sql runs again, as sqlcmd -b would
        var clock = Stopwatch.StartNew();
        SqlException? failure = Assert.ThrowsAsync<SqlException>(() => Server.DeployAsync(Database, script));
        clock.Stop();

        // Then it gave up on its lock after about 30 seconds, saying why, and changed nothing
        InstalledAssembly? after = await DeploymentState.InstalledAsync(Server, Database);
        await SqlRunner.ExecuteScriptAsync(holder, TestSql.Load("Deployment/RollBack.sql"));
        ProcedureOutcome finished = await jobStep;
        string context = $"after {clock.Elapsed.TotalSeconds:F0} s: {failure?.Message}; the job step: {finished.Describe()}";
        Assert.Multiple(() =>
        {
            Assert.That(failure.Numbers(), Does.Contain(UserMessage), context);
            Assert.That(failure?.Message, Does.Contain("AgBackupClr: the install waited 30 seconds for a lock on the objects it replaces")
                .And.Contain("Msg 1222").And.Contain("Nothing was changed"), context);
            Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(25)).And.LessThan(TimeSpan.FromSeconds(120)), "SET LOCK_TIMEOUT 30000; " + context);
            Assert.That(after, Is.EqualTo(before), "the installed assembly and its trust are as they were; " + context);
            Assert.That(finished.Error, Is.Null, "the job step the install waited for finishes as if nothing happened; " + context);
        });

        // And the installed version still backs up, and the same deploy.sql installs once no job step runs
        await AssertTheProcedureBacksUpAsync(Database, "after the install gave up");
        await Server.DeployAsync(Database, script);
        await AssertTheProcedureBacksUpAsync(Database, "after the install ran again");
    }
}
