using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>What SQL Server does with a plain BACKUP statement, without the procedure in between.</summary>
internal sealed record NativeBackupOutcome(bool Succeeded, IReadOnlyList<int> ErrorNumbers)
{
    public static async Task<NativeBackupOutcome> RunAsync(SqlConnection connection, string database, BackupKind kind)
    {
        try
        {
            await SqlRunner.ExecuteScriptAsync(
                connection,
                TestSql.Load("Common/NativeBackup.sql"),
                new Dictionary<string, object?>
                {
                    ["@DatabaseName"] = database,
                    ["@BackupType"] = kind.BackupType(),
                    ["@CopyOnly"] = kind.IsCopyOnly(),
                });
            return new NativeBackupOutcome(true, []);
        }
        catch (SqlException error)
        {
            // BACKUP reports the cause first (3059, 4208, ...) and then 3013 "terminating abnormally".
            return new NativeBackupOutcome(false, error.Numbers());
        }
    }

    public override string ToString()
    {
        return Succeeded ? "succeeded" : $"failed with {string.Join(", ", ErrorNumbers)}";
    }
}
