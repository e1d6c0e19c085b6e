using System.Globalization;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One message or error SQL Server sent during a call, and how many result rows had been read when it
/// arrived, so a test can tell an error sent before the result set from the one raised after it.</summary>
internal sealed record ServerMessage(int Number, int Class, string Message, int RowsBefore)
{
    /// <summary>Severity 11 and above is an error; 10 and below is information (PRINT, STATS progress, Msg 3014).</summary>
    public bool IsError => Class > 10;

    public static ServerMessage From(SqlError error, int rowsBefore)
    {
        return new ServerMessage(error.Number, error.Class, error.Message, rowsBefore);
    }

    public override string ToString()
    {
        return string.Create(CultureInfo.InvariantCulture, $"Msg {Number} class {Class} after {RowsBefore} row(s): {Message}");
    }
}
