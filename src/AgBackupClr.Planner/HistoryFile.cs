using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace AgBackupClr.Planner;

/// <summary>A history file agbackup refuses: the message names the JSON path of the problem.</summary>
public sealed class HistoryFileException : Exception
{
    public HistoryFileException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The history file (docs/history-file.md): what agbackup status read from every replica, as one JSON document that status
/// and restore read again with --history. Every property is written, in this order; a file is read only if it has exactly
/// these properties, so that a misspelt one is an error, not a value silently missing. LSNs and sizes are strings of
/// digits: numeric(25,0) does not fit a JSON number every reader parses exactly.
/// </summary>
public static class HistoryFile
{
    public const string Format = "agbackup-history";
    public const int Version = 1;

    private static readonly string[] FileProperties = { "format", "version", "replicas" };
    private static readonly string[] ReplicaProperties = { "server_name", "read_at_utc", "databases", "backups", "decisions" };
    private static readonly string[] DatabaseProperties = { "name", "group_database_id", "simple_recovery", "group_name" };

    private static readonly string[] BackupProperties =
    {
        "database_name", "backup_set_uuid", "type", "is_copy_only", "first_lsn", "last_lsn", "checkpoint_lsn", "differential_base_lsn",
        "started_utc", "finished_utc", "utc_offset_minutes", "position", "backup_size", "media_family_count", "families", "files",
    };

    private static readonly string[] FamilyProperties = { "family_sequence_number", "mirror", "physical_device_name", "device_type" };
    private static readonly string[] FileListProperties = { "logical_name", "physical_name", "file_type" };
    private static readonly string[] DecisionProperties = { "database_name", "backup_type", "action", "reason_code", "logged_at_utc" };

