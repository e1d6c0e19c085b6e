using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;
using static AgBackupClr.Planner.Tests.StatusTests;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup status --format prometheus (issue 24, item 2): the text exposition format 0.0.4, checked by a reader written from
/// its specification (PrometheusText), over the status report's own values and over hostile names; and --output, which
/// replaces the file whole or not at all.
/// </summary>
public sealed class PrometheusTests
{
    [Test]
    public void Each_metric_holds_the_status_report_s_values_and_the_exit_code_is_status_s()
    {
        (int exitCode, string output, string error) = Status(Healthy, "--max-log-age", "5m", "--format", "prometheus", "--server", "SQL9");

        Assert.That((exitCode, error), Is.EqualTo((1, string.Empty)), "A replica not read wins over a late LOG, as in every format.");
        IReadOnlyDictionary<string, PrometheusText.Family> metrics = PrometheusText.Parse(output);
        Assert.That(metrics.Values.Select(metric => metric.Type), Is.All.EqualTo("gauge"));
        Assert.That(metrics.Keys, Is.All.Match("^agbackup_[a-z_]+$"), "The agbackup_ prefix, and no colon (recording rules only).");
        Assert.That(Values(metrics["agbackup_backup_age_seconds"]), Is.EquivalentTo(new[] { "Sales/AgSales//FULL=1800", "Sales/AgSales//LOG=600" }), "No DIFF was read: no age.");
        Assert.That(Values(metrics["agbackup_backup_late"]), Is.EquivalentTo(new[] { "Sales/AgSales//FULL=0", "Sales/AgSales//DIFF=0", "Sales/AgSales//LOG=1" }));
        Assert.That(Values(metrics["agbackup_log_chain_intact"]), Is.EquivalentTo(new[] { "Sales/AgSales//=1" }));
        Assert.That(
            metrics["agbackup_replica_readable"].Samples.Select(sample => sample.Labels["server"] + "=" + sample.Value),
            Is.EquivalentTo(new[] { "SQL1=1", "SQL2=1", "--server number 3=0" }));
        Assert.That(
            PrometheusText.Number(metrics["agbackup_read_timestamp_seconds"].Samples.Single()),
            Is.EqualTo((Start.AddMinutes(30) - DateTime.UnixEpoch).TotalSeconds),
            "The newest SYSUTCDATETIME() read.");

        Assert.That(Status(Healthy, "--max-log-age", "5m", "--format", "prometheus").ExitCode, Is.EqualTo(3));
    }

    [Test]
    public void A_broken_chain_is_0_and_simple_recovery_has_no_chain_series()
    {
        ReplicaHistory[] replicas =
        {
            Healthy[0],
            Healthy[1] with
            {
                Databases = Healthy[1].Databases.Append(new HistoryDatabase("Staging", null, true, null)).ToArray(),
                Backups = new[] { HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 1300, 1400, Start.AddMinutes(20), null) },
            },
        };

