using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>docs/usp_BackupIfPreferred.md "Keeping the decision log small": at the end of a run, the rows of dbo.BackupDecisionLog older than
/// @LogRetentionDays go through dbo.usp_DeleteBackupDecisionLog, a thousand per DELETE, as a job owner with only the
/// grant script's permissions (ownership chaining); younger rows stay; a dry run and a run inside a user transaction
/// delete nothing and say so; a job owner without EXECUTE on the procedure gets its backups and a failed job step.</summary>
[TestFixture]
[Category("Integration")]
public sealed class LogRetentionTests
{
    private const int RetentionDays = 90;
    private const int BatchSize = 1000;

    private readonly string marker = "RetentionTest_" + Guid.NewGuid().ToString("N")[..8];

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [TearDown]
    public Task RemoveTheFilledRows()
    {
        // Old rows left behind would be deleted by another fixture's run and change the counts it compares.
        return Server.ExecuteFileAsync(SqlServerInstance.UtilityDatabase, "Retention/RemoveFilledDecisionLog.sql", Marker());
    }

    [Test]
    public async Task OldRowsGoAThousandPerDeleteAndYoungerRowsStay()
    {
        // Given 2,500 decisions logged 100 days ago and 5 logged 89 days ago
        await FillAsync(2500, ageDays: 100);
        await FillAsync(5, ageDays: 89);
        int olderBefore = (await AgesAsync()).Number("older_rows") ?? 0;
        int executionsBefore = (await BatchStatisticsAsync()).Number("executions") ?? 0;

        // When the job step runs with the default retention of 90 days
        ProcedureOutcome outcome = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul);

        // Then every row older than 90 days went, in as many DELETEs of at most 1,000 rows as that takes, the younger
        // ones stayed, and the run neither failed nor said anything about it
        SqlRow ages = await AgesAsync();
        SqlRow batches = await BatchStatisticsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(ages.Number("older_rows"), Is.EqualTo(0), "every row older than the retention is deleted");
            Assert.That(ages.Number("younger_marked_rows"), Is.EqualTo(5), "no row younger than the retention is deleted");
            Assert.That((batches.Number("executions") ?? 0) - executionsBefore, Is.EqualTo((olderBefore / BatchSize) + 1),
                "sys.dm_exec_procedure_stats: one call per batch, until a batch deletes fewer than 1,000");
            Assert.That(batches.Number("most_rows_in_one_delete"), Is.LessThanOrEqualTo(BatchSize), "sys.dm_exec_query_stats.max_rows of the DELETE");
            Assert.That(outcome.Messages.Select(m => m.Message), Has.None.Contains("dbo.BackupDecisionLog logged before"), "a retention that did its job is silent");
        });
    }

    [Test]
    public async Task AJobOwnerWithTheScriptsGrantsDeletesOldRowsWithoutDeleteOnTheTable()
    {
        // Given old rows, and a login that is not sysadmin with exactly the grant script's permissions
        await FillAsync(10, ageDays: 100);
        SqlLogin owner = await SqlLogin.CreateJobOwnerAsync(Server, "agb_retention");

        // When it runs the job step
        ProcedureOutcome outcome = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul, owner);

        // Then ownership chaining from dbo.usp_DeleteBackupDecisionLog let it delete them
        SqlRow ages = await AgesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(ages.Number("older_marked_rows"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task WithoutExecuteOnTheDeleteProcedureTheBackupRunsTheRowsStayAndTheClosingErrorSaysWhatToGrant()
    {
        // Given old rows, and a job owner granted by an earlier grant script that did not know the retention's procedure
        await FillAsync(10, ageDays: 100);
        SqlLogin owner = await SqlLogin.CreateJobOwnerAsync(Server, "agb_noretention");
        await Server.ExecuteFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Permissions/RevokeExecute.sql",
            new Dictionary<string, object?> { ["@LoginName"] = owner.Name, ["@ProcedureName"] = "usp_DeleteBackupDecisionLog" });

        // When it runs the job step
        ProcedureOutcome outcome = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul, owner);

        // Then the backup ran, the old rows stayed, and the job step fails naming the grant, after every row
        SqlRow ages = await AgesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Single("master").Action, Is.EqualTo("BACKUP"), outcome.Describe());
            Assert.That(ages.Number("older_marked_rows"), Is.EqualTo(10), "the context connection is checked as the caller: Msg 229");
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), outcome.Describe());
            Assert.That(outcome.Error?.Message, Does.Contain("(Msg 229: ").And.Contain("GRANT EXECUTE ON dbo.usp_DeleteBackupDecisionLog"), outcome.Describe());
            Assert.That(outcome.Error?.RowsBefore, Is.EqualTo(outcome.Rows.Count), "the closing error comes after every row");
        });
    }

    [Test]
    public async Task ADryRunDeletesNothingAndSaysWhatItWouldDelete()
    {
        // Given old rows
        await FillAsync(10, ageDays: 100);

        // When the job step runs as a dry run
        ProcedureOutcome outcome = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul with { Execute = "N" });

        // Then the rows stay and an informational message after the rows says which would go
        ServerMessage? notice = outcome.Messages.SingleOrDefault(m => m.Message.Contains("dbo.BackupDecisionLog logged before", StringComparison.Ordinal));
        SqlRow ages = await AgesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(ages.Number("older_marked_rows"), Is.EqualTo(10));
            Assert.That(notice?.Message, Does.Contain("dry run (@Execute = 'N')").And.Contain("would be deleted"), outcome.Describe());
            Assert.That(notice?.Class, Is.EqualTo(0), "SqlPipe.Send sends information, not an error");
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
        });
    }

    [Test]
    public async Task InsideAUserTransactionNothingIsDeletedAndTheRunSaysWhy()
    {
        // Given old rows, committed, and an open user transaction on another connection
        await FillAsync(10, ageDays: 100);
        ProcedureOutcome outcome;
        await using (SqlConnection connection = await Server.OpenAsync(SqlServerInstance.UtilityDatabase))
        {
            await using SqlTransaction transaction = connection.BeginTransaction();

            // When the job step runs inside it
            outcome = await BackupProcedure.RunAsync(connection, BackupRequest.CopyOnlyFullOfMasterToNul, transaction);
        }

        // Then the backup is refused as before, the old rows stay, and a message says why they were kept
        SqlRow ages = await AgesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Single("master").ReasonCode, Is.EqualTo("REFUSE_IN_USER_TRANSACTION"), outcome.Describe());
            Assert.That(ages.Number("older_marked_rows"), Is.EqualTo(10));
            Assert.That(outcome.Messages.Select(m => m.Message), Has.Some.Contains("were kept: inside a user transaction"), outcome.Describe());
        });
    }

    private Dictionary<string, object?> Marker() => new() { ["@Marker"] = marker };

    private Task FillAsync(int rows, int ageDays)
    {
        return Server.ExecuteFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Retention/FillDecisionLog.sql",
            new Dictionary<string, object?> { ["@Marker"] = marker, ["@Rows"] = rows, ["@AgeDays"] = ageDays });
    }

    private Task<SqlRow> AgesAsync()
    {
        return Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Retention/DecisionLogAges.sql",
            new Dictionary<string, object?> { ["@Marker"] = marker, ["@RetentionDays"] = RetentionDays });
    }

    private static Task<SqlRow> BatchStatisticsAsync()
    {
        return Server.QuerySingleFileAsync(SqlServerInstance.UtilityDatabase, "Retention/DeleteBatchStatistics.sql");
    }
}
