using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace AgBackupClr.Planner;

/// <summary>
/// agbackup status: reads the backup history of every replica given, merges it and checks each database's log chain.
/// Exit codes: 0 every database fresh and its chain intact; 1 a replica could not be read (the others are still reported);
/// 2 the command line is wrong, the history file cannot be read, or a file could not be written; 3 a backup is older than its threshold, or a chain is broken or has no FULL.
/// </summary>
public static class StatusCommand
{
    public const int LateOrBroken = 3;

    private const string ExitCodes =
        "Exit codes: 0 every database is fresh and its chain intact; 1 a replica could not be read (the others are still reported); "
        + "2 the command line or the history file is wrong, or --output or --dump-history could not be written; 3 a backup is late, or a chain is broken or has no FULL.";

    public static Command Create(TextWriter? progress, IHistorySource history)
    {
        var input = new HistoryInput();
        Option<TimeSpan?> maxFullOption = HistoryInput.AgeOption("--max-full-age", "A database whose newest FULL is older is late.");
        Option<TimeSpan?> maxDiffOption = HistoryInput.AgeOption("--max-diff-age", "A database whose newest DIFF is older is late (master never is).");
        Option<TimeSpan?> maxLogOption = HistoryInput.AgeOption("--max-log-age", "A database whose newest LOG is older is late (SIMPLE recovery never is).");
        Option<string> formatOption = PlannerCommand.FormatOption(
            "table (the default): a line per database; json: one object with the documented property names; "
            + "prometheus: the text exposition format for node_exporter's textfile collector; html: one self-contained page that draws every backup of the window.",
            "table", "json", "prometheus", "html");
        var outputOption = new Option<FileInfo>("--output")
        {
            Description = "Writes the report to this file instead of standard output, whole or not at all (a temporary file in the same folder, then a rename).",
            HelpName = "FILE",
        };
        var dumpOption = new Option<FileInfo>("--dump-history")
        {
            Description = "Also writes the history read from every replica to a file that --history reads again (docs/history-file.md).",
            HelpName = "FILE.json",
        };

        var status = new Command(
            "status",
            "Prints, for every database of the replicas read, its newest FULL, DIFF and LOG on any replica and whether the log chain since "
            + "the newest FULL is intact. " + ExitCodes);
        input.AddTo(status);
        status.Options.Add(maxFullOption);
        status.Options.Add(maxDiffOption);
        status.Options.Add(maxLogOption);
        status.Options.Add(formatOption);
        status.Options.Add(outputOption);
        status.Options.Add(dumpOption);
        status.SetAction(parsed =>
        {
            TextWriter error = parsed.InvocationConfiguration.Error;
            var unreadable = new List<UnreadableServer>();
            IReadOnlyList<ReplicaHistory>? histories = input.Read(parsed, history, error, unreadable, progress);
            if (histories == null)
            {
                return PlannerCommand.BadInput;
            }

            FileInfo? dump = parsed.GetValue(dumpOption);
            if (dump != null && !PlannerCommand.WriteFile(dump, HistoryFile.Write(histories), error))
            {
                return PlannerCommand.BadInput;
            }

            var freshness = new Freshness(parsed.GetValue(maxFullOption), parsed.GetValue(maxDiffOption), parsed.GetValue(maxLogOption));
            IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(histories, freshness);
            string format = parsed.GetValue(formatOption) ?? "table";
            DateTime sinceUtc = input.SinceUtc(parsed, histories);
            Action<TextWriter> write = output => Write(format, statuses, histories, unreadable, sinceUtc, output);
            FileInfo? file = parsed.GetValue(outputOption);
            if (file == null)
            {
                write(parsed.InvocationConfiguration.Output);
            }
            else if (!PlannerCommand.WriteFile(file, () => AtomicFile.Write(file, write), error))
            {
                return PlannerCommand.BadInput;
            }

            return unreadable.Count > 0 ? PlannerCommand.ServerUnreadable : statuses.All(s => s.Healthy) ? PlannerCommand.Success : LateOrBroken;
        });
        return status;
    }

    private static void Write(
        string format, IReadOnlyList<DatabaseStatus> statuses, IReadOnlyList<ReplicaHistory> histories, List<UnreadableServer> unreadable, DateTime sinceUtc, TextWriter output)
    {
        switch (format)
        {
            case "json":
                StatusJson.Write(statuses, unreadable, output);
                break;
            case "prometheus":
                StatusPrometheus.Write(statuses, histories, unreadable, output);
                break;
            case "html":
                StatusHtml.Write(statuses, histories, unreadable, sinceUtc, output);
                break;
            default:
                StatusTable.Write(statuses, unreadable, output);
                break;
        }
    }
}
