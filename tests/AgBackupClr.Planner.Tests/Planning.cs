using System;
using System.Collections.Generic;
using System.IO;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>Runs the planner the way a DBA does, and finds one cell of the plan.</summary>
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

    public static (int ExitCode, string Output, string Error) Run(string[] args, Func<string, ServerState> readServer)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        output.NewLine = "\n";
        error.NewLine = "\n";
        int exitCode = PlannerCommand.Run(args, output, error, readServer);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static ServerState Unreachable(string connectionString) =>
        throw new AssertionException("No test of a topology file may read a server.");
}
