using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AgBackupClr.Planner;

/// <summary>
/// agbackup restore: reads every replica's backup history (or a history file), builds the shortest restore sequence of
/// one database to a time or to its newest backup, and prints it as a T-SQL script, a table or JSON.
/// With --test, restores it into another instance under a new name, checks it and drops it (RestoreTest).
/// Exit codes: 0 the sequence was printed (with --test: restored, and checked); 1 a replica or the instance of --to could not
/// be read; 2 the command line or the history file is wrong, or --to is an instance a test must not restore into; 3 no
/// restorable sequence (with --test: or a file is not the backup the history names); 4 the restore or CHECKDB failed.
/// </summary>
public static class RestoreCommand
{
    public const int NoSequence = 3;
    public const int RestoreFailed = 4;

    private const string ExitCodes =
        "Exit codes: 0 the sequence was printed (with --test: restored, and checked); 1 a replica or the --to instance could not be read "
        + "(a sequence found is still printed); 2 the command line or the history file is wrong, or --to is refused (a replica of the group, "
        + "or a database of that name there); "
        + "3 no restorable sequence (a gap, a missing stripe, a time the history does not cover; with --test, a file that is not the backup "
        + "msdb names); 4 the restore or CHECKDB failed.";

    /// <summary>sysname: the longest name QUOTENAME takes and SQL Server gives a database.</summary>
    private const int LongestName = 128;

