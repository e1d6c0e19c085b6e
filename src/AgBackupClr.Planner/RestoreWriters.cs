using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgBackupClr.Planner;

/// <summary>agbackup restore for people: a line per backup to restore, then where the restore stops.</summary>
public static class RestoreTable
{
    public static void Write(RestoreSequence sequence, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "STEP", "TYPE", "REPLICA", "FIRST LSN", "LAST LSN", "STARTED", "FINISHED", "SIZE", "FILES" } };
        for (int i = 0; i < sequence.Steps.Count; i++)
        {
            RestoreStep step = sequence.Steps[i];
            rows.Add(new[]
            {
                (i + 1).ToString(CultureInfo.InvariantCulture),
                RestoreSequenceBuilder.TypeName(step.Backup),
                Echo.Line(step.ServerName),
                RestoreSequenceBuilder.Lsn(step.Backup.FirstLsn),
                RestoreSequenceBuilder.Lsn(step.Backup.LastLsn),
                RestoreSequenceBuilder.Time(step.Backup.StartedUtc),
                RestoreSequenceBuilder.Time(step.Backup.FinishedUtc),
                step.Backup.BackupSize is decimal size ? RestoreSequenceBuilder.Digits(size) : "-",
                string.Join(", ", step.Stripes.Select(stripe => Echo.Line(stripe.PhysicalDeviceName!))),
            });
        }

        TextTable.Write(rows, output);
        output.WriteLine(sequence.StopAtUtc is DateTime stopAtUtc
            ? "STOPAT " + RestoreSequenceBuilder.Time(stopAtUtc) + " in the last LOG, then RECOVERY."
            : "RECOVERY at the end of the last backup.");
    }
}

/// <summary>agbackup restore for scripts: one object, its property names part of the contract (docs/agbackup.md, "Restoring").</summary>
public static class RestoreJson
{
    public static void Write(RestoreSequence sequence, RestoreTarget target, TextWriter output)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("database_name", sequence.DatabaseName);
            json.WriteString("restore_as", target.RestoreAs ?? sequence.DatabaseName);
            if (sequence.StopAtUtc is DateTime stopAtUtc)
            {
                json.WriteString("stop_at_utc", DateTime.SpecifyKind(stopAtUtc, DateTimeKind.Utc));
            }
            else
            {
                json.WriteNull("stop_at_utc");
            }

            json.WriteStartArray("steps");
            foreach (RestoreStep step in sequence.Steps)
            {
                json.WriteStartObject();
                json.WriteString("backup_type", RestoreSequenceBuilder.TypeName(step.Backup));
                json.WriteString("server_name", step.ServerName);
                json.WriteString("backup_set_uuid", step.Backup.BackupSetUuid.ToString("D"));
                json.WriteString("first_lsn", RestoreSequenceBuilder.Lsn(step.Backup.FirstLsn));
                json.WriteString("last_lsn", RestoreSequenceBuilder.Lsn(step.Backup.LastLsn));
                json.WriteString("started_utc", DateTime.SpecifyKind(step.Backup.StartedUtc, DateTimeKind.Utc));
                json.WriteString("finished_utc", DateTime.SpecifyKind(step.Backup.FinishedUtc, DateTimeKind.Utc));
                PlanJson.WriteNullable(json, "backup_size", step.Backup.BackupSize is decimal size ? RestoreSequenceBuilder.Digits(size) : null);
                json.WriteNumber("position", step.Backup.Position);
                json.WriteStartArray("files");
                foreach (MediaFamily stripe in step.Stripes)
                {
                    json.WriteStringValue(stripe.PhysicalDeviceName);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}

/// <summary>agbackup restore --test for people: what was restored where, to when, how long it took, CHECKDB, and the copy's fate.</summary>
public static class RestoreTestTable
{
    public static void Write(RestoreTestResult result, TextWriter output)
    {
        output.WriteLine("RESTORE TEST  " + Echo.Line(result.DatabaseName) + " as " + Echo.Line(result.RestoredAs) + " on " + Echo.Line(result.ServerName));
        output.WriteLine("RESTORED TO   " + RestoreSequenceBuilder.Time(result.RestoredToUtc) + " from " + Echo.Count(result.Backups, "backup") + " in " + Duration(result.RestoreDuration));
        output.WriteLine("CHECKDB       " + result.CheckDb + (result.CheckDbDuration is TimeSpan checkDb ? " in " + Duration(checkDb) : string.Empty));
        output.WriteLine("DROPPED       " + (result.Dropped ? "yes" : "no"));
        output.WriteLine("RESULT        " + (result.Error == null ? "OK" : "FAILED: " + Echo.Line(result.Error)));
    }

    private static string Duration(TimeSpan duration) => duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}

/// <summary>agbackup restore --test for monitoring: one object per database, its property names part of the contract (docs/agbackup.md, "Restoring").</summary>
public static class RestoreTestJson
{
    public static void Write(RestoreTestResult result, TextWriter output)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("database_name", result.DatabaseName);
            json.WriteString("restored_as", result.RestoredAs);
            json.WriteString("server_name", result.ServerName);
            json.WriteString("restored_to_utc", DateTime.SpecifyKind(result.RestoredToUtc, DateTimeKind.Utc));
            json.WriteNumber("backups", result.Backups);
            json.WriteNumber("restore_seconds", Math.Round(result.RestoreDuration.TotalSeconds, 3));
            json.WriteString("checkdb", result.CheckDb);
            if (result.CheckDbDuration is TimeSpan checkDb)
            {
                json.WriteNumber("checkdb_seconds", Math.Round(checkDb.TotalSeconds, 3));
            }
            else
            {
                json.WriteNull("checkdb_seconds");
            }

            json.WriteBoolean("dropped", result.Dropped);
            PlanJson.WriteNullable(json, "error", result.Error);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
