using System.Collections.Generic;
using System.IO;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// A connection string may hold a password, and SqlClient's messages about one it refuses repeat its text. Each command
/// that takes one (plan --server, status --server, status --group-from) reads it with the real readers here; every string
/// below is refused before any connection is tried, so no server is needed, and none of its text may be printed.
/// </summary>
public sealed class ConnectionStringTests
{
    private const string Marker = "pa55secretmarker";

    /// <summary>Each way SqlClient refuses a string, each with the marker where a password's text would be.</summary>
    public static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData("Server=x;Password=ab;Pa55SECRETmarker=", NotAKeyword(3)).SetArgDisplayNames("A password with ';' becomes an unknown keyword");
        yield return new TestCaseData("Server=x;Password=ab;Pa55SECRETmarker", NotAKeyword(3)).SetArgDisplayNames("A part without '='");
        yield return new TestCaseData("Server=x;Password=\"ab;Pa55SECRETmarker", BadValue(2)).SetArgDisplayNames("An unclosed quote");
        yield return new TestCaseData("Server=x;Password='a''b';Connect Timeout=Pa55SECRETmarker", BadValue(3)).SetArgDisplayNames("A number that is not one");
        yield return new TestCaseData("Server=x;Connect Timeout=99999999999999;Password=Pa55SECRETmarker", BadValue(2)).SetArgDisplayNames("A number too large");
        yield return new TestCaseData("Server=x;Encrypt=Pa55SECRETmarker", BadValue(2)).SetArgDisplayNames("A keyword's value out of its list");
        yield return new TestCaseData("Server=x;Integrated Security=Pa55SECRETmarker", BadValue(2)).SetArgDisplayNames("A boolean that is not one");
        yield return new TestCaseData("Server=x;Password=a\0Pa55SECRETmarker", BadValue(2)).SetArgDisplayNames("A control character");
        yield return new TestCaseData("Server=x;Application Name=" + new string('A', 120) + "Pa55SECRETmarker", BadValue(2)).SetArgDisplayNames("A value too long");
        yield return new TestCaseData("Server=x;Authentication=ActiveDirectoryIntegrated;Password=Pa55SECRETmarker", Together).SetArgDisplayNames("Keywords refused together");
    }

    [TestCaseSource(nameof(Refused))]
    public void Plan_names_the_part_SqlClient_refuses_and_prints_none_of_the_string(string connectionString, string problem)
    {
        (int exitCode, string output, string error) = Planning.Run(new[] { "plan", "--server", connectionString }, LiveServer.Read);

        Assert.That((exitCode, output, error), Is.EqualTo((1, string.Empty, "agbackup: cannot read the server's state: " + problem + "\n")));
        AssertNoMarker(output, error);
    }

    [TestCaseSource(nameof(Refused))]
    public void Status_names_the_part_SqlClient_refuses_and_prints_none_of_the_string(string connectionString, string problem)
    {
        (int exitCode, string output, string error) = Status("status", "--server", connectionString);

        Assert.That((exitCode, error), Is.EqualTo((1, string.Empty)));
        Assert.That(output, Does.EndWith("\nUNREADABLE: --server number 1: " + problem + "\n"));
        AssertNoMarker(output, error);
    }

    [TestCase("table")]
    [TestCase("json")]
    public void Group_from_names_the_part_SqlClient_refuses_and_prints_none_of_the_string(string format)
    {
        (int exitCode, string output, string error) = Status("status", "--group-from", "Server=x;Password=ab;Pa55SECRETmarker=", "--format", format);

        Assert.That((exitCode, error), Is.EqualTo((1, string.Empty)));
        Assert.That(output, Does.Contain(format == "json" ? "\"server\": \"--group-from\"" : "\nUNREADABLE: --group-from: " + NotAKeyword(3) + "\n"));
        AssertNoMarker(output, error);
    }

    [Test]
    public void A_string_for_another_replica_is_refused_without_its_text()
    {
        var refused = Assert.Throws<ConnectionStringException>(() => LiveHistory.ForReplica("Server=SQL1;Connect Timeout=Pa55SECRETmarker", "SQL2"));

        Assert.That(refused!.Message, Is.EqualTo(BadValue(2)));
    }

    private static string NotAKeyword(int part) =>
        "part " + part + " of the connection string (parts are separated by ';') does not start with a keyword SqlClient knows; "
        + "a value that holds ';' must be quoted, as Password='a;b'.";

    private static string BadValue(int part) => "part " + part + " of the connection string (parts are separated by ';') has a value its keyword does not take.";

    private const string Together =
        "each part of the connection string is valid alone, but SqlClient refuses some of them together (such as Authentication with Password, or Min Pool Size above Max Pool Size).";

    private static void AssertNoMarker(string output, string error)
    {
        Assert.That(output, Does.Not.Contain(Marker).IgnoreCase);
        Assert.That(error, Does.Not.Contain(Marker).IgnoreCase);
    }

    /// <summary>agbackup status with the real history reader, which refuses these strings before it connects.</summary>
    private static (int ExitCode, string Output, string Error) Status(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        int exitCode = PlannerCommand.Run(args, output, error, _ => throw new AssertionException("status reads no server state."), LiveHistory.Instance, false);
        return (exitCode, output.ToString(), error.ToString());
    }
}
