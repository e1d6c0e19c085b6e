using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Splits a script into batches the way sqlcmd does for the only separator deploy.sql uses:
/// a line holding nothing but GO.</summary>
internal static class SqlBatches
{
    public static IReadOnlyList<string> Split(string script)
    {
        var batches = new List<string>();
        var current = new StringBuilder();
        using var reader = new StringReader(script);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (string.Equals(line.Trim(), "GO", StringComparison.OrdinalIgnoreCase))
            {
                AddIfNotBlank(batches, current);
                continue;
            }

            current.AppendLine(line);
        }

        AddIfNotBlank(batches, current);
        return batches;
    }

    private static void AddIfNotBlank(List<string> batches, StringBuilder current)
    {
        string batch = current.ToString();
        if (!string.IsNullOrWhiteSpace(batch))
        {
            batches.Add(batch);
        }

        current.Clear();
    }
}
