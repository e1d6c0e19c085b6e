using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Runs the planner the way a DBA does, finds one cell of the plan, writes small topology files as text, and asserts that
/// one is rejected with exactly one message.
/// </summary>
internal static class Planning
{
    public static string Example(string fileName) => Path.Combine(AppContext.BaseDirectory, "examples", fileName);

    public static IReadOnlyList<PlanRow> PlanOf(string exampleFileName) =>
        BackupPlanner.Plan(TopologyParser.Parse(File.ReadAllBytes(Example(exampleFileName))), PlannedBackup.Default);

    public static BackupDecision Cell(IReadOnlyList<PlanRow> plan, string database, string backup, string replica)
    {
        foreach (PlanRow row in plan)
        {
            if (row.DatabaseName == database && row.Backup.Label == backup && row.ReplicaServerName == replica)
            {
                return row.Decision;
            }
        }

        throw new AssertionException("The plan has no row for " + database + ", " + backup + ", " + replica + ".");
    }

    public static void AssertCell(IReadOnlyList<PlanRow> plan, string database, string backup, string replica, DecisionAction action, string reasonCode)
    {
        BackupDecision decision = Cell(plan, database, backup, replica);
        Assert.That(
            (decision.Action, decision.ReasonCode),
            Is.EqualTo((action, reasonCode)),
            database + ", " + backup + " on " + replica + ": " + decision.Reason);
    }

    /// <summary>Exit code, standard output and standard error of one agbackup command line.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => Run(args, Unreachable);

    /// <summary>As if standard output were a terminal: the default format is the matrix, in colour.</summary>
    public static (int ExitCode, string Output, string Error) RunOnTerminal(params string[] args) => Run(args, Unreachable, true);

    public static (int ExitCode, string Output, string Error) Run(string[] args, Func<string, ServerState> readServer, bool outputIsTerminal = false) =>
        Run(args, readServer, NoHistory.Instance, outputIsTerminal);

    /// <summary>status or restore reading the backup history from this source, never a server's state.</summary>
    public static (int ExitCode, string Output, string Error) RunOnHistory(IHistorySource history, params string[] args) =>
        Run(args, _ => throw new AssertionException("status and restore read no server state."), history, false);

    /// <summary>restore --test restoring into this instance.</summary>
    public static (int ExitCode, string Output, string Error) RunRestoringInto(IRestoreServer restoreServer, params string[] args) =>
        Run(args, _ => throw new AssertionException("restore reads no server state."), NoHistory.Instance, false, restoreServer);

    private static (int ExitCode, string Output, string Error) Run(
        string[] args, Func<string, ServerState> readServer, IHistorySource history, bool outputIsTerminal, IRestoreServer? restoreServer = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        output.NewLine = "\n";
        error.NewLine = "\n";
        int exitCode = PlannerCommand.Run(args, output, error, readServer, history, outputIsTerminal, restoreServer ?? NoRestoreServer.Instance);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// plan --topology on a file holding these bytes, then the options; the file's path reads TOPOLOGY in standard error,
    /// so that messages can be compared whole.
    /// </summary>
    public static (int ExitCode, string Output, string Error) PlanTopology(byte[] json, params string[] options)
    {
        string file = Path.Combine(Path.GetTempPath(), "agbackup-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllBytes(file, json);
        try
        {
            var args = new List<string> { "plan", "--topology", file };
            args.AddRange(options);
            (int exitCode, string output, string error) = Run(args.ToArray());
            return (exitCode, output, error.Replace(file, "TOPOLOGY", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ServerState Unreachable(string connectionString) =>
        throw new AssertionException("No test of a topology file may read a server.");

    public const string Instance = "\"instance\": { \"product_major_version\": 16, \"engine_edition\": 3 }";

    /// <summary>The smallest group a topology needs to have a replica: "Ag" with SQL1 as its primary.</summary>
    public const string OneGroup =
        "\"availability_groups\": [ { \"name\": \"Ag\", \"replicas\": [ { \"replica_server_name\": \"SQL1\", \"availability_mode\": \"SYNCHRONOUS_COMMIT\", \"role\": \"PRIMARY\" } ] } ]";

    /// <summary>A topology of OneGroup and these databases (the items of the array, as JSON).</summary>
    public static string Databases(string items) => "{ " + Instance + ", " + OneGroup + ", \"databases\": [ " + items + " ] }";

    /// <summary>One availability group "Ag" with extra properties and the given replicas, holding database "Sales".</summary>
    public static string Group(string? properties, string replicas) =>
        "{ " + Instance + ", \"availability_groups\": [ { \"name\": \"Ag\", " + (properties == null ? string.Empty : properties + ", ")
        + "\"replicas\": [ " + replicas + " ] } ], \"databases\": [ { \"name\": \"Sales\", \"availability_group\": \"Ag\" } ] }";

    public static string Standard(string topology) => topology.Replace("\"engine_edition\": 3", "\"engine_edition\": 2", StringComparison.Ordinal);

    public static string Replica(string name, string role, string? properties = null) =>
        "{ \"replica_server_name\": \"" + name + "\", \"availability_mode\": \"SYNCHRONOUS_COMMIT\", \"role\": \"" + role + "\""
        + (properties == null ? string.Empty : ", " + properties) + " }";

    public static void AssertRejected(string json, string expected) => AssertRejected(Encoding.UTF8.GetBytes(json), expected);

    public static void AssertRejected(byte[] json, string expected)
    {
        (int exitCode, string output, string error) = PlanTopology(json);

        Assert.That(error, Is.EqualTo("agbackup: TOPOLOGY: " + expected + "\n"));
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
    }
}

/// <summary>For the tests of plan, which must read no backup history.</summary>
internal sealed class NoHistory : IHistorySource
{
    public static readonly NoHistory Instance = new();

    public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) => throw new AssertionException("No test of plan may read a backup history.");

    public ReplicaHistory Read(string connectionString, DateTime sinceUtc) => throw new AssertionException("No test of plan may read a backup history.");
}

/// <summary>For the tests of every command but restore --test, which must restore nothing.</summary>
internal sealed class NoRestoreServer : IRestoreServer
{
    public static readonly NoRestoreServer Instance = new();

    public RestoreInstance Read(string connectionString) => throw new AssertionException("Only restore --test reads the instance of --to.");

    public IReadOnlyList<BackupHeader> HeaderOnly(string connectionString, string statement) => throw new AssertionException("Only restore --test reads backup headers.");

    public IReadOnlyList<BackupFile> FileListOnly(string connectionString, string statement) => throw new AssertionException("Only restore --test reads file lists.");

    public void Execute(string connectionString, string statement, Action<string> message) => throw new AssertionException("Only restore --test runs statements.");
}
