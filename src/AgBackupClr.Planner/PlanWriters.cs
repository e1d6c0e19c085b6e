using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The plan as a person reads it first: one line per database and backup, one column per replica, each cell what the
/// job there does (BACKUP, skip, REFUSE, or - where the replica does not hold the database), then why each REFUSE.
/// </summary>
public static class PlanMatrix
{
    private const string Green = "\u001b[32m";
    private const string Red = "\u001b[1;31m";
    private const string Dim = "\u001b[2m";
    private const string Reset = "\u001b[0m";

    /// <param name="servers">The columns: ReplicaViews.Servers, in the order the plan's rows name them.</param>
    /// <param name="colour">ANSI colours, for a terminal only: in a file or a pipe they would be noise.</param>
    public static void Write(IReadOnlyList<PlanRow> rows, IReadOnlyList<string> servers, TextWriter output, bool colour)
    {
        var headers = new List<string> { "DATABASE", "AVAILABILITY GROUP", "BACKUP" };
        foreach (string server in servers)
        {
            headers.Add(Echo.Line(server));
        }

        // Every column as wide as its header or its widest value; a cell is at most six characters (BACKUP, REFUSE).
        var widths = new int[headers.Count];
        for (int column = 0; column < widths.Length; column++)
        {
            widths[column] = Math.Max(headers[column].Length, column < 3 ? 0 : "BACKUP".Length);
        }

        foreach (PlanRow row in rows)
        {
            widths[0] = Math.Max(widths[0], Echo.Line(row.DatabaseName).Length);
            widths[1] = Math.Max(widths[1], Echo.Line(row.AvailabilityGroupName ?? "-").Length);
            widths[2] = Math.Max(widths[2], row.Backup.Label.Length);
        }

        var line = new StringBuilder();
        PlanTable.WriteLine(output, line, headers, widths, null);
        PlanTable.WriteLine(output, line, headers, widths, '-');

        var refusals = new List<PlanRow>();
        var cells = new string[headers.Count];
        for (int first = 0; first < rows.Count;)
        {
            // The rows of one database and backup stand together, in the order of the servers.
            PlanRow row = rows[first];
            cells[0] = Echo.Line(row.DatabaseName);
            cells[1] = Echo.Line(row.AvailabilityGroupName ?? "-");
            cells[2] = row.Backup.Label;
            int next = first;
            for (int s = 0; s < servers.Count; s++)
            {
                bool holds = next < rows.Count && rows[next].DatabaseName == row.DatabaseName && rows[next].Backup == row.Backup
                    && rows[next].ReplicaServerName == servers[s];
                cells[3 + s] = holds ? Cell(rows[next].Decision.Action) : "-";
                if (holds && rows[next].Decision.Action == DecisionAction.Refuse)
                {
                    refusals.Add(rows[next]);
                }

                next += holds ? 1 : 0;
            }

            PlanTable.WriteLine(output, line, cells, widths, null, colour ? Paint : null);
            first = next;
        }

        WriteRefusals(refusals, output);
    }

    /// <summary>
    /// Why each REFUSE, once per replica and reason code: a replica that is down refuses every backup of every database
    /// for one reason, which reads better as one entry with the backups it hits and the first one's sentence.
    /// </summary>
    private static void WriteRefusals(List<PlanRow> refusals, TextWriter output)
    {
        if (refusals.Count == 0)
        {
            return;
        }

        var groups = new Dictionary<(string Server, string Code), List<PlanRow>>();
        var order = new List<(string Server, string Code)>();
        foreach (PlanRow refusal in refusals)
        {
            (string, string) key = (refusal.ReplicaServerName, refusal.Decision.ReasonCode);
            if (!groups.TryGetValue(key, out List<PlanRow>? group))
            {
                group = new List<PlanRow>();
                groups.Add(key, group);
                order.Add(key);
            }

            group.Add(refusal);
        }

        output.WriteLine();
        output.WriteLine("REFUSE: the job fails on that replica, and no other replica takes the backup for it.");
        foreach ((string server, string code) in order)
        {
            List<PlanRow> group = groups[(server, code)];
            var backups = new List<string>(group.Count);
            foreach (PlanRow refusal in group)
            {
                backups.Add(refusal.DatabaseName + " " + refusal.Backup.Label);
            }

            output.WriteLine("  " + Echo.Line(server) + ": " + code + ", " + Echo.Count(group.Count, "backup") + ": " + Echo.List(backups, false));
            output.WriteLine("    " + Echo.Line(group[0].Decision.Reason));
        }
    }

    /// <summary>SKIP is written small: it is the normal answer on most replicas, and BACKUP and REFUSE must stand out.</summary>
    private static string Cell(DecisionAction action) => action == DecisionAction.Skip ? "skip" : SqlNames.Of(action);

