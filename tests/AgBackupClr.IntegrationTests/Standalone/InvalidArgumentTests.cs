using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>Every bad argument of the procedure is refused with REFUSE_INVALID_ARGUMENT, the call fails,
/// and no backup runs.</summary>
[TestFixture]
[Category("Integration")]
public sealed class InvalidArgumentTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private static readonly BackupRequest Valid = new(Database, "FULL", StandaloneSetUpFixture.BackupDirectory);

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    public static IEnumerable<TestCaseData> BadRequests()
    {
        yield return Case("@BackupType NULL", Valid with { BackupType = null });
        yield return Case("@BackupType unknown", Valid with { BackupType = "BOGUS" });
        yield return Case("@BackupType RESTORE", Valid with { BackupType = "RESTORE" });
        yield return Case("@Directory NULL", Valid with { Directory = null });
        yield return Case("@CopyOnly X", Valid with { CopyOnly = "X" });
        yield return Case("@Checksum X", Valid with { Checksum = "X" });
        yield return Case("@Compress X", Valid with { Compress = "X" });
        yield return Case("@Verify X", Valid with { Verify = "X" });
        yield return Case("@Execute X", Valid with { Execute = "X" });
        yield return Case("@LogToTable X", Valid with { LogToTable = "X" });
        yield return Case("@OverrideBackupPreference X", Valid with { OverrideBackupPreference = "X" });

        // A regular FULL to NUL would become the differential base and be thrown away (issue 20).
        yield return Case("regular FULL to NUL", Valid with { Directory = "NUL" });
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task BadArgumentIsRefusedAndNothingRuns(BackupRequest request)
    {
        // Given the number of backups msdb has recorded for the database
        int before = await Server.CountBackupsAsync(Database);

        // When the procedure is called with one bad argument
        ProcedureOutcome outcome = await Server.BackUpAsync(request);

        // Then every row refuses with REFUSE_INVALID_ARGUMENT and a reason, the call fails, and no backup ran
        int after = await Server.CountBackupsAsync(Database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Rows, Is.Not.Empty, outcome.Describe());
            Assert.That(outcome.Rows.Select(row => row.Action), Is.All.EqualTo("REFUSE"), outcome.Describe());
            Assert.That(outcome.Rows.Select(row => row.ReasonCode), Is.All.EqualTo("REFUSE_INVALID_ARGUMENT"), outcome.Describe());
            Assert.That(outcome.Rows.Select(row => row.Reason), Is.All.Not.Null.And.Not.Empty, outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), outcome.Describe());
            Assert.That(after, Is.EqualTo(before), "a backup ran despite the bad argument");
        });
    }

    [Test]
    public async Task ValidationFunctionRefusesAnUnknownBackupType()
    {
        // Given a database that exists
        // When fn_ValidateBackupRequest is asked about an unknown backup type
        SqlRow row = await Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Common/ValidateBackupRequest.sql",
            new Dictionary<string, object?> { ["@DatabaseName"] = Database, ["@BackupType"] = "BOGUS", ["@CopyOnly"] = false });

        // Then it refuses with REFUSE_INVALID_ARGUMENT and says the backup should not run here
        Assert.Multiple(() =>
        {
            Assert.That(row.Text("action"), Is.EqualTo("REFUSE"));
            Assert.That(row.Text("reason_code"), Is.EqualTo("REFUSE_INVALID_ARGUMENT"));
            Assert.That(row.Flag("should_run_here"), Is.False);
        });
    }

    private static TestCaseData Case(string name, BackupRequest request)
    {
        return new TestCaseData(request).SetArgDisplayNames(name);
    }
}
