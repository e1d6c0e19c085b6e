using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>docs/rules.md F9: BACKUP cannot run inside a user transaction (Msg 3021), so the procedure refuses
/// before trying (REFUSE_IN_USER_TRANSACTION), while a dry run, which runs nothing, still answers.</summary>
[TestFixture]
[Category("Integration")]
public sealed class UserTransactionTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [Test]
    public async Task SqlServerRefusesNativeBackupInsideATransactionWith3021()
    {
        // Given an open user transaction
        await using SqlConnection connection = await Server.OpenAsync("master");
        await using SqlTransaction transaction = connection.BeginTransaction();

        // When a native BACKUP runs in it
        SqlException? error = Assert.ThrowsAsync<SqlException>(() => RunNativeBackupAsync(connection, transaction));

        // Then SQL Server refuses with 3021
        Assert.That(error?.Number, Is.EqualTo(3021), error?.Message);
    }

    [Test]
    public async Task ProcedureRefusesInsideATransactionAndRunsNothing()
    {
        // Given the number of recorded backups and an open user transaction (BEGIN TRAN; EXEC ...)
        int before = await Server.CountBackupsAsync(Database);
        ProcedureOutcome outcome;
        await using (SqlConnection connection = await Server.OpenAsync(SqlServerInstance.UtilityDatabase))
        {
            await using SqlTransaction transaction = connection.BeginTransaction();

            // When the procedure would run a BACKUP inside it
            outcome = await BackupProcedure.RunAsync(connection, new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory), transaction);
        }

        // Then it refuses with REFUSE_IN_USER_TRANSACTION, fails the call, and no backup ran
        BackupDecision row = outcome.Single(Database);
        int after = await Server.CountBackupsAsync(Database);
        Assert.Multiple(() =>
        {
            Assert.That(row.Action, Is.EqualTo("REFUSE"), outcome.Describe());
            Assert.That(row.ReasonCode, Is.EqualTo("REFUSE_IN_USER_TRANSACTION"), outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), outcome.Describe());
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task DryRunInsideATransactionStillAnswers()
    {
        // Given an open user transaction
        await using SqlConnection connection = await Server.OpenAsync(SqlServerInstance.UtilityDatabase);
        await using SqlTransaction transaction = connection.BeginTransaction();

        // When the procedure runs as a dry run, which runs no BACKUP
        ProcedureOutcome outcome = await BackupProcedure.RunAsync(
            connection, new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory) { Execute = "N" }, transaction);

        // Then it gives the normal decision: the transaction rule is about running BACKUP, not about deciding
        BackupDecision row = outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
            Assert.That(row.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"), outcome.Describe());
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
        });
    }

    private static async Task RunNativeBackupAsync(SqlConnection connection, SqlTransaction transaction)
    {
        await using SqlCommand command = SqlRunner.CreateCommand(
            connection,
            TestSql.Load("Common/NativeBackup.sql"),
            new Dictionary<string, object?>
            {
                ["@DatabaseName"] = Database,
                ["@BackupType"] = "FULL",
                ["@CopyOnly"] = true,
            },
            transaction);
        await command.ExecuteNonQueryAsync();
    }
}
