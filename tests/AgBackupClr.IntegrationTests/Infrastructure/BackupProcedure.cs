using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Calls dbo.usp_BackupIfPreferred and keeps both its rows and the error it raises after them.</summary>
internal static class BackupProcedure
{
    public static async Task<ProcedureOutcome> RunAsync(
        SqlConnection connection, BackupRequest request, SqlTransaction? transaction = null)
    {
        var rows = new List<BackupDecision>();
        try
        {
            await using SqlCommand command = SqlRunner.CreateCommand(
                connection, TestSql.Load("Common/BackupIfPreferred.sql"), request.ToArguments(), transaction);
            await using SqlDataReader reader = await command.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(BackupDecision.From(SqlRow.Read(reader)));
                }
            }
            while (await reader.NextResultAsync());
        }
        catch (SqlException error)
        {
            // The severity-16 error comes after the rows: SqlClient raises it while finishing the reader.
            return new ProcedureOutcome(rows, error);
        }

        return new ProcedureOutcome(rows, null);
    }
}
