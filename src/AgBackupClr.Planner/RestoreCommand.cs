using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;

namespace AgBackupClr.Planner;

/// <summary>
/// agbackup restore: reads every replica's backup history (or a history file), builds the shortest restore sequence of
/// one database to a time or to its newest backup, and prints it as a T-SQL script, a table or JSON.
/// Exit codes: 0 the sequence was printed; 1 a replica could not be read; 2 the command line or the history file is wrong;
/// 3 no restorable sequence.
/// </summary>
public static class RestoreCommand
{
    public const int NoSequence = 3;

    private const string ExitCodes =
        "Exit codes: 0 the sequence was printed; 1 a replica could not be read (a sequence found is still printed); "
        + "2 the command line or the history file is wrong; 3 no restorable sequence (a gap, a missing stripe, a time the history does not cover).";

    /// <summary>sysname: the longest name QUOTENAME takes and SQL Server gives a database.</summary>
    private const int LongestName = 128;

    public static Command Create(IHistorySource history)
    {
        var input = new HistoryInput();
        var databaseOption = new Option<string>("--database") { Description = "The database to restore, as sys.databases names it.", HelpName = "NAME", Required = true };
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
        var dataPathOption = new Option<string>("--data-path") { Description = "With --as: the folder of the data files (default: each one's own).", HelpName = "FOLDER" };
        var logPathOption = new Option<string>("--log-path") { Description = "With --as: the folder of the log file (default: its own).", HelpName = "FOLDER" };
        var replaceOption = new Option<bool>("--replace") { Description = "Adds REPLACE: overwrites a database of that name. Never added unless asked." };

        var restore = new Command(
            "restore",
            "Prints the shortest restore sequence of a database across every replica's backup history: the newest FULL that reaches the "
            + "target, the newest DIFF based on it, then the LOGs, each from whichever replica took it. " + ExitCodes);
        input.AddTo(restore);
        foreach (Option option in new Option[] { databaseOption, stopAtOption, latestOption, formatOption, asOption, dataPathOption, logPathOption, replaceOption })
        {
            restore.Options.Add(option);
        }

        restore.Validators.Add(command =>
        {
            if (command.GetResult(stopAtOption) != null && command.GetValue(latestOption))
            {
                command.AddError("give --stop-at TIME or --latest, not both.");
            }

            if (command.GetResult(asOption) == null && (command.GetResult(dataPathOption) != null || command.GetResult(logPathOption) != null))
            {
                command.AddError("--data-path and --log-path say where the files of a database restored --as NEWNAME go: give --as too.");
            }

            foreach (Option<string> name in new[] { databaseOption, asOption })
            {
                if (command.GetValue(name) is string value && (value.Length == 0 || value.Length > LongestName))
                {
                    command.AddError(name.Name + " " + Echo.Quote(value) + ": a database name has 1 to 128 characters.");
                }
            }
        });
        restore.SetAction(parsed =>
        {
            TextWriter output = parsed.InvocationConfiguration.Output;
            TextWriter error = parsed.InvocationConfiguration.Error;
            var unreadable = new List<UnreadableServer>();
            IReadOnlyList<ReplicaHistory>? histories = input.Read(parsed, history, error, unreadable);
            if (histories == null)
            {
                return PlannerCommand.BadInput;
            }

            foreach (UnreadableServer server in unreadable)
            {
                error.WriteLine("agbackup: cannot read " + Echo.Line(server.Server) + ": " + Echo.Line(server.Error));
            }

            string databaseName = parsed.GetValue(databaseOption)!;
            var target = new RestoreTarget(parsed.GetValue(asOption), parsed.GetValue(dataPathOption), parsed.GetValue(logPathOption), parsed.GetValue(replaceOption));
            try
            {
                RestoreSequence sequence = RestoreSequenceBuilder.Build(
                    databaseName, RestoreSequenceBuilder.BackupsOf(histories, databaseName), parsed.GetValue(stopAtOption));
                switch (parsed.GetValue(formatOption))
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
            }
            catch (RestoreSequenceException none)
            {
                error.WriteLine("agbackup: " + Echo.Line(none.Message));
                return unreadable.Count > 0 ? PlannerCommand.ServerUnreadable : NoSequence;
            }

            return unreadable.Count > 0 ? PlannerCommand.ServerUnreadable : PlannerCommand.Success;
        });
        return restore;
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