    private static string Paint(string cell) => cell switch
    {
        "BACKUP" => Green + cell + Reset,
        "REFUSE" => Red + cell + Reset,
        "skip" => Dim + cell + Reset,
        _ => cell,
    };
}

/// <summary>The plan in full: one aligned line per database, backup and replica with the reason, a blank line between backups.</summary>
public static class PlanTable
{
    private static readonly string[] Headers = { "DATABASE", "AVAILABILITY GROUP", "BACKUP", "REPLICA", "ROLE", "ACTION", "REASON CODE", "REASON" };

    /// <param name="rows">Read twice: once for the widths, then for the lines (BackupPlanner.PlanEach plans again).</param>
    public static void Write(IEnumerable<PlanRow> rows, TextWriter output)
    {
        // The last column, the reason, is left unpadded: it is long and nothing follows it. The widths are measured
        // first and each line written at once, so no reason sentence is kept for longer than its line.
        var widths = new int[Headers.Length - 1];
        for (int column = 0; column < widths.Length; column++)
        {
            widths[column] = Headers[column].Length;
        }

        var cells = new string[Headers.Length];
        foreach (PlanRow row in rows)
        {
            Cells(row, cells, false);
            for (int column = 0; column < widths.Length; column++)
            {
                widths[column] = Math.Max(widths[column], cells[column].Length);
            }
        }

        var line = new StringBuilder();
        WriteLine(output, line, Headers, widths, null);
        WriteLine(output, line, Headers, widths, '-');
        PlanRow? previous = null;
        foreach (PlanRow row in rows)
        {
            if (previous is PlanRow before && (row.DatabaseName != before.DatabaseName || row.Backup != before.Backup))
            {
                output.WriteLine();
            }

            Cells(row, cells, true);
            WriteLine(output, line, cells, widths, null);
            previous = row;
        }
    }

    /// <summary>
    /// One line of cells, each padded to its column's width and two spaces; the last cell and cells past the widths are
    /// not padded. With a rule character, the cells are headers and each is drawn as that character across its width.
    /// </summary>
    internal static void WriteLine(
        TextWriter output, StringBuilder line, IReadOnlyList<string> cells, int[] widths, char? rule, Func<string, string>? paint = null)
    {
        line.Clear();
        for (int column = 0; column < cells.Count; column++)
        {
            string cell = rule == null ? cells[column] : new string(rule.Value, column < widths.Length ? widths[column] : cells[column].Length);
            line.Append(paint == null || column < 3 ? cell : paint(cell));
            if (column < widths.Length && column < cells.Count - 1)
            {
                line.Append(' ', widths[column] - cell.Length + 2);
            }
        }

        output.WriteLine(line);
    }

    private static void Cells(PlanRow row, string[] cells, bool withReason)
    {
        cells[0] = Echo.Line(row.DatabaseName);
        cells[1] = Echo.Line(row.AvailabilityGroupName ?? "-");
        cells[2] = row.Backup.Label;
        cells[3] = Echo.Line(row.ReplicaServerName);
        cells[4] = row.ReplicaRole == null ? "-" : SqlNames.Of(row.ReplicaRole.Value);
        cells[5] = SqlNames.Of(row.Decision.Action);
        cells[6] = row.Decision.ReasonCode;
        cells[7] = withReason ? Echo.Line(row.Decision.Reason) : string.Empty;
    }
}

/// <summary>
/// The plan for programs: an array of objects whose names are the columns usp_BackupIfPreferred returns, plus
/// replica_server_name. Written as it is produced, a chunk at a time, so a plan of 100,000 databases is never held whole.
/// </summary>
public static class PlanJson
{
    private const int Chunk = 64 * 1024;

    public static void Write(IEnumerable<PlanRow> rows, TextWriter output)
    {
        // Reasons quote names with ' and are read in a terminal, not embedded in HTML: no need to escape them.
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var buffer = new ArrayBufferWriter<byte>(Chunk);
        char[] characters = new char[Encoding.UTF8.GetMaxCharCount(2 * Chunk)];
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartArray();
            foreach (PlanRow row in rows)
            {
                WriteRow(json, row);
                if (json.BytesPending + buffer.WrittenCount >= Chunk)
                {
                    // Whole objects only, so the bytes end on a character boundary; one object is far below a chunk.
                    json.Flush();
                    Pass(buffer, characters, output);
                }
            }

            json.WriteEndArray();
        }

        Pass(buffer, characters, output);
        output.WriteLine();
    }

    /// <summary>The chunk's bytes to the writer as characters, through one reused array rather than a string per chunk.</summary>
    private static void Pass(ArrayBufferWriter<byte> buffer, char[] characters, TextWriter output)
    {
        output.Write(characters, 0, Encoding.UTF8.GetChars(buffer.WrittenSpan, characters));
        buffer.ResetWrittenCount();
    }

    private static void WriteRow(Utf8JsonWriter json, PlanRow row)
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

    internal static void WriteNullable(Utf8JsonWriter json, string name, string? value)
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
