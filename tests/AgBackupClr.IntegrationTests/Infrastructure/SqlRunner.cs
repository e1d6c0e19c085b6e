using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Runs T-SQL text through SqlClient, one batch at a time, with typed parameters instead of
/// text substitution.</summary>
internal static class SqlRunner
{
    // Seeding, BACKUP and deploy.sql's CREATE ASSEMBLY can take longer than SqlClient's 30-second default.
    private const int CommandTimeoutSeconds = 300;

    private static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>();

    public static async Task ExecuteScriptAsync(
        SqlConnection connection, string script, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        foreach (string batch in SqlBatches.Split(script))
        {
            await using SqlCommand command = CreateCommand(connection, batch, arguments ?? NoArguments, null);
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task<IReadOnlyList<SqlRow>> QueryAsync(
        SqlConnection connection, string query, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        var rows = new List<SqlRow>();
        await using SqlCommand command = CreateCommand(connection, query, arguments ?? NoArguments, null);
        await using SqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(SqlRow.Read(reader));
        }

        return rows;
    }

    public static async Task<SqlRow> QuerySingleAsync(
        SqlConnection connection, string query, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        IReadOnlyList<SqlRow> rows = await QueryAsync(connection, query, arguments);
        if (rows.Count != 1)
        {
            throw new InvalidOperationException($"Expected exactly one row, got {rows.Count}, from:{Environment.NewLine}{query}");
        }

        return rows[0];
    }

    public static SqlCommand CreateCommand(
        SqlConnection connection, string text, IReadOnlyDictionary<string, object?> arguments, SqlTransaction? transaction)
    {
        var command = new SqlCommand(text, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };
        foreach ((string name, object? value) in arguments)
        {
            // A null becomes an untyped NULL, sent as nvarchar: what a caller passing NULL to the procedure sends.
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
