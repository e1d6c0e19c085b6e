using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
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

    /// <summary>Runs the test with a new empty folder, then deletes the folder and all it holds.</summary>
    public static void InTemporaryFolder(Action<string> test)
    {
        string folder = Directory.CreateTempSubdirectory("agbackup-").FullName;
        try
        {
            test(folder);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>Runs a program to its end (10 minutes at most) and returns its exit code, standard output and standard error.</summary>
    /// <param name="environment">Variables to set for the program; one whose value is null is removed.</param>
    public static (int ExitCode, string Output, string Error) Execute(string program, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (KeyValuePair<string, string?> variable in environment)
        {
            if (variable.Value == null)
            {
                start.Environment.Remove(variable.Key);
            }
            else
            {
                start.Environment[variable.Key] = variable.Value;
            }
        }

        using Process process = Process.Start(start) ?? throw new AssertionException(program + " did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(true);
            Assert.Fail(program + " " + string.Join(" ", args) + " did not end within 10 minutes.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The folder holding AgBackupClr.sln, above the test's build output.</summary>
    public static string RepositoryRoot()
    {
        string directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "AgBackupClr.sln")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new AssertionException("No AgBackupClr.sln above " + AppContext.BaseDirectory + ".");
        }

        return directory;
    }

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
