using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// A reader of the Prometheus text exposition format 0.0.4, written from its specification (prometheus/docs,
/// content/docs/instrumenting/exposition_formats.md, "Text format details") and the naming rules of
/// content/docs/concepts/data_model.md, stricter where agbackup promises more: every metric has exactly one HELP and one
/// TYPE. A line that breaks a rule fails the test with its number.
/// </summary>
internal static class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, string Value);

    public sealed record Family(string Name, string Help, string Type, IReadOnlyList<Sample> Samples);

    // data_model.md: metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*, "__" reserved.
    private static readonly Regex MetricName = new("^[a-zA-Z_:][a-zA-Z0-9_:]*", RegexOptions.CultureInvariant);
    private static readonly Regex LabelName = new("^[a-zA-Z_][a-zA-Z0-9_]*", RegexOptions.CultureInvariant);

    // A Go ParseFloat value as the format takes it; timestamps are int64 milliseconds.
    private static readonly Regex Value = new(@"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?Inf|NaN)$", RegexOptions.CultureInvariant);
    private static readonly Regex Timestamp = new(@"^-?\d+$", RegexOptions.CultureInvariant);

    private static readonly string[] Types = { "counter", "gauge", "histogram", "summary", "untyped" };

    /// <summary>The metrics by name.</summary>
    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        Assert.That(text, Does.EndWith("\n"), "The last line ends with a line feed.");
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        var order = new List<string>();
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        string[] lines = text.Split('\n');
        for (int number = 1; number < lines.Length; number++)
        {
            string line = lines[number - 1].Trim(' ', '\t');
            string where = "line " + number + " (" + lines[number - 1] + "): ";
            if (line.Length == 0)
            {
                continue;
            }

            string name;
            if (line[0] == '#')
            {
                string[] tokens = line.Substring(1).TrimStart(' ', '\t').Split(new[] { ' ', '\t' }, 3);
                if (tokens[0] != "HELP" && tokens[0] != "TYPE")
                {
                    continue;
                }

                Assert.That(tokens, Has.Length.GreaterThanOrEqualTo(2), where + tokens[0] + " names a metric");
                name = Name(MetricName, tokens[1], where);
                Assert.That(samples.ContainsKey(name), Is.False, where + "HELP and TYPE come before the metric's samples");
                if (tokens[0] == "HELP")
                {
                    Assert.That(helps.ContainsKey(name), Is.False, where + "one HELP per metric");
                    helps[name] = Docstring(tokens.Length > 2 ? tokens[2] : string.Empty, where);
                }
                else
                {
                    Assert.That(types.ContainsKey(name), Is.False, where + "one TYPE per metric");
                    Assert.That(tokens.Length == 3 && Types.Contains(tokens[2]), Is.True, where + "TYPE is followed by one of " + string.Join(", ", Types));
                    types[name] = tokens[2];
                }

                continue;
            }

            name = MetricName.Match(line).Value;
            Assert.That(name, Is.Not.Empty, where + "a sample starts with a metric name");
            int at = name.Length;
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (at < line.Length && line[at] == '{')
            {
                at = Labels(line, at + 1, labels, where);
            }

            string[] rest = line.Substring(at).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            Assert.That(at < line.Length && (line[at] == ' ' || line[at] == '\t'), Is.True, where + "blanks before the value");
            Assert.That(rest.Length is 1 or 2 && Value.IsMatch(rest[0]) && (rest.Length == 1 || Timestamp.IsMatch(rest[1])), Is.True, where + "a value, then perhaps a timestamp");

            // All lines of a metric form one group: a name seen before, then left, may not come back.
            if (name != current)
            {
                Assert.That(samples.ContainsKey(name), Is.False, where + "a metric's samples are one group");
                samples[name] = new List<Sample>();
                order.Add(name);
                current = name;
            }

            // A label whose value is empty is no label (data_model.md), so it does not tell two series apart.
            string key = name + "{" + string.Join(",", labels.Where(label => label.Value.Length > 0).Select(label => label.Key + "=" + label.Value.Length + ":" + label.Value)) + "}";
            Assert.That(series.Add(key), Is.True, where + "no two lines are the same series");
            samples[name].Add(new Sample(name, labels, rest[0]));
        }

        Assert.That(types.Keys.Order(StringComparer.Ordinal), Is.EqualTo(helps.Keys.Order(StringComparer.Ordinal)), "every metric has one HELP and one TYPE");
        Assert.That(order.Where(name => !helps.ContainsKey(name)), Is.Empty, "every metric with samples has a HELP and a TYPE");
        return helps.Keys.ToDictionary(
            name => name, name => new Family(name, helps[name], types[name], samples.TryGetValue(name, out List<Sample>? found) ? found : new List<Sample>()), StringComparer.Ordinal);
    }

    private static string Name(Regex rule, string token, string where)
    {
        Assert.That(rule.Match(token).Value, Is.EqualTo(token), where + "a valid name");
        return token;
    }

    /// <summary>label_name="label_value" pairs up to the closing brace; a trailing comma is allowed. Returns what follows it.</summary>
    private static int Labels(string line, int at, SortedDictionary<string, string> labels, string where)
    {
        while (true)
        {
            Assert.That(at < line.Length, Is.True, where + "the labels end with }");
            if (line[at] == '}')
            {
                return at + 1;
            }

            string label = LabelName.Match(line.Substring(at)).Value;
            Assert.That(label, Is.Not.Empty, where + "a label name at " + at);
            Assert.That(label.StartsWith("__", StringComparison.Ordinal), Is.False, where + "label names starting with __ are reserved");
            at += label.Length;
            Assert.That(line.Substring(at).StartsWith("=\"", StringComparison.Ordinal), Is.True, where + "=\" after " + label);
            at += 2;
            var value = new StringBuilder();
            for (; at < line.Length && line[at] != '"'; at++)
            {
                if (line[at] == '\\')
                {
                    at++;
                    Assert.That(at < line.Length && line[at] is '\\' or '"' or 'n', Is.True, where + "only \\\\, \\\" and \\n are escapes in a label value");
                    value.Append(line[at] == 'n' ? '\n' : line[at]);
                }
                else
                {
                    value.Append(line[at]);
                }
            }

            Assert.That(at < line.Length, Is.True, where + "the value of " + label + " ends with \"");

            Assert.That(labels.TryAdd(label, value.ToString()), Is.True, where + label + " once per line");
            at++;
            if (at < line.Length && line[at] == ',')
            {
                at++;
            }
            else
            {
                Assert.That(at < line.Length && line[at] == '}', Is.True, where + ", or } after a label");
            }
        }
    }

    /// <summary>HELP's text: any UTF-8, with backslash and line feed escaped as \\ and \n.</summary>
    private static string Docstring(string text, string where)
    {
        var decoded = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                Assert.That(i < text.Length && text[i] is '\\' or 'n', Is.True, where + "only \\\\ and \\n are escapes in HELP");
                decoded.Append(text[i] == 'n' ? '\n' : '\\');
            }
            else
            {
                decoded.Append(text[i]);
            }
        }

        return decoded.ToString();
    }

    /// <summary>A sample's value as a number.</summary>
    public static double Number(Sample sample) => double.Parse(sample.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
