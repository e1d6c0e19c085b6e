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
/// agbackup status: reads the backup history of every replica given, merges it and checks each database's log chain.
/// Exit codes: 0 every database fresh and its chain intact; 1 a replica could not be read (the others are still reported);
/// 2 the command line is wrong (or --output could not be written); 3 a backup is older than its threshold, or a chain is broken or has no FULL.
/// </summary>
public static class StatusCommand
{
    public const int LateOrBroken = 3;

    private const string ExitCodes =
        "Exit codes: 0 every database is fresh and its chain intact; 1 a replica could not be read (the others are still reported); "
        + "2 the command line is wrong, or --output could not be written; 3 a backup is late, or a chain is broken or has no FULL.";

    /// <summary>
    /// The longest age, 100 years: longer than any backup history, and far from TimeSpan's limit (99999999d overflowed it)
    /// and from year 1 (--since 1000000d crashed on now less it).
    /// </summary>
    private const int LongestAgeMinutes = 36500 * 24 * 60;

    public static Command Create(IHistorySource history)
    {
        var serverOption = new Option<string[]>("--server")
        {
            Description = "Reads a replica's msdb backup history; give every replica of the group, once each. Repeatable.",
            HelpName = "CONNECTION STRING",
        };
        var groupFromOption = new Option<string>("--group-from")
        {
            Description = "Reads the replica names of every availability group from this replica, then each replica with the same credentials.",
            HelpName = "CONNECTION STRING",
        };
        Option<TimeSpan?> sinceOption = AgeOption("--since", "Reads the backups that finished in this last period (default 8d).");
        Option<TimeSpan?> maxFullOption = AgeOption("--max-full-age", "A database whose newest FULL is older is late.");
        Option<TimeSpan?> maxDiffOption = AgeOption("--max-diff-age", "A database whose newest DIFF is older is late (master never is).");
        Option<TimeSpan?> maxLogOption = AgeOption("--max-log-age", "A database whose newest LOG is older is late (SIMPLE recovery never is).");
        Option<string> formatOption = PlannerCommand.FormatOption(
            "table (the default): a line per database; json: one object with the documented property names; "
            + "prometheus: the text exposition format for node_exporter's textfile collector; html: one self-contained page that draws every backup of the window.",
            "table", "json", "prometheus", "html");
        var outputOption = new Option<FileInfo>("--output")
        {
            Description = "Writes the report to this file instead of standard output, whole or not at all (a temporary file in the same folder, then a rename).",
            HelpName = "FILE",
        };

        var status = new Command(
            "status",
            "Prints, for every database of the replicas read, its newest FULL, DIFF and LOG on any replica and whether the log chain since "
            + "the newest FULL is intact. " + ExitCodes)
        {
            serverOption,
            groupFromOption,
            sinceOption,
            maxFullOption,
            maxDiffOption,
            maxLogOption,
            formatOption,
            outputOption,
        };
        status.Validators.Add(command =>
        {
            bool servers = command.GetResult(serverOption) != null;
            if (servers == (command.GetResult(groupFromOption) != null))
            {
                command.AddError("give either --server \"CONNECTION STRING\" (repeatable) or --group-from \"CONNECTION STRING\", not " + (servers ? "both." : "neither."));
            }
        });
        status.SetAction(parsed =>
        {
            DateTime sinceUtc = DateTime.UtcNow - (parsed.GetValue(sinceOption) ?? TimeSpan.FromDays(8));
            var histories = new List<ReplicaHistory>();
            var unreadable = new List<UnreadableServer>();
            string? groupFrom = parsed.GetValue(groupFromOption);
            if (groupFrom == null)
            {
                string[] connectionStrings = parsed.GetValue(serverOption)!;
                for (int i = 0; i < connectionStrings.Length; i++)
                {
                    ReadOne(history, connectionStrings[i], sinceUtc, "--server number " + (i + 1).ToString(CultureInfo.InvariantCulture), histories, unreadable);
                }
            }
            else
            {
                IReadOnlyList<GroupReplica> replicas = Array.Empty<GroupReplica>();
                if (Try(() => replicas = history.GroupReplicas(groupFrom), "--group-from", unreadable))
                {
                    foreach (GroupReplica replica in replicas)
                    {
                        ReadOne(history, replica.ConnectionString, sinceUtc, replica.Name, histories, unreadable);
                    }
                }
            }

            var freshness = new Freshness(parsed.GetValue(maxFullOption), parsed.GetValue(maxDiffOption), parsed.GetValue(maxLogOption));
            IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(histories, freshness);
            string format = parsed.GetValue(formatOption) ?? "table";
            Action<TextWriter> write = output => Write(format, statuses, histories, unreadable, sinceUtc, output);
            FileInfo? file = parsed.GetValue(outputOption);
            if (file == null)
            {
                write(parsed.InvocationConfiguration.Output);
            }
            else if (!WriteFile(file, write, parsed.InvocationConfiguration.Error))
            {
                return PlannerCommand.BadInput;
            }

            return unreadable.Count > 0 ? PlannerCommand.ServerUnreadable : statuses.All(s => s.Healthy) ? PlannerCommand.Success : LateOrBroken;
        });
        return status;
    }

    private static void Write(
        string format, IReadOnlyList<DatabaseStatus> statuses, List<ReplicaHistory> histories, List<UnreadableServer> unreadable, DateTime sinceUtc, TextWriter output)
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

    private static bool WriteFile(FileInfo file, Action<TextWriter> write, TextWriter error)
    {
        try
        {
            AtomicFile.Write(file, write);
            return true;
        }
        catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
        {
            error.WriteLine("agbackup: cannot write " + Echo.Line(file.ToString()) + ": " + Echo.Line(failure.Message));
            return false;
        }
    }

    private static void ReadOne(
        IHistorySource history, string connectionString, DateTime sinceUtc, string name, List<ReplicaHistory> histories, List<UnreadableServer> unreadable) =>
        Try(() => histories.Add(history.Read(connectionString, sinceUtc)), name, unreadable);

    private static bool Try(Action read, string name, List<UnreadableServer> unreadable)
    {
        try
        {
            read();
            return true;
        }
        catch (Exception failure) when (failure is DbException || failure is ConnectionStringException || failure is ArgumentException || failure is InvalidOperationException)
        {
            unreadable.Add(new UnreadableServer(name, failure.Message));
            return false;
        }
    }

    /// <summary>An age as a count and a unit: 90m, 6h, 8d.</summary>
    private static Option<TimeSpan?> AgeOption(string name, string description) =>
        new(name) { Description = description + " As 90m, 6h or 8d, up to 36500d.", HelpName = "AGE", CustomParser = Age };

    private static TimeSpan? Age(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        int unitMinutes = text.Length < 2 ? 0 : text[text.Length - 1] switch { 'm' => 1, 'h' => 60, 'd' => 24 * 60, _ => 0 };
        if (unitMinutes > 0
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count > 0
            && count <= LongestAgeMinutes / unitMinutes)
        {
            return TimeSpan.FromMinutes((long)count * unitMinutes);
        }

        result.AddError(
            Echo.Quote(text) + " is not an age: a whole number above 0 and m (minutes), h (hours) or d (days), as 90m, 6h or 8d, up to 100 years (36500d).");
        return null;
    }
}
