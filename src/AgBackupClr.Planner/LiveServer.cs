using AgBackupClr.Engine;
using AgBackupClr.Model;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.Planner;

/// <summary>The one place the planner touches a live server: the engine's own StateReader over Microsoft.Data.SqlClient.</summary>
public static class LiveServer
{
    public static ServerState Read(string connectionString)
    {
        using SqlConnection connection = ConnectionStrings.Connection(connectionString);
        connection.Open();
        return StateReader.Read(connection);
    }
}
