using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// A name or a word that holds a line break (or another control character) is echoed escaped, in every line agbackup
/// prints, so it cannot forge a line of a plan or of an error that a script or a person would read.
/// </summary>
public sealed class ForgedLineTests
{
    /// <summary>Group "Ag" whose replicas are SQL1 (primary) and one named with a carriage return, as JSON escapes it.</summary>
    private static readonly byte[] Forged = Encoding.UTF8.GetBytes(Group(null, Replica("SQL1", "PRIMARY") + ", " + Replica("B\\rZZFORGED", "SECONDARY")));

    [TestCase("table", "What if: B\\rZZFORGED of Ag is down: DISCONNECTED and OFFLINE.\n")]
    [TestCase("json", "agbackup: what if: B\\rZZFORGED of Ag is down: DISCONNECTED and OFFLINE.\n")]
    public void A_replica_named_with_a_carriage_return_reaches_the_what_if_line_escaped(string format, string line)
    {
        (int exitCode, string output, string error) = PlanTopology(Forged, "--down", "B\rZZFORGED", "--format", format);

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(format == "json" ? error : output, Does.StartWith(line));
        AssertNoControlCharacter(output + error);
    }

    [Test]
    public void Every_what_if_change_names_the_replica_escaped()
    {
        (int exitCode, string output, _) = PlanTopology(Forged, "--priority", "B\rZZFORGED=10", "--failover", "B\rZZFORGED", "--format", "table");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.StartWith(
            "What if: B\\rZZFORGED fails over to PRIMARY of Ag; SQL1 becomes SECONDARY.\n"
            + "What if: B\\rZZFORGED of Ag has BACKUP_PRIORITY 10 (was 50).\n"));
        AssertNoControlCharacter(output);
    }

    public static IEnumerable<TestCaseData> BadWords()
    {
        yield return new TestCaseData(
            new[] { "plan", "--topology", "a.json", "--preference", "Ag\nX=ANY" },
            "\"Ag\\nX=ANY\" is not GROUP=PREFERENCE with PREFERENCE one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE.").SetArgDisplayNames("--preference");
        yield return new TestCaseData(
            new[] { "plan", "--topology", "a.json", "--priority", "SQL1\r\nX=one" },
            "\"SQL1\\r\\nX=one\" is not REPLICA=N with N a BACKUP_PRIORITY from 0 to 100.").SetArgDisplayNames("--priority");
        yield return new TestCaseData(
            new[] { "plan", "--topology", "a.json", "zz\rQQ" },
            "Unrecognized command or argument 'zz\\rQQ'.").SetArgDisplayNames("an unknown word");
        yield return new TestCaseData(
            new[] { "plan", "--topology", "a.json", "--format", "x\ny" },
            "--format \"x\\ny\": give one of matrix, table, json.").SetArgDisplayNames("--format");
        yield return new TestCaseData(
            new[] { "plan", "--topology", "a.json", "--compress", "Y", "--compression-algorithm", "Q\nFORGED" },
            "--compression-algorithm must be MS_XPRESS, QAT_DEFLATE or ZSTD, not 'Q\\nFORGED'.").SetArgDisplayNames("a job option");
        yield return new TestCaseData(
            new[] { "status", "--server", "SQL1", "--since", "8\u001b[2J" },
            "\"8\\u001b[2J\" is not an age: a whole number above 0 and m (minutes), h (hours) or d (days), as 90m, 6h or 8d, up to 100 years (36500d).")
            .SetArgDisplayNames("--since");
    }

    [TestCaseSource(nameof(BadWords))]
    public void A_wrong_word_is_echoed_escaped_on_one_line_before_the_help(string[] args, string message)
    {
        (int exitCode, string output, string error) = Run(args);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith(message + "\n\nDescription:\n"));
        AssertNoControlCharacter(error);
    }

    [Test]
    public void A_status_format_that_is_not_one_lists_the_formats_on_one_line()
    {
        (int exitCode, _, string error) = Run("status", "--server", "SQL1", "--format", "csv");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("--format \"csv\": give one of table, json, prometheus, html.\n\n"));
    }

    [Test]
    public void A_value_of_the_file_holding_a_line_separator_is_escaped_in_the_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY\u2028")),
            "$.availability_groups[0].replicas[0].role: expected one of RESOLVING, PRIMARY, SECONDARY, found \"PRIMARY\\u2028\".");
    }

    [Test]
    public void A_file_path_with_a_line_break_is_escaped_in_the_error()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", "no\nsuch.json");

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: cannot read no\\nsuch.json: Could not find file '").And.EndWith("no\\nsuch.json'.\n"));
        AssertNoControlCharacter(error);
    }

    [Test]
    public void A_replica_name_read_with_group_from_is_escaped_in_its_unreadable_line()
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };

        int exitCode = PlannerCommand.Run(
            new[] { "status", "--group-from", "SQL1" }, output, error, _ => throw new AssertionException("status reads no server state."), new Unreadable(), false);

        Assert.That((exitCode, error.ToString()), Is.EqualTo((1, string.Empty)));
        Assert.That(output.ToString(), Does.EndWith("\nUNREADABLE: SQL2\\nFORGED: Login failed.\n"));
        AssertNoControlCharacter(output.ToString());
    }

    /// <summary>Every line break is one the output means: none is left inside a line, and no other control character at all.</summary>
    private static void AssertNoControlCharacter(string text)
    {
        Assert.That(text.Where(c => c != '\n' && (char.IsControl(c) || c == '\u2028' || c == '\u2029')), Is.Empty, text);
    }

    /// <summary>A group whose one other replica, named with a line break, cannot be read.</summary>
    private sealed class Unreadable : IHistorySource
    {
        public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) => new[] { new GroupReplica("SQL2\nFORGED", "SQL2") };

        public ReplicaHistory Read(string connectionString, DateTime sinceUtc) => throw new InvalidOperationException("Login failed.");
    }
}