    public static byte[] Write(IReadOnlyList<ReplicaHistory> replicas)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            WriteArray(json, "replicas", replicas, WriteReplica);
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>The replicas' histories; throws HistoryFileException naming the JSON path of the first problem.</summary>
    public static IReadOnlyList<ReplicaHistory> Read(byte[] file)
    {
        // Editors on Windows start UTF-8 files with a byte order mark; the reader does not skip it.
        ReadOnlyMemory<byte> utf8 = file.AsSpan().StartsWith("\uFEFF"u8) ? file.AsMemory(3) : file.AsMemory();

        // The reader checks UTF-8 only in the strings it is asked for, and then throws what is not a JsonException.
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new HistoryFileException("$: not UTF-8 text.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException invalid)
        {
            throw new HistoryFileException(
                "$: not JSON (line " + (invalid.LineNumber + 1)?.ToString(CultureInfo.InvariantCulture) + ", byte "
                + (invalid.BytePositionInLine + 1)?.ToString(CultureInfo.InvariantCulture) + " of it).");
        }

        using (document)
        {
            JsonElement root = Object(document.RootElement, "$", FileProperties);
            if (root.GetProperty("format").ValueKind != JsonValueKind.String || root.GetProperty("format").GetString() != Format)
            {
                throw new HistoryFileException("$.format: not \"" + Format + "\": this is not an agbackup history file.");
            }

            int version = Int(root, "$", "version", 1, int.MaxValue);
            if (version != Version)
            {
                throw new HistoryFileException(
                    "$.version: version " + version.ToString(CultureInfo.InvariantCulture) + " is not one this agbackup reads (it reads version "
                    + Version.ToString(CultureInfo.InvariantCulture) + ").");
            }

            return Array(root, "$", "replicas", ReadReplica);
        }
    }

    private static void WriteBackup(Utf8JsonWriter json, HistoryBackup backup)
    {
        json.WriteString("database_name", backup.DatabaseName);
        json.WriteString("backup_set_uuid", backup.BackupSetUuid.ToString("D"));
        json.WriteString("type", backup.Type.ToString());
        json.WriteBoolean("is_copy_only", backup.IsCopyOnly);
        json.WriteString("first_lsn", Digits(backup.FirstLsn));
        json.WriteString("last_lsn", Digits(backup.LastLsn));
        PlanJson.WriteNullable(json, "checkpoint_lsn", backup.CheckpointLsn is decimal checkpoint ? Digits(checkpoint) : null);
        PlanJson.WriteNullable(json, "differential_base_lsn", backup.DifferentialBaseLsn is decimal differentialBase ? Digits(differentialBase) : null);
        json.WriteString("started_utc", Utc(backup.StartedUtc));
        json.WriteString("finished_utc", Utc(backup.FinishedUtc));
        json.WriteNumber("utc_offset_minutes", backup.UtcOffsetMinutes);
        json.WriteNumber("position", backup.Position);
        PlanJson.WriteNullable(json, "backup_size", backup.BackupSize is decimal size ? Digits(size) : null);
        WriteNullableNumber(json, "media_family_count", backup.MediaFamilyCount);
        WriteArray(json, "families", backup.Families, (writer, family) =>
        {
            writer.WriteNumber("family_sequence_number", family.FamilySequenceNumber);
            writer.WriteNumber("mirror", family.Mirror);
            PlanJson.WriteNullable(writer, "physical_device_name", family.PhysicalDeviceName);
            WriteNullableNumber(writer, "device_type", family.DeviceType);
        });
        WriteArray(json, "files", backup.Files, (writer, file) =>
        {
            writer.WriteString("logical_name", file.LogicalName);
            writer.WriteString("physical_name", file.PhysicalName);
            writer.WriteString("file_type", file.FileType.ToString());
        });
    }

    private static void WriteReplica(Utf8JsonWriter json, ReplicaHistory replica)
    {
        json.WriteString("server_name", replica.ServerName);
        json.WriteString("read_at_utc", Utc(replica.ReadAtUtc));
        WriteArray(json, "databases", replica.Databases, (writer, database) =>
        {
            writer.WriteString("name", database.Name);
            PlanJson.WriteNullable(writer, "group_database_id", database.GroupDatabaseId?.ToString("D"));
            writer.WriteBoolean("simple_recovery", database.SimpleRecovery);
            PlanJson.WriteNullable(writer, "group_name", database.GroupName);
        });
        WriteArray(json, "backups", replica.Backups, WriteBackup);
        WriteArray(json, "decisions", replica.Decisions, (writer, decision) =>
        {
            writer.WriteString("database_name", decision.DatabaseName);
            writer.WriteString("backup_type", decision.BackupType);
            writer.WriteString("action", decision.Action);
            writer.WriteString("reason_code", decision.ReasonCode);
            writer.WriteString("logged_at_utc", Utc(decision.LoggedAtUtc));
        });
    }

    /// <summary>An array of objects, each written by <paramref name="write"/> between its braces.</summary>
    private static void WriteArray<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (T item in items)
        {
            json.WriteStartObject();
            write(json, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static ReplicaHistory ReadReplica(JsonElement element, string path)
    {
        JsonElement replica = Object(element, path, ReplicaProperties);
        return new ReplicaHistory(
            String(replica, path, "server_name"),
            Time(replica, path, "read_at_utc"),
            Array(replica, path, "databases", ReadDatabase),
            Array(replica, path, "backups", ReadBackup),
            Array(replica, path, "decisions", ReadDecision));
    }

    private static HistoryDatabase ReadDatabase(JsonElement element, string path)
    {
        JsonElement database = Object(element, path, DatabaseProperties);
        return new HistoryDatabase(
            String(database, path, "name"), NullableGuid(database, path, "group_database_id"), Bool(database, path, "simple_recovery"), NullableString(database, path, "group_name"));
    }

    private static HistoryBackup ReadBackup(JsonElement element, string path)
    {
        JsonElement backup = Object(element, path, BackupProperties);
        char type = Letter(backup, path, "type", "DIL", "D (FULL), I (DIFF) or L (LOG)");
        decimal firstLsn = Digits(backup, path, "first_lsn")!.Value;
        decimal lastLsn = Digits(backup, path, "last_lsn")!.Value;
        if (lastLsn < firstLsn)
        {
            throw new HistoryFileException(path + ".last_lsn: below first_lsn: a backup set ends after it starts.");
        }

        DateTime started = Time(backup, path, "started_utc");
        DateTime finished = Time(backup, path, "finished_utc");
        if (finished < started)
        {
            throw new HistoryFileException(path + ".finished_utc: before started_utc: a backup finishes after it starts.");
        }

        return new HistoryBackup(
            String(backup, path, "database_name"),
            Guid(backup, path, "backup_set_uuid"),
            type,
            Bool(backup, path, "is_copy_only"),
            firstLsn,
            lastLsn,
            Digits(backup, path, "checkpoint_lsn", nullable: true),
            Digits(backup, path, "differential_base_lsn", nullable: true),
            started,
            finished,
            Int(backup, path, "utc_offset_minutes", -14 * 60, 14 * 60),
            Int(backup, path, "position", 1, int.MaxValue),
            Digits(backup, path, "backup_size", nullable: true),
            NullableInt(backup, path, "media_family_count", 1, 64),
            Array(backup, path, "families", ReadFamily),
            Array(backup, path, "files", ReadFileListEntry));
    }

    private static MediaFamily ReadFamily(JsonElement element, string path)
    {
        JsonElement family = Object(element, path, FamilyProperties);
        return new MediaFamily(
            Int(family, path, "family_sequence_number", 1, 64),
            Int(family, path, "mirror", 0, 3),
            NullableString(family, path, "physical_device_name"),
            NullableInt(family, path, "device_type", 0, 255));
    }

    private static BackupFile ReadFileListEntry(JsonElement element, string path)
    {
        JsonElement file = Object(element, path, FileListProperties);
        return new BackupFile(String(file, path, "logical_name"), String(file, path, "physical_name"), Letter(file, path, "file_type", "DLF", "D (data), L (log) or F (full-text catalog)"));
    }

    private static LoggedDecision ReadDecision(JsonElement element, string path)
    {
        JsonElement decision = Object(element, path, DecisionProperties);
        return new LoggedDecision(
            String(decision, path, "database_name"),
            String(decision, path, "backup_type"),
            String(decision, path, "action"),
            String(decision, path, "reason_code"),
            Time(decision, path, "logged_at_utc"));
    }

    /// <summary>An object with exactly these properties, each once.</summary>
    private static JsonElement Object(JsonElement element, string path, string[] properties)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new HistoryFileException(path + ": not an object.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (System.Array.IndexOf(properties, property.Name) < 0)
            {
                throw new HistoryFileException(path + ": " + Echo.Quote(property.Name) + " is not a property of this object; its properties are " + string.Join(", ", properties) + ".");
            }

            if (!seen.Add(property.Name))
            {
                throw new HistoryFileException(path + "." + property.Name + ": given twice.");
            }
        }

        foreach (string name in properties)
        {
            if (!seen.Contains(name))
            {
                throw new HistoryFileException(path + "." + name + ": missing.");
            }
        }

        return element;
    }

    private static IReadOnlyList<T> Array<T>(JsonElement parent, string path, string name, Func<JsonElement, string, T> read)
    {
        JsonElement array = parent.GetProperty(name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new HistoryFileException(path + "." + name + ": not an array.");
        }

        var items = new List<T>(array.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            items.Add(read(item, path + "." + name + "[" + index.ToString(CultureInfo.InvariantCulture) + "]"));
            index++;
        }

        return items;
    }

    private static string String(JsonElement parent, string path, string name) =>
        NullableString(parent, path, name) ?? throw new HistoryFileException(path + "." + name + ": null; a string is needed.");

    private static string? NullableString(JsonElement parent, string path, string name)
    {
        JsonElement value = parent.GetProperty(name);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => throw new HistoryFileException(path + "." + name + ": not a string."),
        };
    }

    private static bool Bool(JsonElement parent, string path, string name) =>
        parent.GetProperty(name).ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new HistoryFileException(path + "." + name + ": not true or false."),
        };

