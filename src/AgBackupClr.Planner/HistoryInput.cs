using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AgBackupClr.Planner;

/// <summary>
/// Where agbackup status and restore read the backup history: live replicas (--server, repeatable, or --group-from) or a
/// history file (--history), exactly one of them; and, from live replicas, how far back (--since).
/// </summary>
internal sealed class HistoryInput
{
    /// <summary>
    /// The longest age, 100 years: longer than any backup history, and far from TimeSpan's limit (99999999d overflowed it)
    /// and from year 1 (--since 1000000d crashed on now less it).
    /// </summary>
    private const int LongestAgeMinutes = 36500 * 24 * 60;

    private readonly Option<string[]> server = new("--server")
    {
        Description = "Reads a replica's msdb backup history; give every replica of the group, once each. Repeatable.",
        HelpName = "CONNECTION STRING",
    };

    private readonly Option<string> groupFrom = new("--group-from")
    {
        Description = "Reads the replica names of every availability group from this replica, then each replica with the same credentials.",
        HelpName = "CONNECTION STRING",
    };

    private readonly Option<FileInfo> history = new("--history")
    {
        Description = "Reads the history from a file written by status --dump-history instead of from servers (docs/history-file.md).",
        HelpName = "FILE.json",
    };

    private readonly ReadOptions limits = new();

    private readonly Option<TimeSpan?> since = AgeOption("--since", "Reads the backups that finished in this last period from the servers (default 8d).");

    /// <summary>Adds the options to the command, and the rule that exactly one source is given.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { server, groupFrom, history, since })
        {
            command.Options.Add(option);
        }

        limits.AddTo(command);
        command.Validators.Add(Validate);
    }

    /// <summary>An age as a count and a unit: 90m, 6h, 8d.</summary>
    public static Option<TimeSpan?> AgeOption(string name, string description) =>
        new(name) { Description = description + " As 90m, 6h or 8d, up to 36500d.", HelpName = "AGE", CustomParser = Age };

    private void Validate(CommandResult command)
    {
        int sources = (command.GetResult(server) != null ? 1 : 0) + (command.GetResult(groupFrom) != null ? 1 : 0) + (command.GetResult(history) != null ? 1 : 0);
        if (sources != 1)
        {
            command.AddError(
                "give one of --server \"CONNECTION STRING\" (repeatable), --group-from \"CONNECTION STRING\" or --history FILE.json, not "
                + (sources == 0 ? "none." : "several."));
        }

        if (command.GetResult(history) != null && command.GetResult(since) != null)
        {
            command.AddError("--since says how far back to read the servers; a history file holds what was read: give --since to status --dump-history.");
        }
    }

    /// <summary>
    /// The histories read, and the replicas that could not be read (named by their place on the command line or their name,
    /// never by their connection string); null with the error written when the history file cannot be read.
    /// </summary>
    /// <param name="progress">Where each replica's name goes as it is read, on a terminal only; null: nowhere.</param>
    public IReadOnlyList<ReplicaHistory>? Read(ParseResult parsed, IHistorySource source, TextWriter error, List<UnreadableServer> unreadable, TextWriter? progress)
    {
        FileInfo? file = parsed.GetValue(history);
        if (file != null)
        {
            return ReadFile(file, error);
        }

        DateTime sinceUtc = SinceUtc(parsed, Array.Empty<ReplicaHistory>());
        var names = new List<string>();
        var connectionStrings = new List<string>();
        string? group = parsed.GetValue(groupFrom);
        if (group == null)
        {
            connectionStrings.AddRange(parsed.GetValue(server)!);
            names.AddRange(connectionStrings.Select((_, i) => "--server number " + (i + 1).ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            try
            {
                foreach (GroupReplica replica in source.GroupReplicas(group))
                {
                    names.Add(replica.Name);
                    connectionStrings.Add(replica.ConnectionString);
                }
            }
            catch (Exception failure) when (ParallelReads.Unreadable(failure))
            {
                unreadable.Add(new UnreadableServer("--group-from", failure.Message));
            }
        }

        var histories = new List<ReplicaHistory>();
        IReadOnlyList<ReadOutcome<ReplicaHistory>> outcomes = ParallelReads.Read(
            names, i => source.Read(connectionStrings[i], sinceUtc), ParallelReads.Unreadable, limits.Read(parsed), progress);
        for (int i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Value is ReplicaHistory read)
            {
                histories.Add(read);
            }
            else
            {
                unreadable.Add(new UnreadableServer(names[i], outcomes[i].Failure!));
            }
        }

        return histories;
    }

    /// <summary>
    /// The start of the window: --since (8 days unless given) before now, or, for a history file, before the newest time a
    /// replica in it was read, so an old file still shows the window it was read for.
    /// </summary>
    public DateTime SinceUtc(ParseResult parsed, IReadOnlyList<ReplicaHistory> histories)
    {
        DateTime end = parsed.GetValue(history) != null && histories.Count > 0 ? histories.Max(h => h.ReadAtUtc) : DateTime.UtcNow;
        return end - (parsed.GetValue(since) ?? TimeSpan.FromDays(8));
    }

    private static IReadOnlyList<ReplicaHistory>? ReadFile(FileInfo file, TextWriter error)
    {
        try
        {
            return HistoryFile.Read(File.ReadAllBytes(file.FullName));
        }
        catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
        {
            error.WriteLine("agbackup: cannot read " + Echo.Line(file.ToString()) + ": " + Echo.Line(failure.Message));
        }
        catch (HistoryFileException wrong)
        {
            error.WriteLine("agbackup: " + Echo.Line(file.ToString()) + ": " + Echo.Line(wrong.Message));
        }

        return null;
    }

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
