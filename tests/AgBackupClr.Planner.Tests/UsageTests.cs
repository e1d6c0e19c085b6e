using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>A wrong command line prints what is wrong and the usage on standard error, and exits with 2.</summary>
public sealed class UsageTests
{
    [Test]
    public void No_arguments_ask_for_the_command()
    {
        AssertUsageError("no command given; the command is plan.");
    }

    [Test]
    public void An_unknown_command_is_named()
    {
        AssertUsageError("unknown command 'show'; the command is plan.", "show", "--topology", "a.json");
    }

    [Test]
    public void An_unknown_option_is_named()
    {
        AssertUsageError("unknown option '--file'; the options are --topology, --server and --format.", "plan", "--file", "a.json");
    }

    [Test]
    public void An_option_without_its_value_is_an_error()
    {
        AssertUsageError("option --topology needs a value.", "plan", "--topology");
    }

    [Test]
    public void An_option_followed_by_another_option_has_no_value()
    {
        AssertUsageError("option --topology needs a value.", "plan", "--topology", "--format", "json");
    }

    [Test]
    public void An_option_given_twice_is_an_error()
    {
        AssertUsageError("option --format is given twice.", "plan", "--topology", "a.json", "--format", "json", "--format", "table");
    }

    [Test]
    public void Neither_topology_nor_server_is_an_error()
    {
        AssertUsageError("give either --topology FILE.json or --server \"CONNECTION STRING\", not neither.", "plan", "--format", "json");
    }

    [Test]
    public void Both_topology_and_server_are_an_error()
    {
        AssertUsageError(
            "give either --topology FILE.json or --server \"CONNECTION STRING\", not both.", "plan", "--topology", "a.json", "--server", "Server=SQL1");
    }

    [Test]
    public void An_unknown_format_is_an_error()
    {
        AssertUsageError("--format is table or json, not 'csv'.", "plan", "--topology", "a.json", "--format", "csv");
    }

    private static void AssertUsageError(string problem, params string[] args)
    {
        (int exitCode, string output, string error) = Run(args);

        Assert.That(error, Is.EqualTo("agbackup: " + problem + "\n\n" + PlannerCommand.Usage + "\n"));
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
    }
}
