using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Calls dbo.usp_BackupIfPreferred and keeps its rows and every message and error it sends: BACKUP's
/// errors (3201, 3013, ...) before the result set, and the severity 16 error it raises after it.</summary>
internal static class BackupProcedure
{
    public static async Task<ProcedureOutcome> RunAsync(
        SqlConnection connection, BackupRequest request, SqlTransaction? transaction = null)
    {
        var rows = new List<BackupDecision>();
        var messages = new List<ServerMessage>();
        void Collect(object sender, SqlInfoMessageEventArgs arguments)
        {
            foreach (SqlError error in arguments.Errors)
            {
                messages.Add(ServerMessage.From(error, rows.Count));
            }
        }

        // By default SqlClient turns the first error into an exception and stops reading, so a BACKUP error sent
        // before the result set would lose every row. With this switch errors of severity 16 or less arrive as
        // InfoMessage events, in order, and reading goes on.
        bool firedBefore = connection.FireInfoMessageEventOnUserErrors;
        connection.FireInfoMessageEventOnUserErrors = true;
        connection.InfoMessage += Collect;
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
            // Severity 17 and above (and a broken connection) still end the call with an exception.
            foreach (SqlError part in error.Errors)
            {
                messages.Add(ServerMessage.From(part, rows.Count));
            }
        }
        finally
        {
            connection.InfoMessage -= Collect;
            connection.FireInfoMessageEventOnUserErrors = firedBefore;
        }

        return new ProcedureOutcome(rows, messages);
    }
}
