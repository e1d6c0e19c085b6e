using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace AgBackupClr.Planner;

/// <summary>
/// Reads a topology file: System.Text.Json with every strict option .NET has (no unknown, duplicate, missing or null
/// property, enum values spelt exactly), then TopologyRules for what one property cannot say alone.
/// </summary>
public static class TopologyParser
{
    /// <summary>Property names are SQL Server's column names; enum values are read by name only, never as numbers.</summary>
    internal static readonly JsonSerializerOptions Options = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new ExactEnumConverter() },
    };

    /// <summary>A topology file as --dump-topology writes it: indented, nulls left out, every other value spelt out.</summary>
    private static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions(Options)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Throws TopologyException naming the line and column (malformed JSON) or the JSON path (a wrong value).</summary>
    public static Topology Parse(ReadOnlySpan<byte> utf8Json) => Read(utf8Json).ToTopology();

    /// <summary>The file as written and checked, for what-if changes before it becomes the planner's Topology.</summary>
    internal static TopologyJson Read(ReadOnlySpan<byte> utf8Json)
    {
        // Editors on Windows start UTF-8 files with a byte order mark; the reader does not skip it.
        ReadOnlySpan<byte> json = utf8Json.StartsWith("\uFEFF"u8) ? utf8Json.Slice(3) : utf8Json;
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new TopologyException("the file is empty; a topology is a JSON object with \"instance\", \"availability_groups\" and \"databases\".");
        }

        if (!Utf8.IsValid(json))
        {
            // The serializer would turn invalid bytes into U+FFFD silently, making a name the file does not have.
            throw new TopologyException(Place(json, FirstInvalidByte(json)) + ": not valid UTF-8; save the file as UTF-8.");
        }

        TopologyJson? file;
        try
        {
            file = JsonSerializer.Deserialize<TopologyJson>(json, Options);
        }
        catch (JsonException error)
        {
            throw new TopologyException(Problem(error, json));
        }

        if (file == null)
        {
            throw TopologyException.At("$", "expected " + Expected(Options.GetTypeInfo(typeof(TopologyJson))) + ", found null.");
        }

        TopologyRules.Check(file);
        return file;
    }

    /// <summary>The topology as a file that Read accepts, in UTF-8.</summary>
    internal static byte[] Write(TopologyJson topology) => JsonSerializer.SerializeToUtf8Bytes(topology, WriteOptions);

    /// <summary>Where the reader stopped: it counts lines and bytes from 0, editors count from 1.</summary>
    private static string Place(JsonException error) =>
        "line " + Number(error.LineNumber.GetValueOrDefault() + 1) + ", column " + Number(error.BytePositionInLine.GetValueOrDefault() + 1);

    private static int FirstInvalidByte(ReadOnlySpan<byte> json)
    {
        int at = 0;
        while (Rune.DecodeFromUtf8(json.Slice(at), out _, out int length) == OperationStatus.Done)
        {
            at += length;
        }

        return at;
    }

    /// <summary>"line L, column C" of a byte offset, both counted from 1 as editors do; the column counts bytes, as the reader's do.</summary>
    private static string Place(ReadOnlySpan<byte> json, int offset)
    {
        ReadOnlySpan<byte> before = json.Slice(0, offset);
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        return "line " + Number(before.Count((byte)'\n') + 1) + ", column " + Number(offset - lineStart + 1);
    }

    /// <summary>The serializer's error in the file's terms: where it is, what was found, and what is allowed there.</summary>
    private static string Problem(JsonException error, ReadOnlySpan<byte> json)
    {
        if (error.InnerException is JsonException syntax)
        {
            return Place(error) + ": not valid JSON: " + ReaderProblem(syntax.Message);
        }

        // The document is read again to show what stands at the path. The serializer stops at the first wrong value, so
        // the syntax after it is not known to be valid: a file that is not JSON at all says so first.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException later)
        {
            return Place(later) + ": not valid JSON: " + ReaderProblem(later.Message);
        }

        using (document)
        {
            return Problem(error, document.RootElement);
        }
    }

    private static string Problem(JsonException error, JsonElement root)
    {
        string path = error.Path ?? "$";
        int known = Walk(path, root, out JsonTypeInfo type, out JsonElement found);
        if (known < path.Length)
        {
            return path.Substring(0, known) + ": unknown property " + Name(path.Substring(known)) + "; allowed: " + PropertyNames(type) + ".";
        }

        if (error.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            int last = path.LastIndexOf('.');
            return path.Substring(0, last) + ": property " + Name(path.Substring(last)) + " appears twice.";
        }

        const string Missing = "missing required properties including: ";
        int missing = error.Message.IndexOf(Missing, StringComparison.Ordinal);
        if (missing >= 0)
        {
            string names = error.Message.Substring(missing + Missing.Length).TrimEnd('.').Replace('\'', '"');
            return path + (names.Contains(',', StringComparison.Ordinal) ? ": required properties " + names + " are missing." : ": required property " + names + " is missing.");
        }

        // A value of the right kind that still cannot be read is text that is not Unicode (a lone surrogate escape such
        // as \udfff, in a value or a property name): the reader's own words say so.
        bool rightKind = (found.ValueKind == JsonValueKind.String && type.Type == typeof(string))
            || (found.ValueKind == JsonValueKind.Object && type.Kind == JsonTypeInfoKind.Object);
        return rightKind && error.InnerException is InvalidOperationException unreadable
            ? path + " (" + Place(error) + "): " + unreadable.Message
            : path + ": expected " + Expected(type) + ", found " + Describe(found) + ".";
    }

    /// <summary>
    /// The type the contract has at a path such as $.availability_groups[0].replicas and the value the file has there,
    /// and how much of the path names known properties: a property the contract lacks stops the walk.
    /// </summary>
    private static int Walk(string path, JsonElement root, out JsonTypeInfo type, out JsonElement found)
    {
        type = Options.GetTypeInfo(typeof(TopologyJson));
        found = root;
        int at = 1;
        while (at < path.Length)
        {
            if (path[at] == '[' && type.Kind == JsonTypeInfoKind.Enumerable && found.ValueKind == JsonValueKind.Array)
            {
                int end = path.IndexOf(']', at);
                type = Options.GetTypeInfo(type.ElementType!);
                found = found[int.Parse(path.AsSpan(at + 1, end - at - 1), CultureInfo.InvariantCulture)];
                at = end + 1;
                continue;
            }

            int next = path.IndexOfAny(new[] { '.', '[' }, at + 1);
            next = next < 0 ? path.Length : next;
            string name = path.Substring(at + 1, next - at - 1);
            JsonPropertyInfo? property = path[at] == '.' && type.Kind == JsonTypeInfoKind.Object ? Find(type, name) : null;
            if (property == null || !found.TryGetProperty(name, out JsonElement value))
            {
                break;
            }

            type = Options.GetTypeInfo(property.PropertyType);
            found = value;
            at = next;
        }

        return at;
    }

    private static JsonPropertyInfo? Find(JsonTypeInfo type, string name)
    {
        foreach (JsonPropertyInfo property in type.Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>What the contract allows for a value of this type, in the file's words.</summary>
    private static string Expected(JsonTypeInfo type)
    {
        Type value = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        if (value.IsEnum)
        {
            var names = new List<string>();
            foreach (object member in Enum.GetValuesAsUnderlyingType(value))
            {
                names.Add(Spelling((Enum)Enum.ToObject(value, member)));
            }

            return "one of " + string.Join(", ", names);
        }

        return value == typeof(int) ? "a whole number"
            : value == typeof(bool) ? "true or false"
            : value == typeof(string) ? "a string"
            : type.Kind == JsonTypeInfoKind.Enumerable ? "an array [ ... ]"
            : "an object { ... } with " + PropertyNames(type);
    }

    /// <summary>An enum value as the file spells it.</summary>
    internal static string Spelling(Enum value) => JsonSerializer.Serialize(value, value.GetType(), Options).Trim('"');

    /// <summary>The enum value spelt exactly so, as a file would give it.</summary>
    internal static bool TryRead<T>(string spelling, out T value)
        where T : struct, Enum
    {
        foreach (T candidate in Enum.GetValues<T>())
        {
            if (Spelling(candidate) == spelling)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string PropertyNames(JsonTypeInfo type)
    {
        var names = new List<string>(type.Properties.Count);
        foreach (JsonPropertyInfo property in type.Properties)
        {
            names.Add(property.Name);
        }

        return string.Join(", ", names);
    }

    /// <summary>The value as written, so the message shows what was found.</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Echo.Written(value.GetRawText()),
    };

    /// <summary>A property name as the serializer's path writes it, ".name" or "['odd name']", quoted.</summary>
    private static string Name(string segment) =>
        Echo.Quote(segment.StartsWith("['", StringComparison.Ordinal) ? segment.Substring(2, segment.Length - 4) : segment.Substring(1));

    /// <summary>The reader's own description of the problem, without the position it appends (given already, 1-based).</summary>
    private static string ReaderProblem(string message)
    {
        int position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string problem = position < 0 ? message : message.Substring(0, position);
        int path = problem.IndexOf(" Path: $", StringComparison.Ordinal);
        return Echo.Sentence((path < 0 ? problem : problem.Substring(0, path)).Trim());
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
