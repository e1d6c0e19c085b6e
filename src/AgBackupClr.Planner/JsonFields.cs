using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace AgBackupClr.Planner;

/// <summary>
/// The properties of one JSON object, read by name with the type and values each may have. Every property the
/// object has must be one the caller knows, and none may appear twice: a misspelt name is an error, not a default.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> values;

    private JsonFields(string path, Dictionary<string, JsonElement> values)
    {
        Path = path;
        this.values = values;
    }

    public string Path { get; }

    public static JsonFields Open(JsonElement element, string path, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw TopologyException.At(path, "expected an object { ... }, found " + Describe(element) + ".");
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                throw TopologyException.At(path, "unknown property \"" + property.Name + "\"; allowed: " + string.Join(", ", allowed) + ".");
            }

            if (!values.TryAdd(property.Name, property.Value))
            {
                throw TopologyException.At(path, "property \"" + property.Name + "\" appears twice.");
            }
        }

        return new JsonFields(path, values);
    }

    public string Place(string name) => Path + "." + name;

    public JsonFields RequiredObject(string name, params string[] allowed) => Open(Required(name), Place(name), allowed);

    public string RequiredString(string name)
    {
        JsonElement value = Required(name);
        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Trim().Length == 0)
        {
            throw TopologyException.At(Place(name), "expected a non-empty string, found " + Describe(value) + ".");
        }

        return value.GetString()!;
    }

    public string? OptionalString(string name) => values.ContainsKey(name) ? RequiredString(name) : null;

    public int RequiredInteger(string name, int minimum, int maximum, string meaning)
    {
        JsonElement value = Required(name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < minimum || number > maximum)
        {
            throw TopologyException.At(Place(name), "expected " + meaning + ", found " + Describe(value) + ".");
        }

        return number;
    }

    public int OptionalInteger(string name, int minimum, int maximum, string meaning, int absent) =>
        values.ContainsKey(name) ? RequiredInteger(name, minimum, maximum, meaning) : absent;

    public bool OptionalBoolean(string name, bool absent)
    {
        if (!values.TryGetValue(name, out JsonElement value))
        {
            return absent;
        }

        if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
        {
            throw TopologyException.At(Place(name), "expected true or false, found " + Describe(value) + ".");
        }

        return value.GetBoolean();
    }

    /// <summary>One of SQL Server's names for a value, spelt exactly as SQL Server shows it.</summary>
    public T RequiredName<T>(string name, SqlNameSet<T> names)
        where T : struct
    {
        JsonElement value = Required(name);
        if (value.ValueKind == JsonValueKind.String && names.TryFind(value.GetString()!, out T found))
        {
            return found;
        }

        throw TopologyException.At(Place(name), Describe(value) + " is not " + names.Meaning + "; allowed: " + names.Allowed + ".");
    }

    public T OptionalName<T>(string name, SqlNameSet<T> names, T absent)
        where T : struct =>
        values.ContainsKey(name) ? RequiredName(name, names) : absent;

    public IReadOnlyList<JsonElement> RequiredArray(string name, bool allowEmpty)
    {
        JsonElement value = Required(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw TopologyException.At(Place(name), "expected an array [ ... ], found " + Describe(value) + ".");
        }

        var items = new List<JsonElement>(value.EnumerateArray());
        if (items.Count == 0 && !allowEmpty)
        {
            throw TopologyException.At(Place(name), "expected at least one item, found an empty array.");
        }

        return items;
    }

    public IReadOnlyList<JsonElement> OptionalArray(string name) =>
        values.ContainsKey(name) ? RequiredArray(name, true) : Array.Empty<JsonElement>();

    public static string Item(string arrayPath, int index) => arrayPath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private JsonElement Required(string name)
    {
        if (!values.TryGetValue(name, out JsonElement value))
        {
            throw TopologyException.At(Path, "required property \"" + name + "\" is missing.");
        }

        return value;
    }

    /// <summary>The value as written, so the message shows what was found; long values are cut.</summary>
    private static string Describe(JsonElement value)
    {
        string text = value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.Null => "null",
            _ => value.GetRawText(),
        };
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }
}
