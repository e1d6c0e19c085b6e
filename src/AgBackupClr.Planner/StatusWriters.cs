using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgBackupClr.Planner;

/// <summary>A replica agbackup status could not read: named by its place on the command line, never by its connection string.</summary>
public sealed record UnreadableServer(string Server, string Error);

/// <summary>agbackup status for people: a line per database, then what was late or broken, then the replicas not read.</summary>
public static class StatusTable
{
    public static void Write(IReadOnlyList<DatabaseStatus> statuses, IReadOnlyList<UnreadableServer> unreadable, TextWriter output)
    {
        var headers = new[] { "DATABASE", "SERVER", "LAST FULL", "LAST DIFF", "LAST LOG", "CHAIN", "LATE" };
        var rows = new List<string[]> { headers };
        foreach (DatabaseStatus status in statuses)
        {
            rows.Add(new[]
            {
                Echo.Line(status.DatabaseName),
                Echo.Line(status.ServerName ?? "(group)"),
                Cell(status.Full),
                Cell(status.Diff),
                Cell(status.Log),
                status.Chain,
                status.Late.Count == 0 ? "-" : string.Join(",", status.Late),
            });
        }

        TextTable.Write(rows, output);

        foreach (DatabaseStatus status in statuses)
        {
            if (status.Chain == ChainStates.Broken)
            {
                output.WriteLine(
                    "GAP: " + Echo.Line(status.DatabaseName) + ": no log backup read covers LSN " + Lsn(status.GapFromLsn)
                    + "; the next starts at LSN " + Lsn(status.GapToLsn) + ".");
            }
        }

        foreach (DatabaseStatus status in statuses)
        {
            foreach (ReplicaDecision decision in status.LateDecisions)
            {
                output.WriteLine(
                    "LATE: " + Echo.Line(status.DatabaseName) + " " + decision.BackupType + ": " + Echo.Line(decision.ServerName) + " last logged "
                    + Echo.Line(decision.Action) + " " + Echo.Line(decision.ReasonCode) + " at " + Time(decision.LoggedAtUtc) + ".");
            }
        }

        foreach (UnreadableServer server in unreadable)
        {
            output.WriteLine("UNREADABLE: " + Echo.Line(server.Server) + ": " + Echo.Line(server.Error));
        }
    }

    internal static string Lsn(decimal? lsn) => lsn?.ToString("0", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Cell(LastBackup? last) => last == null ? "-" : Time(last.FinishedUtc) + " " + Echo.Line(last.ServerName);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Rows as aligned columns, two spaces apart, the first row a header underlined with dashes.</summary>
internal static class TextTable
{
    public static void Write(IReadOnlyList<string[]> rows, TextWriter output)
    {
        var widths = new int[rows[0].Length];
        foreach (string[] row in rows)
        {
            for (int column = 0; column < row.Length; column++)
            {
                widths[column] = Math.Max(widths[column], row[column].Length);
            }
        }

        var line = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            Line(output, line, rows[r], widths);
            if (r == 0)
            {
                Line(output, line, Array.ConvertAll(widths, width => new string('-', width)), widths);
            }
        }
    }

    private static void Line(TextWriter output, StringBuilder line, string[] cells, int[] widths)
    {
        line.Clear();
        for (int column = 0; column < cells.Length; column++)
        {
            line.Append(cells[column]);
            if (column < cells.Length - 1)
            {
                line.Append(' ', widths[column] - cells[column].Length + 2);
            }
        }

        output.WriteLine(line.ToString());
    }
}

/// <summary>
/// agbackup status for monitoring: one object, its property names part of the contract (docs/agbackup.md, "Is every database backed up?").
/// LSNs are strings: numeric(25,0) does not fit a JSON number that every reader parses exactly.
/// </summary>
public static class StatusJson
{
    public static void Write(IReadOnlyList<DatabaseStatus> statuses, IReadOnlyList<UnreadableServer> unreadable, TextWriter output)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteStartArray("databases");
            foreach (DatabaseStatus status in statuses)
            {
                json.WriteStartObject();
                json.WriteString("database_name", status.DatabaseName);
                PlanJson.WriteNullable(json, "group_database_id", status.GroupDatabaseId?.ToString("D"));
                PlanJson.WriteNullable(json, "server_name", status.ServerName);
                WriteLast(json, "last_full", status.Full);
                WriteLast(json, "last_diff", status.Diff);
                WriteLast(json, "last_log", status.Log);
                json.WriteString("chain", status.Chain);
                PlanJson.WriteNullable(json, "gap_from_lsn", status.GapFromLsn == null ? null : StatusTable.Lsn(status.GapFromLsn));
                PlanJson.WriteNullable(json, "gap_to_lsn", status.GapToLsn == null ? null : StatusTable.Lsn(status.GapToLsn));
                json.WriteStartArray("late");
                foreach (string type in status.Late)
                {
                    json.WriteStringValue(type);
                }

                json.WriteEndArray();
                json.WriteStartArray("late_decisions");
                foreach (ReplicaDecision decision in status.LateDecisions)
                {
                    json.WriteStartObject();
                    json.WriteString("server_name", decision.ServerName);
                    json.WriteString("backup_type", decision.BackupType);
                    json.WriteString("action", decision.Action);
                    json.WriteString("reason_code", decision.ReasonCode);
                    json.WriteString("logged_at_utc", DateTime.SpecifyKind(decision.LoggedAtUtc, DateTimeKind.Utc));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("unreadable_servers");
            foreach (UnreadableServer server in unreadable)
            {
                json.WriteStartObject();
                json.WriteString("server", server.Server);
                json.WriteString("error", server.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteLast(Utf8JsonWriter json, string name, LastBackup? last)
    {
        if (last == null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("finished_utc", DateTime.SpecifyKind(last.FinishedUtc, DateTimeKind.Utc));
        json.WriteString("server_name", last.ServerName);
        PlanJson.WriteNullable(json, "file", last.File);
        json.WriteEndObject();
    }
}
