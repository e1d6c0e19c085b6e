using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using AgBackupClr.Engine;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The agbackup command line: reads the arguments, the topology (or the live primary's state), and prints the plan.
/// Exit codes: 0 the plan was printed; 1 the server could not be read; 2 the command line or the topology is wrong.
/// </summary>
public static class PlannerCommand
{
    public const int Success = 0;
    public const int ServerUnreadable = 1;
    public const int BadInput = 2;

    public const string Usage =
        "usage: agbackup plan --topology FILE.json [--format table|json]\n"
        + "       agbackup plan --server \"CONNECTION STRING\" [--format table|json]\n"
        + "\n"
        + "Prints, for every database, backup (FULL, COPY_ONLY FULL, DIFF, LOG) and replica, what the backup job on that\n"
        + "replica would do and why. --topology reads the replicas and databases from a file; --server reads them from\n"
        + "the primary replica of a live availability group.";

    /// <param name="readServer">Reads a live instance's state from a connection string (LiveServer.Read outside tests).</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, ServerState> readServer)
    {
        if (args.Count == 1 && (args[0] == "--help" || args[0] == "-h"))
        {
            output.WriteLine(Usage);
            return Success;
        }

        Options? options = Options.Parse(args, out string? problem);
        if (options == null)
        {
            error.WriteLine("agbackup: " + problem);
            error.WriteLine();
            error.WriteLine(Usage);
            return BadInput;
        }

        Topology topology;
        if (options.TopologyFile != null)
        {
            string json;
            try
            {
                json = File.ReadAllText(options.TopologyFile);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
            {
                error.WriteLine("agbackup: cannot read " + options.TopologyFile + ": " + failure.Message);
                return BadInput;
            }

            try
            {
                topology = TopologyParser.Parse(json);
            }
            catch (TopologyException wrong)
            {
                error.WriteLine("agbackup: " + options.TopologyFile + ": " + wrong.Message);
                return BadInput;
            }
        }
        else
        {
            ServerState state;
            try
            {
                state = readServer(options.ConnectionString!);
            }
            catch (Exception failure) when (failure is DbException || failure is StateReadException || failure is ArgumentException || failure is InvalidOperationException)
            {
                error.WriteLine("agbackup: cannot read the server's state: " + failure.Message);
                return ServerUnreadable;
            }

            try
            {
                topology = LiveTopology.From(state);
            }
            catch (TopologyException wrong)
            {
                error.WriteLine("agbackup: " + wrong.Message);
                return BadInput;
            }
        }

        IReadOnlyList<PlanRow> rows = BackupPlanner.Plan(topology, PlannedBackup.Default);
        if (options.Format == "json")
        {
            PlanJson.Write(rows, output);
        }
        else
        {
            PlanTable.Write(rows, output);
        }

        return Success;
    }

    private sealed record Options(string? TopologyFile, string? ConnectionString, string Format)
    {
        public static Options? Parse(IReadOnlyList<string> args, out string? problem)
        {
            if (args.Count == 0 || args[0] != "plan")
            {
                problem = args.Count == 0 ? "no command given; the command is plan." : "unknown command '" + args[0] + "'; the command is plan.";
                return null;
            }

            string? topology = null;
            string? server = null;
            string? format = null;
            for (int i = 1; i < args.Count; i += 2)
            {
                string name = args[i];
                if (name != "--topology" && name != "--server" && name != "--format")
                {
                    problem = "unknown option '" + name + "'; the options are --topology, --server and --format.";
                    return null;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    problem = "option " + name + " needs a value.";
                    return null;
                }

                string value = args[i + 1];
                if ((name == "--topology" && topology != null) || (name == "--server" && server != null) || (name == "--format" && format != null))
                {
                    problem = "option " + name + " is given twice.";
                    return null;
                }

                if (name == "--topology")
                {
                    topology = value;
                }
                else if (name == "--server")
                {
                    server = value;
                }
                else
                {
                    format = value;
                }
            }

            if ((topology == null) == (server == null))
            {
                problem = "give either --topology FILE.json or --server \"CONNECTION STRING\", not " + (topology == null ? "neither." : "both.");
                return null;
            }

            if (format != null && format != "table" && format != "json")
            {
                problem = "--format is table or json, not '" + format + "'.";
                return null;
            }

            problem = null;
            return new Options(topology, server, format ?? "table");
        }
    }
}
