using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>The plan as people read it: one aligned line per cell, a blank line between backups of one database.</summary>
public static class PlanTable
{
    private static readonly string[] Headers = { "DATABASE", "AVAILABILITY GROUP", "BACKUP", "REPLICA", "ROLE", "ACTION", "REASON CODE", "REASON" };

    public static void Write(IReadOnlyList<PlanRow> rows, TextWriter output)
    {
        var cells = new List<string[]>(rows.Count);
        foreach (PlanRow row in rows)
        {
            cells.Add(new[]
            {
                row.DatabaseName,
                row.AvailabilityGroupName ?? "-",
                row.Backup.Label,
                row.ReplicaServerName,
                row.ReplicaRole == null ? "-" : SqlNames.Of(row.ReplicaRole.Value),
                SqlNames.Of(row.Decision.Action),
                row.Decision.ReasonCode,
                row.Decision.Reason,
            });
        }

        // The last column, the reason, is left unpadded: it is long and nothing follows it.
        var widths = new int[Headers.Length - 1];
        for (int column = 0; column < widths.Length; column++)
        {
            widths[column] = Headers[column].Length;
            foreach (string[] line in cells)
            {
                widths[column] = Math.Max(widths[column], line[column].Length);
            }
        }

        WriteLine(output, Headers, widths);
        var rule = new string[Headers.Length];
        for (int column = 0; column < rule.Length; column++)
        {
            rule[column] = new string('-', column < widths.Length ? widths[column] : Headers[column].Length);
        }

        WriteLine(output, rule, widths);
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0 && (rows[i].DatabaseName != rows[i - 1].DatabaseName || rows[i].Backup != rows[i - 1].Backup))
            {
                output.WriteLine();
            }

            WriteLine(output, cells[i], widths);
        }
    }

    private static void WriteLine(TextWriter output, string[] line, int[] widths)
    {
        var text = new StringBuilder();
        for (int column = 0; column < line.Length; column++)
        {
            text.Append(column < widths.Length ? line[column].PadRight(widths[column] + 2) : line[column]);
        }

        output.WriteLine(text.ToString());
    }
}

/// <summary>
/// The plan for programs: an array of objects whose names are the columns usp_BackupIfPreferred returns,
/// plus replica_server_name.
/// </summary>
public static class PlanJson
{
    public static void Write(IReadOnlyList<PlanRow> rows, TextWriter output)
    {
        // Reasons quote names with ' and are read in a terminal, not embedded in HTML: no need to escape them.
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartArray();
            foreach (PlanRow row in rows)
            {
                json.WriteStartObject();
                json.WriteString("database_name", row.DatabaseName);
                WriteNullable(json, "availability_group_name", row.AvailabilityGroupName);
                json.WriteString("replica_server_name", row.ReplicaServerName);
                WriteNullable(json, "replica_role", row.ReplicaRole == null ? null : SqlNames.Of(row.ReplicaRole.Value));
                json.WriteString("backup_type", SqlNames.Of(row.Backup.BackupType));
                json.WriteBoolean("copy_only", row.Backup.CopyOnly);
                json.WriteString("action", SqlNames.Of(row.Decision.Action));
                json.WriteString("reason_code", row.Decision.ReasonCode);
                json.WriteString("reason", row.Decision.Reason);
                if (row.Decision.IsPreferredReplica == null)
                {
                    json.WriteNull("is_preferred_replica");
                }
                else
                {
                    json.WriteBoolean("is_preferred_replica", row.Decision.IsPreferredReplica.Value);
                }

                WriteNullable(json, "preferred_replica_name", row.Decision.PreferredReplicaName);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value == null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