    private static int Int(JsonElement parent, string path, string name, int least, int most) =>
        NullableInt(parent, path, name, least, most) ?? throw new HistoryFileException(path + "." + name + ": null; a number is needed.");

    private static int? NullableInt(JsonElement parent, string path, string name, int least, int most)
    {
        JsonElement value = parent.GetProperty(name);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number >= least && number <= most)
        {
            return number;
        }

        throw new HistoryFileException(
            path + "." + name + ": not a whole number from " + least.ToString(CultureInfo.InvariantCulture) + " to " + most.ToString(CultureInfo.InvariantCulture) + ".");
    }

    /// <summary>One of the letters msdb uses for the column.</summary>
    private static char Letter(JsonElement parent, string path, string name, string letters, string meaning)
    {
        string text = String(parent, path, name);
        if (text.Length != 1 || letters.IndexOf(text[0], StringComparison.Ordinal) < 0)
        {
            throw new HistoryFileException(path + "." + name + ": " + Echo.Quote(text) + " is not " + meaning + ".");
        }

        return text[0];
    }

    /// <summary>A numeric(25,0) or numeric(20,0) as a string of up to 25 digits.</summary>
    private static decimal? Digits(JsonElement parent, string path, string name, bool nullable = false)
    {
        string? text = nullable ? NullableString(parent, path, name) : String(parent, path, name);
        if (text == null)
        {
            return null;
        }

        if (text.Length > 0 && text.Length <= 25 && decimal.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out decimal number))
        {
            return number;
        }

        throw new HistoryFileException(path + "." + name + ": " + Echo.Quote(text) + " is not a string of up to 25 digits, as \"42000000012300001\".");
    }

    private static DateTime Time(JsonElement parent, string path, string name)
    {
        string text = String(parent, path, name);
        if (text.EndsWith('Z')
            && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime time)
            && time.Kind == DateTimeKind.Utc)
        {
            return time;
        }

        throw new HistoryFileException(path + "." + name + ": " + Echo.Quote(text) + " is not a UTC time, as \"2026-11-01T00:20:00Z\".");
    }

    private static Guid Guid(JsonElement parent, string path, string name) =>
        NullableGuid(parent, path, name) ?? throw new HistoryFileException(path + "." + name + ": null; a GUID is needed.");

    private static Guid? NullableGuid(JsonElement parent, string path, string name)
    {
        string? text = NullableString(parent, path, name);
        if (text == null)
        {
            return null;
        }

        return System.Guid.TryParseExact(text, "D", out Guid id)
            ? id
            : throw new HistoryFileException(path + "." + name + ": " + Echo.Quote(text) + " is not a GUID, as \"5a1e5000-0000-0000-0000-000000000001\".");
    }

    private static string Digits(decimal number) => number.ToString("0", CultureInfo.InvariantCulture);

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value == null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value.Value);
        }
    }
}