    public static Command Create(TextWriter? progress, IHistorySource history, IRestoreServer restoreServer)
    {
        var input = new HistoryInput();
        var databaseOption = new Option<string[]>("--database")
        {
            Description = "The database to restore, as sys.databases names it; repeat it, or put % in it (any run of characters), for several, "
                + "each planned or tested on its own. Repeatable.",
            HelpName = "NAME",
            Required = true,
        };
        var stopAtOption = new Option<DateTime?>("--stop-at")
        {
            Description = "Restores to this time: UTC unless it carries an offset, as 2026-11-01T00:15:00Z.",
            HelpName = "TIME",
            CustomParser = StopAt,
        };
        var latestOption = new Option<bool>("--latest") { Description = "Restores to the end of the newest backup read (the default)." };
        Option<string> formatOption = PlannerCommand.FormatOption(
            "sql (the default): the RESTORE script; table: a line per backup; json: one object with the documented property names.", "sql", "table", "json");
        var asOption = new Option<string>("--as") { Description = "Restores under this name, each file moved to a name of its own (MOVE).", HelpName = "NEWNAME" };
        var dataPathOption = new Option<string>("--data-path") { Description = "With --as or --test: the folder of the data files (default: each one's own; with --test, the instance's default).", HelpName = "FOLDER" };
        var logPathOption = new Option<string>("--log-path") { Description = "With --as or --test: the folder of the log file (default: its own; with --test, the instance's default).", HelpName = "FOLDER" };
        var replaceOption = new Option<bool>("--replace") { Description = "Adds REPLACE: overwrites a database of that name. Never added unless asked." };
        var testOption = new Option<bool>("--test")
        {
            Description = "Restores the sequence into the instance of --to under a new name (--as, default <name>_restoretest_<UTC time>), reports, and drops it.",
        };
        var toOption = new Option<string>("--to") { Description = "With --test: the instance to restore into.", HelpName = "CONNECTION STRING" };
        var checkOption = new Option<bool>("--check") { Description = "With --test: runs DBCC CHECKDB on the restored database." };
        var keepOption = new Option<bool>("--keep") { Description = "With --test: keeps the restored database instead of dropping it." };
        var forceOption = new Option<bool>("--force") { Description = "With --test: restores into an instance that is a replica of the group." };

        var restore = new Command(
            "restore",
            "Prints the shortest restore sequence of a database across every replica's backup history: the newest FULL that reaches the "
            + "target, the newest DIFF based on it, then the LOGs, each from whichever replica took it. " + ExitCodes);
        input.AddTo(restore);
        foreach (Option option in new Option[]
                 {
                     databaseOption, stopAtOption, latestOption, formatOption, asOption, dataPathOption, logPathOption, replaceOption,
                     testOption, toOption, checkOption, keepOption, forceOption,
                 })
        {
            restore.Options.Add(option);
        }

        restore.Validators.Add(command =>
        {
            if (command.GetResult(stopAtOption) != null && command.GetValue(latestOption))
            {
                command.AddError("give --stop-at TIME or --latest, not both.");
            }

            bool test = command.GetValue(testOption);
            if (test != (command.GetResult(toOption) != null))
            {
                command.AddError("--test restores into the instance of --to \"CONNECTION STRING\": give both or neither.");
            }

            if (!test && (command.GetValue(checkOption) || command.GetValue(keepOption) || command.GetValue(forceOption)))
            {
                command.AddError("--check, --keep and --force are about a restore test: give --test --to \"CONNECTION STRING\" too.");
            }

            if (test && (command.GetValue(replaceOption) || command.GetValue(formatOption) == "sql" && command.GetResult(formatOption) != null))
            {
                command.AddError("a restore test never restores over a database (no --replace) and reports as table or json, not sql.");
            }

            if (!test && command.GetResult(asOption) == null && (command.GetResult(dataPathOption) != null || command.GetResult(logPathOption) != null))
            {
                command.AddError("--data-path and --log-path say where the files of a database restored --as NEWNAME go: give --as too.");
            }

            var names = new List<(string Option, string Value)>();
            names.AddRange((command.GetValue(databaseOption) ?? Array.Empty<string>()).Select(value => (databaseOption.Name, value)));
            if (command.GetValue(asOption) is string restoreAs)
            {
                names.Add((asOption.Name, restoreAs));
                if (DatabasesSelection.IsSeveral(command.GetValue(databaseOption) ?? Array.Empty<string>()))
                {
                    command.AddError("--as names one database: give one --database without %.");
                }
            }

            foreach ((string option, string value) in names)
            {
                if (value.Length == 0 || value.Length > LongestName)
                {
                    command.AddError(option + " " + Echo.Quote(value) + ": a database name has 1 to 128 characters.");
                }
            }
        });
        restore.SetAction(parsed =>
        {
            TextWriter output = parsed.InvocationConfiguration.Output;
            TextWriter error = parsed.InvocationConfiguration.Error;
            var unreadable = new List<UnreadableServer>();
            IReadOnlyList<ReplicaHistory>? histories = input.Read(parsed, history, error, unreadable, progress);
            if (histories == null)
            {
                return PlannerCommand.BadInput;
            }

            foreach (UnreadableServer server in unreadable)
            {
                error.WriteLine("agbackup: cannot read " + Echo.Line(server.Server) + ": " + Echo.Line(server.Error));
            }

            string[] asked = parsed.GetValue(databaseOption)!;
            var target = new RestoreTarget(parsed.GetValue(asOption), parsed.GetValue(dataPathOption), parsed.GetValue(logPathOption), parsed.GetValue(replaceOption));
            string format = parsed.GetValue(formatOption) ?? "sql";
            DatabasesSelection selection = DatabasesSelection.Resolve(asked, histories);
            foreach (string pattern in selection.Unmatched)
            {
                error.WriteLine("agbackup: --database " + Echo.Quote(pattern) + " matches no database in the history read.");
            }

            // Each database's result stands alone: its own sequence or test, its own section of the output.
            int status = selection.Unmatched.Count > 0 ? NoSequence : PlannerCommand.Success;
            var sections = new List<string>();
            foreach (string databaseName in selection.Names)
            {
                using var section = new StringWriter { NewLine = output.NewLine };
                try
                {
                    RestoreSequence sequence = RestoreSequenceBuilder.Build(
                        databaseName, RestoreSequenceBuilder.BackupsOf(histories, databaseName), parsed.GetValue(stopAtOption));
                    status = Math.Max(status, parsed.GetValue(testOption)
                        ? Test(restoreServer, parsed.GetValue(toOption)!, histories, sequence, target, parsed.GetValue(checkOption), parsed.GetValue(keepOption), parsed.GetValue(forceOption), format, section, error)
                        : Print(sequence, target, format, section));
                }
                catch (RestoreSequenceException none)
                {
                    error.WriteLine("agbackup: " + Echo.Line(none.Message));
                    status = Math.Max(status, NoSequence);
                }

                if (section.ToString().Length > 0)
                {
                    sections.Add(section.ToString());
                }
            }

            WriteSections(sections, DatabasesSelection.IsSeveral(asked) && format == "json", output);
            return unreadable.Count > 0 && status != PlannerCommand.BadInput ? PlannerCommand.ServerUnreadable : status;
        });
        return restore;
    }