        (int exitCode, string output, _) = Status(replicas, "--format", "prometheus");

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(Values(PrometheusText.Parse(output)["agbackup_log_chain_intact"]), Is.EqualTo(new[] { "Sales/AgSales//=0" }));
    }

    [Test]
    public void Hostile_names_are_escaped_read_back_as_they_are_and_never_make_two_series_one()
    {
        // Names drawn from the characters the format escapes, those that end a line elsewhere, braces, commas, equals signs,
        // lone surrogates (which UTF-8 cannot hold, so two such names can be one in the file) and " #2", which the writer
        // itself appends to keep series apart.
        // Half the names are one of three, so that names and groups repeat and some collide.
        string[] pieces = { "a", "\"", "\\", "\n", "\r", "{", "}", ",", "=", " ", "é", "\uD800", "\uDC00", "\u2028", " #2", "\\n", "\\\"" };
        string[] few = { "a", "\uD800", "\uDC00" };
        int kept = 0;
        Property.ForAll(Gen.Int, 300, seed =>
        {
            var random = new Random(seed);
            string Name() => random.Next(2) == 0
                ? few[random.Next(few.Length)]
                : string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => pieces[random.Next(pieces.Length)]));
            string[] servers = { Name(), Name() };
            ReplicaHistory[] replicas = servers.Select(server => new ReplicaHistory(
                    server,
                    Start,
                    Enumerable.Range(0, random.Next(1, 6))
                        .Select(i => random.Next(2) == 0
                            ? new HistoryDatabase(Name(), null, false, null)
                            : new HistoryDatabase(Name(), new Guid(i, 0, 0, new byte[8]), false, random.Next(4) == 0 ? null : Name()))
                        .ToArray(),
                    Array.Empty<HistoryBackup>(),
                    NoDecisions))
                .ToArray();
            IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(replicas, Freshness.Any);
            var output = new StringWriter();

            StatusPrometheus.Write(statuses, replicas, new[] { new UnreadableServer(Name(), "Login failed.") }, output);

            // Parse checks the grammar, one HELP and TYPE per metric, and that no two lines are the same series.
            IReadOnlyList<PrometheusText.Sample> late = PrometheusText.Parse(output.ToString())["agbackup_backup_late"].Samples;
            Assert.That(late, Has.Count.EqualTo(3 * statuses.Count));
            for (int i = 0; i < statuses.Count; i++)
            {
                IReadOnlyDictionary<string, string> labels = late[3 * i].Labels;
                string database = Utf8(statuses[i].DatabaseName);
                Assert.That(labels["database"] == database || labels["database"].StartsWith(database + " #", StringComparison.Ordinal), Is.True, labels["database"]);
                kept += labels["database"] == database ? 0 : 1;
                Assert.That(labels["server"], Is.EqualTo(Utf8(statuses[i].ServerName ?? string.Empty)));
                Assert.That(labels["group"], Is.EqualTo(Utf8(statuses[i].GroupName ?? statuses[i].GroupDatabaseId?.ToString("D") ?? string.Empty)));
            }
        });
        Assert.That(kept, Is.GreaterThan(0), "Some cases had databases that only \" #2\" kept apart.");
    }

    [Test]
    public void Output_writes_the_file_instead_of_standard_output_replaces_an_older_one_and_leaves_nothing_else()
    {
        InTemporaryFolder(folder =>
        {
            string file = Path.Combine(folder, "agbackup.prom");
            File.WriteAllText(file, "an older report");

            (int exitCode, string output, string error) = Status(Healthy, "--max-log-age", "5m", "--format", "prometheus", "--output", file);

            Assert.That((exitCode, output, error), Is.EqualTo((3, string.Empty, string.Empty)));
            Assert.That(File.ReadAllText(file), Is.EqualTo(Status(Healthy, "--max-log-age", "5m", "--format", "prometheus").Output));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { file }));
        });
    }

    [Test]
    public void Output_into_a_missing_folder_exits_2_and_says_so()
    {
        string file = Path.Combine(Path.GetTempPath(), "agbackup-missing-" + Guid.NewGuid().ToString("N"), "agbackup.prom");

        (int exitCode, string output, string error) = Status(Healthy, "--format", "prometheus", "--output", file);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: cannot write " + file + ": "));
    }

    [Test]
    public void A_write_that_fails_half_way_leaves_the_older_file_whole_and_no_temporary_file()
    {
        InTemporaryFolder(folder =>
        {
            string file = Path.Combine(folder, "agbackup.prom");
            File.WriteAllText(file, "the older report\n");

            Assert.Throws<IOException>(() => AtomicFile.Write(new FileInfo(file), writer =>
            {
                writer.Write(new string('x', 1 << 20));
                throw new IOException("The disk is full.");
            }));

            Assert.That(File.ReadAllText(file), Is.EqualTo("the older report\n"));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { file }));
        });
    }

    [TestCase("a 1", "no line feed at the end")]
    [TestCase("# HELP a x\n# TYPE a gauge\na{b=\"c\"d\"} 1\n", "an unescaped quote")]
    [TestCase("# HELP a x\n# TYPE a gauge\na{b=\"c\\d\"} 1\n", "an escape other than \\\\, \\\" and \\n")]
    [TestCase("# HELP a x\n# TYPE a gauge\na{b=\"c\nd\"} 1\n", "a line feed in a label value")]
    [TestCase("# HELP a x\n# TYPE a gauge\na{b=\"c\"} 1\na{b=\"c\"} 2\n", "the same series twice")]
    [TestCase("# HELP a x\n# TYPE a gauge\na{b=\"\"} 1\na 2\n", "an empty label, which is no label")]
    [TestCase("# HELP a x\n# HELP a y\n# TYPE a gauge\na 1\n", "two HELP lines")]
    [TestCase("# HELP a x\n# TYPE a gauge\na 1\n# HELP b x\n# TYPE b gauge\nb 1\na 2\n", "a metric's lines apart")]
    [TestCase("# HELP a x\na 1\n", "no TYPE")]
    [TestCase("# HELP a x\n# TYPE a gauge\na{__b=\"c\"} 1\n", "a reserved label name")]
    [TestCase("# HELP 1a x\n# TYPE 1a gauge\n1a 1\n", "a metric name starting with a digit")]
    [TestCase("# HELP a x\n# TYPE a gauge\na one\n", "a value that is not a number")]
    public void The_grammar_check_refuses(string text, string why)
    {
        Assert.Throws<AssertionException>(() => PrometheusText.Parse(text), why);
    }

    /// <summary>database/group/server/type=value for each sample, for comparing a metric whole.</summary>
    private static IEnumerable<string> Values(PrometheusText.Family metric) =>
        metric.Samples.Select(sample =>
            sample.Labels["database"] + "/" + sample.Labels["group"] + "/" + sample.Labels["server"] + "/" + sample.Labels.GetValueOrDefault("type", string.Empty) + "=" + sample.Value);

    /// <summary>What a name is once written as UTF-8: a lone surrogate becomes U+FFFD.</summary>
    private static string Utf8(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
