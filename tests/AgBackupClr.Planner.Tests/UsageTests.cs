using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// A wrong command line prints System.CommandLine's message and the verb's help on standard error, nothing on standard
/// output, and exits with 2; --help and --version print on standard output and exit with 0.
/// </summary>
public sealed class UsageTests
{
    [Test]
    public void No_arguments_ask_for_the_command()
    {
        AssertUsageError("Required command was not provided.", "agbackup [command] [options]");
    }

    [Test]
    public void An_unknown_command_is_named()
    {
        AssertUsageError("Unrecognized command or argument 'show'.", "agbackup [command] [options]", "show", "--topology", "a.json");
    }

    [Test]
    public void An_unknown_option_is_named()
    {
        AssertUsageError("Unrecognized command or argument '--file'.", "agbackup plan [options]", "plan", "--file", "a.json");
    }

    [Test]
    public void An_option_without_its_value_is_an_error()
    {
        AssertUsageError("Required argument missing for option: '--topology'.", "agbackup plan [options]", "plan", "--topology");
    }

    [Test]
    public void An_option_given_twice_is_an_error()
    {
        AssertUsageError(
            "Option '--format' expects a single argument but 2 were provided.",
            "agbackup plan [options]",
            "plan", "--topology", "a.json", "--format", "json", "--format", "table");
    }

    [TestCase("--compress", "Y", "N")]
    [TestCase("--compression-algorithm", "MS_XPRESS", "ZSTD")]
    [TestCase("--compression-level", "LOW", "HIGH")]
    [TestCase("--encrypt", "Y", "N")]
    [TestCase("--encryption-algorithm", "AES_256", "AES_128")]
    [TestCase("--server-certificate", "A", "B")]
    [TestCase("--server-asymmetric-key", "A", "B")]
    [TestCase("--url", "s3://minio/a", "s3://minio/b")]
    [TestCase("--credential", "A", "B")]
    public void A_job_option_given_twice_is_an_error_not_a_crash(string option, string first, string second)
    {
        AssertUsageError(
            "Option '" + option + "' expects a single argument but 2 were provided.",
            "agbackup plan [options]",
            "plan", "--topology", "a.json", option, first, option, second);
    }

    [Test]
    public void Neither_topology_nor_server_is_an_error()
    {
        AssertUsageError(
            "give either --topology FILE.json or --server \"CONNECTION STRING\", not neither.", "agbackup plan [options]", "plan", "--format", "json");
    }

    [Test]
    public void Both_topology_and_server_are_an_error()
    {
        AssertUsageError(
            "give either --topology FILE.json or --server \"CONNECTION STRING\", not both.",
            "agbackup plan [options]",
            "plan", "--topology", "a.json", "--server", "Server=SQL1");
    }

    [Test]
    public void An_unknown_format_is_an_error_that_lists_the_formats()
    {
        AssertUsageError("--format \"csv\": give one of matrix, table, json.", "agbackup plan [options]", "plan", "--topology", "a.json", "--format", "csv");
    }

    [Test]
    public void Plan_help_lists_every_option_and_the_exit_codes()
    {
        (int exitCode, string output, string error) = Run("plan", "--help");

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Contain("Usage:\n  agbackup plan [options]"));
        Assert.That(output, Does.Contain("Exit codes: 0 the plan was printed; 1 a server could not be read; 2 the command line or the topology is wrong."));
        string[] options =
        {
            "--topology <FILE.json>", "--server <CONNECTION STRING>", "--dump-topology <FILE.json>", "--format <json|matrix|table>", "--failover <REPLICA>",
            "--down <REPLICA>", "--priority <REPLICA=N>", "--preference <GROUP=PREFERENCE>", "--compress <Y|N>", "--compression-algorithm <ALGORITHM>",
            "--compression-level <LEVEL>", "--encrypt <Y|N>", "--encryption-algorithm <ALGORITHM>", "--server-certificate <NAME>",
            "--server-asymmetric-key <NAME>", "--url <URL>", "--credential <NAME>", "--version", "-?, -h, --help",
        };
        foreach (string option in options)
        {
            Assert.That(output, Does.Contain("\n  " + option + " "), option);
        }
    }

    [Test]
    public void Help_without_a_command_lists_the_commands()
    {
        (int exitCode, string output, string error) = Run("--help");

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Contain("Usage:\n  agbackup [command] [options]"));
        Assert.That(output, Does.Contain("\n  plan "));
    }

    [TestCase("--version")]
    [TestCase("plan", "--version")]
    public void Version_prints_the_version_and_exits_with_0(params string[] args)
    {
        (int exitCode, string output, string error) = Run(args);

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Match(@"^\d+\.\d+\.\d+\S*\n$"));
    }

    private static void AssertUsageError(string problem, string usage, params string[] args)
    {
        (int exitCode, string output, string error) = Run(args);

        Assert.That(error, Does.StartWith(problem + "\n").Or.Contain("\n" + problem + "\n"));
        Assert.That(error, Does.Contain("Usage:\n  " + usage));
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
    }
}
