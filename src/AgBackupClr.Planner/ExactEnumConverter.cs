using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgBackupClr.Planner;

/// <summary>
/// Reads a topology file's enum only as one of its [JsonStringEnumMemberName] spellings, exactly: .NET's own
/// JsonStringEnumConverter also trims white space and reads "PRIMARY, SECONDARY" as a combination of flags, a value no
/// column of SQL Server holds (and one the planner then crashed on). Numbers are never read.
/// </summary>
internal sealed class ExactEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Spellings<>).MakeGenericType(typeToConvert))!;

    private sealed class Spellings<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private readonly List<(string Spelling, T Value)> members = new();

        public Spellings()
        {
            foreach (T value in Enum.GetValues<T>())
            {
                JsonStringEnumMemberNameAttribute name = typeof(T).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()
                    ?? throw new InvalidOperationException(typeof(T).Name + "." + value + " has no [JsonStringEnumMemberName]: the file would have no spelling for it.");
                members.Add((name.Name, value));
            }
        }

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                foreach ((string spelling, T value) in members)
                {
                    // Compares the unescaped text, ordinally: "\u0050RIMARY" is PRIMARY, "PRIMARY " and "primary" are not.
                    if (reader.ValueTextEquals(spelling))
                    {
                        return value;
                    }
                }
            }

            // The serializer adds the path, and TopologyParser names what is allowed there.
            throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(members.Find(member => member.Value.Equals(value)).Spelling);
    }
}