    /// <summary>
    /// One section as it is; several one after another with a blank line between, or, for JSON asked of several databases
    /// (more than one --database, or a %), one array of their objects, so a monitor reads one document.
    /// </summary>
    private static void WriteSections(IReadOnlyList<string> sections, bool jsonArray, TextWriter output)
    {
        if (jsonArray)
        {
            output.Write("[" + output.NewLine + string.Join("," + output.NewLine, sections.Select(section => section.TrimEnd('\r', '\n'))) + output.NewLine + "]" + output.NewLine);
            return;
        }

        output.Write(string.Join(output.NewLine, sections));
    }

    private static int Print(RestoreSequence sequence, RestoreTarget target, string format, TextWriter output)
    {
        switch (format)
        {
            case "table":
                RestoreTable.Write(sequence, output);
                break;
            case "json":
                RestoreJson.Write(sequence, target, output);
                break;
            default:
                output.Write(RestoreScript.Script(sequence, target));
                break;
        }

        return PlannerCommand.Success;
    }

    /// <summary>The restore test: the instance read and judged, then RestoreTest.Run, its report, and the exit code it earns.</summary>
    private static int Test(
        IRestoreServer server, string connectionString, IReadOnlyList<ReplicaHistory> histories, RestoreSequence sequence, RestoreTarget target,
        bool check, bool keep, bool force, string format, TextWriter output, TextWriter error)
    {
        RestoreInstance instance;
        try
        {
            instance = server.Read(connectionString);
        }
        catch (Exception failure) when (failure is DbException || failure is ConnectionStringException || failure is InvalidOperationException)
        {
            error.WriteLine("agbackup: cannot read --to: " + Echo.Line(failure.Message));
            return PlannerCommand.ServerUnreadable;
        }

        string restoreAs = target.RestoreAs ?? RestoreTest.DefaultName(sequence.DatabaseName, DateTime.UtcNow);
        if (RestoreTest.Refusal(instance, histories, sequence.DatabaseName, restoreAs, force) is string refusal)
        {
            error.WriteLine("agbackup: " + refusal);
            return PlannerCommand.BadInput;
        }

        RestoreTestResult result;
        try
        {
            result = RestoreTest.Run(
                server,
                connectionString,
                sequence,
                instance,
                new RestoreTarget(restoreAs, target.DataPath ?? instance.DefaultDataPath, target.LogPath ?? instance.DefaultLogPath, false),
                check,
                keep,
                message => error.WriteLine(Echo.Line(message)));
        }
        catch (Exception failure) when (failure is DbException || failure is InvalidOperationException)
        {
            error.WriteLine("agbackup: cannot read --to: " + Echo.Line(failure.Message));
            return PlannerCommand.ServerUnreadable;
        }

        if (format == "json")
        {
            RestoreTestJson.Write(result, output);
        }
        else
        {
            RestoreTestTable.Write(result, output);
        }

        return result.Succeeded ? PlannerCommand.Success : RestoreFailed;
    }

    private static DateTime? StopAt(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return time.UtcDateTime;
        }

        result.AddError("--stop-at " + Echo.Quote(text) + " is not a time: give one as 2026-11-01T00:15:00Z (UTC) or 2026-11-01T01:15:00+01:00.");
        return null;
    }
}
