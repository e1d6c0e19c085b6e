using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.Planner;

/// <summary>
/// The one place agbackup restore --test touches the instance it restores into: sys.databases, the instance's default
/// folders (docs/t-sql/functions/serverproperty-transact-sql.md), RESTORE HEADERONLY and FILELISTONLY, and the statements
/// of the test, each on a connection of its own and without a time limit.
/// </summary>
public sealed class LiveRestoreServer : IRestoreServer
{
    public static readonly LiveRestoreServer Instance = new();

    private const string Facts = @"
SELECT CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)),
       CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(4000)),
       CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(4000));";

    private const string Databases = "SELECT name, group_database_id FROM sys.databases;";

    public RestoreInstance Read(string connectionString)
    {
        using SqlConnection connection = Open(connectionString);
        (string server, string? data, string? log) = Rows(connection, Facts, reader => (reader.GetString(0), Text(reader, 1), Text(reader, 2)))[0];
        List<HistoryDatabase> databases = Rows(connection, Databases, reader => new HistoryDatabase(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), false));
        return new RestoreInstance(server, databases, data, log);
    }

    // restore-statements-headeronly-transact-sql.md: Position smallint, DatabaseName nvarchar(128), FirstLSN and LastLSN
    // numeric(25,0), BackupSetGUID uniqueidentifier; read by name, since each version adds columns.
    public IReadOnlyList<BackupHeader> HeaderOnly(string connectionString, string statement)
    {
        using SqlConnection connection = Open(connectionString);
        return Rows(connection, statement, reader => new BackupHeader(
            Convert.ToInt32(reader["Position"], CultureInfo.InvariantCulture),
            (string)reader["DatabaseName"],
            (decimal)reader["FirstLSN"],
            (decimal)reader["LastLSN"],
            (Guid)reader["BackupSetGUID"]));
    }

    // restore-statements-filelistonly-transact-sql.md: LogicalName, PhysicalName, Type (L log, D data, F full-text, S FILESTREAM).
    public IReadOnlyList<BackupFile> FileListOnly(string connectionString, string statement)
    {
        using SqlConnection connection = Open(connectionString);
        return Rows(connection, statement, reader => new BackupFile((string)reader["LogicalName"], (string)reader["PhysicalName"], ((string)reader["Type"])[0]));
    }

    public void Execute(string connectionString, string statement, Action<string> message)
    {
        using SqlConnection connection = Open(connectionString);
        connection.InfoMessage += (_, info) => message(info.Message);
        using var command = new SqlCommand(statement, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    private static SqlConnection Open(string connectionString)
    {
        SqlConnection connection = ConnectionStrings.Connection(connectionString);
        connection.Open();
        return connection;
    }

    private static string? Text(SqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static List<T> Rows<T>(SqlConnection connection, string query, Func<SqlDataReader, T> read)
    {
        using var command = new SqlCommand(query, connection) { CommandTimeout = 0 };
        using SqlDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
