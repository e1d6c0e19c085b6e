using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Containers;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>README "dbo.usp_BackupIfPreferred": a BACKUP that fails becomes a FAILED row carrying SQL Server's first
/// error, the next database is still processed, BACKUP's own errors reach the caller before the result set, and the
/// call ends with the severity 16 error; with SET XACT_ABORT ON in the caller's session too.</summary>
[TestFixture]
[Category("Integration")]
public sealed class FailedBackupTests
{
    private const string First = "FailedRowFirst";
    private const string Second = "FailedRowSecond";

    /// <summary>A folder where the first database's backup file cannot be created, and the second's can.</summary>
    private const string ObstructedDirectory = StandaloneSetUpFixture.BackupDirectory + "/failed-row";

    /// <summary>A template without {Timestamp}, so the test knows each file's path in advance.</summary>
    private const string PredictableFileName = "{DatabaseName}.{FileExtension}";

    /// <summary>"Cannot open backup device '%ls'. Operating system error %ls."</summary>
    private const int CannotOpenBackupDevice = 3201;

    /// <summary>"BACKUP DATABASE is terminating abnormally.", which BACKUP sends after its cause.</summary>
    private const int BackupTerminatingAbnormally = 3013;

    private static readonly BackupRequest BothDatabases =
        new(First + "," + Second, "FULL", ObstructedDirectory) { FileName = PredictableFileName, DirectoryStructure = string.Empty };

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [OneTimeSetUp]
    public async Task CreateTwoDatabasesAndObstructTheFirstFile()
    {
        await Server.ExecuteFileAsync("master", "Standalone/CreateFailedRowDatabases.sql");

        // A folder with the name of the first database's backup file: BACKUP cannot open it as a file, while the
        // second database's file in the same folder is free. The mssql user that runs SQL Server owns both folders.
        await Server.Container.ExecAsync(["mkdir", "-p", ObstructedDirectory + "/" + First + ".bak"]).ThrowOnFailure();
    }

    [Test]
    public async Task AFailedBackupIsAFailedRowAndTheNextDatabaseIsStillBackedUp([Values] bool xactAbortOn)
    {
        // Given two databases, the first (in sys.databases order) with a backup file that cannot be created
        int mark = await Server.MarkBackupHistoryAsync();

        // When one call backs up both
        ProcedureOutcome outcome = await RunAsync(BothDatabases, xactAbortOn);

        // Then the first is FAILED with Msg 3201, the second is backed up, and the caller saw BACKUP's errors before
        // the rows and the closing severity 16 error after them
        BackupDecision failed = outcome.Single(First);
        BackupDecision backedUp = outcome.Single(Second);
        IReadOnlyList<RecordedBackup> firstTaken = await Server.BackupsTakenSinceAsync(First, mark);
        IReadOnlyList<RecordedBackup> secondTaken = await Server.BackupsTakenSinceAsync(Second, mark);
        ServerMessage? cause = outcome.Errors.FirstOrDefault(error => error.Number == CannotOpenBackupDevice);
        string context = $"SET XACT_ABORT {(xactAbortOn ? "ON" : "OFF")}: {outcome.Describe()}";
        Assert.Multiple(() =>
        {
            Assert.That(failed.Action, Is.EqualTo("FAILED"), context);
            Assert.That(failed.ErrorNumber, Is.EqualTo(CannotOpenBackupDevice), "error_number is BACKUP's first error, 3201, not the 3013 after it; " + context);
            Assert.That(failed.ErrorMessage, Does.Contain(First + ".bak"), "error_message carries SQL Server's text naming the device; " + context);
            Assert.That(backedUp.Action, Is.EqualTo("BACKUP"), "the next database is processed after a FAILED one; " + context);
            Assert.That(firstTaken, Is.Empty, "msdb records no backup of the database whose BACKUP failed");
            Assert.That(secondTaken.Select(backup => backup.Kind), Is.EqualTo(new[] { BackupKind.Full.RecordedKind() }), "msdb.dbo.backupset of the second database");
            Assert.That(outcome.ErrorNumbers, Does.Contain(CannotOpenBackupDevice).And.Contain(BackupTerminatingAbnormally), "SqlPipe.ExecuteAndSend passes BACKUP's errors to the caller; " + context);
            Assert.That(cause?.RowsBefore, Is.EqualTo(0), "BACKUP's errors arrive before the result set; " + context);
            Assert.That(outcome.Error?.Number, Is.EqualTo(ProcedureOutcome.ClosingErrorNumber), "the call ends with THROW 50000; " + context);
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), "severity 16 fails an Agent job step; " + context);
            Assert.That(outcome.Error?.RowsBefore, Is.EqualTo(2), "the closing error comes after both rows; " + context);
        });
    }

    private static async Task<ProcedureOutcome> RunAsync(BackupRequest request, bool xactAbortOn)
    {
        await using SqlConnection connection = await Server.OpenAsync(SqlServerInstance.UtilityDatabase);
        if (xactAbortOn)
        {
            await SqlRunner.ExecuteScriptAsync(connection, TestSql.Load("Common/SetXactAbortOn.sql"));
        }

        return await BackupProcedure.RunAsync(connection, request);
    }
}
