using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Whatever the file holds, agbackup ends in exit code 0 (a plan, nothing else on standard error) or 2 (nothing on standard
/// output, one line on standard error): never a stack trace, never two lines. Files are valid topologies, some mutated
/// byte by byte or with hostile text, planned with what-if flags that may name replicas and groups the file does not
/// have. How fast large files are planned is measured by TopologyBenchmarks, not here.
/// </summary>
public sealed class TopologyPropertyTests
{
    private const int Cases = 3_000;

    /// <summary>Text that broke or fooled earlier readers: bad escapes, bytes that are not UTF-8, wrong kinds, system names.</summary>
    private static readonly string[] Hostile =
    {
        "\"d\\udfff\"", "\"\\ud800x\"", "\\n", "null", "[]", "{}", "1e999", "-1", "\"x\"", ",", "\"master\"", "\"SQL1\"", "\"a\\nb\"",
        "\"" + new string('n', 200) + "\"", "\"\u2028\"", "\"\u001b[2J\"", "true", "\"PRIMARY\"", "{\"x\":1}", "]", "}",
    };

    [Test]
    public void Any_file_ends_in_a_plan_or_one_line_of_error()
    {
        Property.ForAll(Gen.Int, Cases, seed =>
        {
            var random = new Random(seed);
            byte[] json = Mutate(Encoding.UTF8.GetBytes(ValidTopology(random)), random);

            (int exitCode, string output, string error) = PlanTopology(json, WhatIf(random));

            string file = Encoding.UTF8.GetString(json);
            Assert.That(exitCode, Is.EqualTo(0).Or.EqualTo(2), error + file);
            if (exitCode == 0)
            {
                // Only the what-if changes of a JSON plan go to standard error, so that standard output stays one array.
                Assert.That(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.StartWith("agbackup: what if: "), file);
                Assert.That(output, Is.Not.Empty, file);
            }
            else
            {
                Assert.That(output, Is.Empty, file);
                Assert.That(error.IndexOf('\n', StringComparison.Ordinal), Is.EqualTo(error.Length - 1), error + file);
                Assert.That(error, Does.StartWith("agbackup: "), file);
            }
        });
    }

    [Test]
    public void Every_unmutated_topology_is_planned()
    {
        Property.ForAll(Gen.Int, Cases / 10, seed =>
        {
            string json = ValidTopology(new Random(seed));

            (int exitCode, _, string error) = PlanTopology(Encoding.UTF8.GetBytes(json));

            Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)), json);
        });
    }

    /// <summary>One topology SQL Server can have, of one or two groups of up to four replicas, and databases in and out of them.</summary>
    private static string ValidTopology(Random random)
    {
        int edition = random.Next(2, 4);
        var groups = new List<string>();
        var databases = new List<string>();
        for (int g = 1; g <= random.Next(1, 3); g++)
        {
            string group = "Ag" + Number(g);
            bool basic = edition == 2 && random.Next(2) == 0;
            string distributed = edition == 3 && random.Next(3) == 0 ? ", \"distributed_role\": \"" + (random.Next(2) == 0 ? "PRIMARY" : "SECONDARY") + "\"" : string.Empty;
            var members = new List<string>();
            for (int d = 1; d <= (basic ? 1 : random.Next(1, 4)); d++)
            {
                members.Add(group + "Db" + Number(d));
                databases.Add("{ \"name\": \"" + members[^1] + "\", \"availability_group\": \"" + group + "\"" + State(random) + " }");
            }

            var replicas = new List<string>();
            int count = basic ? random.Next(1, 3) : random.Next(1, 5);
            int primary = random.Next(-1, count);
            for (int r = 0; r < count; r++)
            {
                replicas.Add(Replica(random, "SQL" + Number(r + 1), r == primary, r > 0 && r != primary && random.Next(5) == 0, members));
            }

            groups.Add("{ \"name\": \"" + group + "\", \"automated_backup_preference\": \"" + Pick(random, "PRIMARY", "SECONDARY_ONLY", "SECONDARY", "NONE") + "\""
                + (basic ? ", \"basic_features\": true" : string.Empty) + distributed + ", \"replicas\": [ " + string.Join(", ", replicas) + " ] }");
        }

        databases.Add("{ \"name\": \"master\", \"recovery_model\": \"SIMPLE\" }");
        return "{ \"instance\": { \"product_major_version\": " + Number(random.Next(13, 18)) + ", \"engine_edition\": " + Number(edition) + " },\n"
            + "  \"availability_groups\": [ " + string.Join(",\n    ", groups) + " ],\n  \"databases\": [ " + string.Join(", ", databases) + " ] }";
    }

    private static string Replica(Random random, string name, bool primary, bool configurationOnly, List<string> members)
    {
        string mode = configurationOnly ? "CONFIGURATION_ONLY" : Pick(random, "SYNCHRONOUS_COMMIT", "ASYNCHRONOUS_COMMIT");
        var states = new List<string>();
        foreach (string member in configurationOnly ? new List<string>() : members)
        {
            if (random.Next(2) == 0)
            {
                states.Add("{ \"database_name\": \"" + member + "\", \"synchronization_state\": \""
                    + Pick(random, "SYNCHRONIZED", "SYNCHRONIZING", "NOT SYNCHRONIZING", "REVERTING", "INITIALIZING") + "\", \"is_suspended\": "
                    + (random.Next(4) == 0 ? "true" : "false") + " }");
            }
        }

        return "{ \"replica_server_name\": \"" + name + "\", \"backup_priority\": " + Number(random.Next(0, 101)) + ", \"availability_mode\": \"" + mode
            + "\", \"role\": \"" + (primary ? "PRIMARY" : Pick(random, "SECONDARY", "SECONDARY", "RESOLVING")) + "\", \"connected_state\": \""
            + (primary ? "CONNECTED" : Pick(random, "CONNECTED", "CONNECTED", "DISCONNECTED")) + "\", \"operational_state\": \"" + Pick(random, "ONLINE", "ONLINE", "OFFLINE", "FAILED")
            + "\", \"databases\": [ " + string.Join(", ", states) + " ] }";
    }

    /// <summary>None to three what-if flags, well formed, naming replicas and groups that may or may not exist.</summary>
    private static string[] WhatIf(Random random)
    {
        var options = new List<string> { "--format", Pick(random, "matrix", "table", "json") };
        for (int i = random.Next(0, 4); i > 0; i--)
        {
            string replica = "SQL" + Number(random.Next(1, 6));
            options.AddRange(random.Next(4) switch
            {
                0 => new[] { "--failover", replica },
                1 => new[] { "--down", replica },
                2 => new[] { "--priority", replica + "=" + Number(random.Next(0, 101)) },
                _ => new[] { "--preference", "Ag" + Number(random.Next(1, 4)) + "=" + Pick(random, "PRIMARY", "SECONDARY_ONLY", "SECONDARY", "NONE") },
            });
        }

        return options.ToArray();
    }

    private static string State(Random random) =>
        random.Next(3) == 0 ? ", \"state\": \"" + Pick(random, "ONLINE", "RESTORING", "SUSPECT", "OFFLINE") + "\"" : string.Empty;

    /// <summary>Half the files unchanged; the others with bytes replaced, cut out, repeated, or hostile text put in.</summary>
    private static byte[] Mutate(byte[] json, Random random)
    {
        var bytes = new List<byte>(json);
        for (int m = random.Next(0, 2) == 0 ? 0 : random.Next(1, 4); m > 0; m--)
        {
            int at = random.Next(bytes.Count);
            int length = Math.Min(random.Next(1, 16), bytes.Count - at);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, length);
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Hostile[random.Next(Hostile.Length)]));
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
