using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;

namespace AgBackupClr.Planner;

/// <summary>
/// The agbackup command line (System.CommandLine): reads the topology (or the live replicas' states) and prints the plan.
/// The plan verb's exit codes (status and restore have their own, see StatusCommand and RestoreCommand): 0 the plan (or help, or the version) was printed; 1 a server could not be read; 2 the command line or
/// the topology is wrong (or the dump could not be written).
/// </summary>
public static class PlannerCommand
{
    public const int Success = 0;
    public const int ServerUnreadable = 1;
    public const int BadInput = 2;

    private const string ExitCodes =
        "Exit codes: 0 the plan was printed; 1 a server could not be read; 2 the command line or the topology is wrong.";

    /// <param name="readServer">Reads a live instance's state from a connection string (LiveServer.Read outside tests).</param>
    /// <param name="history">Reads live instances' backup history (LiveHistory.Instance outside tests).</param>
    /// <param name="restoreServer">The instance restore --test restores into (LiveRestoreServer.Instance unless a test gives its own).</param>
    /// <param name="outputIsTerminal">
    /// Standard output is a terminal (!Console.IsOutputRedirected): the default format is then the matrix, in colour
    /// unless NO_COLOR is set; otherwise the table, which scripts and CI logs have always read.
    /// </param>
    public static int Run(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        Func<string, ServerState> readServer,
        IHistorySource history,
        bool outputIsTerminal,
        IRestoreServer? restoreServer = null,
        TextWriter? progress = null)
    {
        ParseResult parsed = Root(readServer, history, restoreServer ?? LiveRestoreServer.Instance, outputIsTerminal, progress).Parse(args);
        if (parsed.Action is ParseErrorAction parseError)
        {
            // The library's messages and the verb's help, on standard error: standard output carries only plans. The
            // messages repeat the words of the command line as given, so they are escaped here (a word holding a line
            // break would forge a line) and the library prints only the help. Its typo corrections are left out because
            // they suggest --help for any unknown word.
            foreach (ParseError problem in parsed.Errors)
            {
                error.WriteLine(Echo.Line(problem.Message));
            }

            error.WriteLine();
            parseError.ShowTypoCorrections = false;
            parsed.Invoke(new InvocationConfiguration { Output = error, Error = TextWriter.Null, EnableDefaultExceptionHandler = false });
            return BadInput;
        }

        // A bug must not pass for exit code 1 (server unreadable): let it surface as an unhandled exception.
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static RootCommand Root(Func<string, ServerState> readServer, IHistorySource history, IRestoreServer restoreServer, bool outputIsTerminal, TextWriter? progress)
    {
        var root = new RootCommand("Shows which replica of an availability group takes which backup, before a job runs.")
        {
            HelpName = "agbackup",
        };
        root.Subcommands.Add(Plan(readServer, outputIsTerminal, progress));
        root.Subcommands.Add(StatusCommand.Create(progress, history));
        root.Subcommands.Add(RestoreCommand.Create(progress, history, restoreServer));
        return root;
    }

    private static Command Plan(Func<string, ServerState> readServer, bool outputIsTerminal, TextWriter? progress)
    {
        var limits = new ReadOptions();
        var topologyOption = new Option<FileInfo>("--topology")
        {
            Description = "Reads the replicas and databases from a topology file (see docs/agbackup.md, \"Topology file\").",
            HelpName = "FILE.json",
        };
        var serverOption = new Option<string[]>("--server")
        {
            Description = "Reads them from live replicas, one --server per replica read; each availability group's primary replica is needed, "
                + "and each other replica read adds what only it sees (its own state and its databases' synchronization states). Repeatable.",
            HelpName = "CONNECTION STRING",
        };
        var dumpOption = new Option<FileInfo>("--dump-topology")
        {
            Description = "Also writes the topology read (before what-if changes) as a topology file, to plan it again offline.",
            HelpName = "FILE.json",
        };
        Option<string> formatOption = FormatOption(
            "matrix (the default on a terminal): a line per database and backup, a column per replica, then why each REFUSE; "
                + "table (the default otherwise): a line per database, backup and replica with the reason; json: the table's rows as objects.",
            "matrix", "table", "json");
        var failoverOption = new Option<string[]>("--failover")
        {
            Description = "What if REPLICA became the primary of its availability groups (its primary there becomes a secondary). Repeatable.",
            HelpName = "REPLICA",
        };
        var downOption = new Option<string[]>("--down")
        {
            Description = "What if REPLICA were down: DISCONNECTED and OFFLINE. Repeatable.",
            HelpName = "REPLICA",
        };
        Option<PriorityChange[]> priorityOption = PairOption(
            "--priority",
            "REPLICA=N",
            "What if REPLICA had BACKUP_PRIORITY N, 0 (never) to 100. Repeatable.",
            "REPLICA=N with N a BACKUP_PRIORITY from 0 to 100",
            (replica, value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int priority) && priority <= 100
                ? new PriorityChange(replica, priority)
                : null);
        Option<PreferenceChange[]> preferenceOption = PairOption(
            "--preference",
            "GROUP=PREFERENCE",
            "What if GROUP had AUTOMATED_BACKUP_PREFERENCE PRIMARY, SECONDARY_ONLY, SECONDARY or NONE. Repeatable.",
            "GROUP=PREFERENCE with PREFERENCE one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE",
            (group, value) => TopologyParser.TryRead(value, out AutomatedBackupPreferenceDesc preference) ? new PreferenceChange(group, preference) : null);

        var jobOptions = new JobOptions();
        var plan = new Command(
            "plan",
            "Prints, for every database, backup (FULL, COPY_ONLY FULL, DIFF, LOG) and replica, what the backup job on that replica would do and why, "
            + "after the what-if changes asked for; with the job's options below (each the usp_BackupIfPreferred parameter of the same name), "
            + "a replica that cannot do what they ask refuses. " + ExitCodes)
        {
            topologyOption,
            serverOption,
            dumpOption,
            formatOption,
            failoverOption,
            downOption,
            priorityOption,
            preferenceOption,
            new VersionOption(),
        };
        foreach (Option option in jobOptions.All)
        {
            plan.Options.Add(option);
        }

        limits.AddTo(plan);

        plan.Validators.Add(command =>
        {
            if (jobOptions.Read(command)?.Error is string wrong)
            {
                command.AddError(wrong);
            }

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
            int status = file != null ? ReadFile(file, error, out TopologyJson? read) : ReadServers(parsed.GetValue(serverOption)!, readServer, limits.Read(parsed), progress, error, out read);
            if (read == null)
            {
                return status;
            }

            FileInfo? dump = parsed.GetValue(dumpOption);
            if (dump != null && !Dump(read, dump, error))
            {
                return BadInput;
            }

            var whatIf = new WhatIf(
                parsed.GetValue(failoverOption) ?? Array.Empty<string>(),
                parsed.GetValue(downOption) ?? Array.Empty<string>(),
                parsed.GetValue(priorityOption) ?? Array.Empty<PriorityChange>(),
                parsed.GetValue(preferenceOption) ?? Array.Empty<PreferenceChange>());
            var applied = new List<string>();
            Topology topology;
            try
            {
                topology = whatIf.Apply(read, applied).ToTopology();
            }
            catch (TopologyException wrong)
            {
                error.WriteLine("agbackup: " + Echo.Line(wrong.Message));
                return BadInput;
            }

            string format = parsed.GetValue(formatOption) ?? (outputIsTerminal ? "matrix" : "table");
            BackupArguments? arguments = jobOptions.Read(parsed.CommandResult)?.Arguments;
            Write(BackupPlanner.PlanEach(topology, PlannedBackup.Default, arguments), topology, format, applied, output, error, outputIsTerminal);
            return Success;
        });
        return plan;
    }

    /// <summary>
    /// The plan in the format asked for, after a line per what-if change and per rolling-upgrade warning: above a plan for
    /// people, on standard error for JSON, whose standard output must stay one array.
    /// </summary>
    private static void Write(
        IEnumerable<PlanRow> rows, Topology topology, string format, List<string> applied, TextWriter output, TextWriter error, bool outputIsTerminal)
    {
        foreach (string change in applied)
        {
            // A change names replicas and groups as the topology or the command line spells them: escaped, one line each.
            (format == "json" ? error : output).WriteLine((format == "json" ? "agbackup: what if: " : "What if: ") + Echo.Line(change));
        }

        IReadOnlyList<string> warnings = RollingUpgrade.Warnings(topology);
        foreach (string warning in warnings)
        {
            (format == "json" ? error : output).WriteLine((format == "json" ? "agbackup: warning: " : "Warning: ") + warning);
        }

        if (applied.Count + warnings.Count > 0 && format != "json")
        {
            output.WriteLine();
        }

        switch (format)
        {
            case "matrix":
                bool colour = outputIsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
                // A matrix is for a person at a terminal: it is held whole to gather its refusals under it.
                PlanMatrix.Write(new List<PlanRow>(rows), ReplicaViews.Servers(topology), output, colour);
                break;
            case "json":
                PlanJson.Write(rows, output);
                break;
            default:
                PlanTable.Write(rows, output);
                break;
        }
    }

    /// <summary>
    /// --format, one of these. Not AcceptOnlyFromAmong: its message lists them on lines of their own, which the escaping of
    /// parse errors would run together; the help still shows them, from the completions.
    /// </summary>
    internal static Option<string> FormatOption(string description, params string[] formats)
    {
        var option = new Option<string>("--format") { Description = description };
        option.CompletionSources.Add(formats);
        option.Validators.Add(result =>
        {
            // Given twice or without a value, the library's own error says so.
            if (result.Tokens.Count == 1 && Array.IndexOf(formats, result.Tokens[0].Value) < 0)
            {
                result.AddError("--format " + Echo.Quote(result.Tokens[0].Value) + ": give one of " + string.Join(", ", formats) + ".");
            }
        });
        return option;
    }

    /// <summary>A repeatable NAME=VALUE option, typed: a token that is not one is a parse error that says what is.</summary>
    private static Option<T[]> PairOption<T>(string name, string helpName, string description, string meaning, Func<string, string, T?> make)
        where T : class =>
        new Option<T[]>(name) { Description = description, HelpName = helpName, CustomParser = result => Pairs(result, meaning, make) };

    private static T[] Pairs<T>(ArgumentResult result, string meaning, Func<string, string, T?> make)
        where T : class
    {
        var items = new List<T>(result.Tokens.Count);
        foreach (Token token in result.Tokens)
        {
            int equals = token.Value.IndexOf('=', StringComparison.Ordinal);
            T? item = equals > 0 ? make(token.Value.Substring(0, equals), token.Value.Substring(equals + 1)) : null;
            if (item == null)
            {
                result.AddError(Echo.Quote(token.Value) + " is not " + meaning + ".");
                return Array.Empty<T>();
            }

            items.Add(item);
        }

        return items.ToArray();
    }

    private static int ReadFile(FileInfo file, TextWriter error, out TopologyJson? topology)
    {
        topology = null;
        byte[] json;
        try
        {
            json = File.ReadAllBytes(file.FullName);
        }
        catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
        {
            error.WriteLine("agbackup: cannot read " + Echo.Line(file.ToString()) + ": " + Echo.Line(failure.Message));
            return BadInput;
        }

        try
        {
            topology = TopologyParser.Read(json);
            return Success;
        }
        catch (TopologyException wrong)
        {
            error.WriteLine("agbackup: " + Echo.Line(file.ToString()) + ": " + Echo.Line(wrong.Message));
            return BadInput;
        }
    }

    /// <param name="connectionStrings">One per replica; never echoed, since they may hold a password.</param>
    private static int ReadServers(
        IReadOnlyList<string> connectionStrings, Func<string, ServerState> readServer, ReadLimits limits, TextWriter? progress, TextWriter error, out TopologyJson? topology)
    {
        topology = null;
        string[] names = connectionStrings.Select((_, i) => connectionStrings.Count == 1 ? "the server" : "--server number " + (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
        IReadOnlyList<ReadOutcome<ServerState>> outcomes = ParallelReads.Read(
            names,
            i => readServer(connectionStrings[i]),
            ParallelReads.Unreadable,
            limits,
            progress);
        var states = new List<ServerState>(connectionStrings.Count);
        for (int i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Value is not ServerState state)
            {
                string which = connectionStrings.Count == 1 ? "the server's state" : "the state of --server number " + (i + 1).ToString(CultureInfo.InvariantCulture);
                error.WriteLine("agbackup: cannot read " + which + ": " + Echo.Line(outcomes[i].Failure!));
                return ServerUnreadable;
            }

            states.Add(state);
        }

        try
        {
            topology = LiveTopology.Read(states);
            return Success;
        }
        catch (TopologyException wrong)
        {
            error.WriteLine("agbackup: " + Echo.Line(wrong.Message));
            return BadInput;
        }
    }

    private static bool Dump(TopologyJson topology, FileInfo file, TextWriter error) => WriteFile(file, TopologyParser.Write(topology), error);

    /// <summary>Writes a file agbackup was asked to write; false with the error written when it cannot.</summary>
    internal static bool WriteFile(FileInfo file, byte[] contents, TextWriter error) => WriteFile(file, () => File.WriteAllBytes(file.FullName, contents), error);

    /// <summary>Runs the write of a file agbackup was asked to write; false with the error written when the file cannot be written.</summary>
    internal static bool WriteFile(FileInfo file, Action write, TextWriter error)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
        {
            error.WriteLine("agbackup: cannot write " + Echo.Line(file.ToString()) + ": " + Echo.Line(failure.Message));
            return false;
        }
    }
}
