using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>A call this replica must refuse before anything runs: the code, the failed call, and no new backup in msdb.</summary>
internal static class RefusedCall
{
    public static async Task<ProcedureOutcome> AssertAsync(SqlServerInstance server, string database, BackupRequest request, string reasonCode)
    {
        int before = await server.CountBackupsAsync(database);

        ProcedureOutcome outcome = await server.BackUpAsync(request);

        int after = await server.CountBackupsAsync(database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Rows[0].ReasonCode, Is.EqualTo(reasonCode), outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), outcome.Describe());
            Assert.That(after, Is.EqualTo(before), "a backup ran despite the refusal");
        });
        return outcome;
    }
}
