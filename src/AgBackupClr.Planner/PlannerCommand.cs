using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using System.IO;
using AgBackupClr.Engine;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The agbackup command line (System.CommandLine): reads the topology (or the live primary's state) and prints the plan.
/// Exit codes: 0 the plan (or help, or the version) was printed; 1 the server could not be read; 2 the command line or
/// the topology is wrong.
/// </summary>
public static class PlannerCommand
{
    public const int Success = 0;
    public const int ServerUnreadable = 1;
    public const int BadInput = 2;

    private const string ExitCodes =
        "Exit codes: 0 the plan was printed; 1 the server could not be read; 2 the command line or the topology is wrong.";

    /// <param name="readServer">Reads a live instance's state from a connection string (LiveServer.Read outside tests).</param>
    /// <param name="outputIsTerminal">
    /// Standard output is a terminal (!Console.IsOutputRedirected): the default format is then the matrix, in colour
    /// unless NO_COLOR is set; otherwise the table, which scripts and CI logs have always read.
    /// </param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, ServerState> readServer, bool outputIsTerminal)
    {
        ParseResult parsed = Root(readServer, outputIsTerminal).Parse(args);
        if (parsed.Action is ParseErrorAction parseError)
        {
            // The library's own message and the verb's help, both on standard error: standard output carries only plans.
            // Its typo corrections are left out because they suggest --help for any unknown word.
            parseError.ShowTypoCorrections = false;
            parsed.Invoke(new InvocationConfiguration { Output = error, Error = error, EnableDefaultExceptionHandler = false });
            return BadInput;
        }

        // A bug must not pass for exit code 1 (server unreadable): let it surface as an unhandled exception.
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static RootCommand Root(Func<string, ServerState> readServer, bool outputIsTerminal)
    {
        var root = new RootCommand("Shows which replica of an availability group takes which backup, before a job runs.")
        {
            HelpName = "agbackup",
        };
        root.Subcommands.Add(Plan(readServer, outputIsTerminal));
        return root;
    }

    private static Command Plan(Func<string, ServerState> readServer, bool outputIsTerminal)
    {
        var topologyOption = new Option<FileInfo>("--topology")
        {
            Description = "Reads the replicas and databases from a topology file (see README, \"Topology file\").",
            HelpName = "FILE.json",
        };
        var serverOption = new Option<string>("--server")
        {
            Description = "Reads them from the primary replica of a live availability group.",
            HelpName = "CONNECTION STRING",
        };
        var formatOption = new Option<string>("--format")
        {
            Description = "matrix (the default on a terminal): a line per database and backup, a column per replica, then why each REFUSE; "
                + "table (the default otherwise): a line per database, backup and replica with the reason; json: the table's rows as objects.",
        };
        formatOption.AcceptOnlyFromAmong("matrix", "table", "json");

        var plan = new Command(
            "plan",
            "Prints, for every database, backup (FULL, COPY_ONLY FULL, DIFF, LOG) and replica, what the backup job on that replica would do and why. "
            + ExitCodes)
        {
            topologyOption,
            serverOption,
            formatOption,
            new VersionOption(),
        };
        plan.Validators.Add(command =>
        {
            bool topology = command.GetResult(topologyOption) != null;
            if (topology == (command.GetResult(serverOption) != null))
            {
                command.AddError("give either --topology FILE.json or --server \"CONNECTION STRING\", not " + (topology ? "both." : "neither."));
            }
        });
        plan.SetAction(parsed =>
        {
            TextWriter output = parsed.InvocationConfiguration.Output;
            TextWriter error = parsed.InvocationConfiguration.Error;
            FileInfo? file = parsed.GetValue(topologyOption);
            int status = file != null ? ReadFile(file, error, out Topology? topology) : ReadServer(parsed.GetValue(serverOption)!, readServer, error, out topology);
            if (topology == null)
            {
                return status;
            }

            IReadOnlyList<PlanRow> rows = BackupPlanner.Plan(topology, PlannedBackup.Default);
            switch (parsed.GetValue(formatOption) ?? (outputIsTerminal ? "matrix" : "table"))
            {
                case "matrix":
                    bool colour = outputIsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
                    PlanMatrix.Write(rows, ReplicaViews.Servers(topology), output, colour);
                    break;
                case "json":
                    PlanJson.Write(rows, output);
                    break;
                default:
                    PlanTable.Write(rows, output);
                    break;
            }

            return Success;
        });
        return plan;
    }

    private static int ReadFile(FileInfo file, TextWriter error, out Topology? topology)
    {
        topology = null;
        byte[] json;
        try
        {
            json = File.ReadAllBytes(file.FullName);
        }
        catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
        {
            error.WriteLine("agbackup: cannot read " + file + ": " + failure.Message);
            return BadInput;
        }

        try
        {
            topology = TopologyParser.Parse(json);
            return Success;
        }
        catch (TopologyException wrong)
        {
            error.WriteLine("agbackup: " + file + ": " + wrong.Message);
            return BadInput;
        }
    }

    private static int ReadServer(string connectionString, Func<string, ServerState> readServer, TextWriter error, out Topology? topology)
    {
        topology = null;
        ServerState state;
        try
        {
            state = readServer(connectionString);
        }
        catch (Exception failure) when (failure is DbException || failure is StateReadException || failure is ArgumentException || failure is InvalidOperationException)
        {
            error.WriteLine("agbackup: cannot read the server's state: " + failure.Message);
            return ServerUnreadable;
        }

        try
        {
            topology = LiveTopology.From(state);
            return Success;
        }
        catch (TopologyException wrong)
        {
            error.WriteLine("agbackup: " + wrong.Message);
            return BadInput;
        }
    }
}
