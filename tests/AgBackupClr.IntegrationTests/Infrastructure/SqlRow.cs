using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One result row, by column name, with SQL NULL as null.</summary>
internal sealed class SqlRow
{
    private readonly Dictionary<string, object?> values;

    private SqlRow(Dictionary<string, object?> values)
    {
        this.values = values;
    }

    public static SqlRow Read(SqlDataReader reader)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        for (int ordinal = 0; ordinal < reader.FieldCount; ordinal++)
        {
            values[reader.GetName(ordinal)] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        }

        return new SqlRow(values);
    }

    public string? Text(string column)
    {
        object? value = Value(column);
        return value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    public bool? Flag(string column)
    {
        object? value = Value(column);
        return value is null ? null : Convert.ToBoolean(value, CultureInfo.InvariantCulture);
    }

    public int? Number(string column)
    {
        object? value = Value(column);
        return value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    /// <summary>A numeric(25,0) such as a log sequence number.</summary>
    public decimal? Numeric(string column)
    {
        object? value = Value(column);
        return value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
    }

    /// <summary>A datetime or datetime2, as SQL Server sent it (no time zone).</summary>
    public DateTime? Time(string column)
    {
        object? value = Value(column);
        return value is null ? null : Convert.ToDateTime(value, CultureInfo.InvariantCulture);
    }

    private object? Value(string column)
    {
        if (!values.TryGetValue(column, out object? value))
        {
            throw new KeyNotFoundException(
                $"The result has no column '{column}'; it has: {string.Join(", ", values.Keys)}.");
        }

        return value;
    }
}
