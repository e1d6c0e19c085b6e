using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace AgBackupClr.Planner;

/// <summary>
/// agbackup status for Prometheus: the text exposition format, version 0.0.4, as node_exporter's textfile collector reads it
/// (docs/agbackup.md, "Is every database backed up?"). Every metric is a gauge of the read, named by Prometheus's conventions: the agbackup_
/// prefix, seconds as the unit, and no label that grows without bound (no file names, no LSNs).
/// </summary>
public static class StatusPrometheus
{
    private static readonly string[] Types = { "FULL", "DIFF", "LOG" };

    public static void Write(
        IReadOnlyList<DatabaseStatus> statuses, IReadOnlyList<ReplicaHistory> replicas, IReadOnlyList<UnreadableServer> unreadable, TextWriter output)
    {
        DateTime now = BackupStatusCheck.Now(replicas);
        List<string> labels = Labels(statuses);
        var text = new StringBuilder();

        Family(text, "agbackup_backup_age_seconds", "Age of the newest FULL, DIFF or LOG (type) on any replica read, at the time of the read; absent where none was read.");
        for (int i = 0; i < statuses.Count; i++)
        {
            foreach (string type in Types)
            {
                if (Last(statuses[i], type) is LastBackup last)
                {
                    Sample(text, "agbackup_backup_age_seconds", labels[i] + ",type=\"" + type + "\"", Seconds(now - last.FinishedUtc));
                }
            }
        }

        Family(text, "agbackup_backup_late", "1 where the newest backup of the type is older than its --max-*-age, or missing while one was given; else 0.");
        for (int i = 0; i < statuses.Count; i++)
        {
            foreach (string type in Types)
            {
                Sample(text, "agbackup_backup_late", labels[i] + ",type=\"" + type + "\"", statuses[i].Late.Contains(type) ? "1" : "0");
            }
        }

        Family(text, "agbackup_log_chain_intact", "1 where every log backup since the newest FULL base starts where the one before ended; 0 when BROKEN or NO_FULL; absent in SIMPLE recovery.");
        for (int i = 0; i < statuses.Count; i++)
        {
            if (statuses[i].Chain != ChainStates.NotApplicable)
            {
                Sample(text, "agbackup_log_chain_intact", labels[i], statuses[i].Chain == ChainStates.Intact ? "1" : "0");
            }
        }

        Family(text, "agbackup_replica_readable", "1 where the replica's backup history was read; 0 where it could not be (server: its place on the command line, or its name with --group-from).");
        foreach (KeyValuePair<string, bool> server in Readable(replicas, unreadable))
        {
            Sample(text, "agbackup_replica_readable", "server=\"" + LabelValue(server.Key) + "\"", server.Value ? "1" : "0");
        }

        Family(text, "agbackup_read_timestamp_seconds", "When the history was read: the newest SYSUTCDATETIME() of the replicas read, in seconds since 1970; absent when none was read.");
        if (replicas.Count > 0)
        {
            Sample(text, "agbackup_read_timestamp_seconds", null, Seconds(now - DateTime.UnixEpoch));
        }

        output.Write(text.ToString());
    }

    /// <summary>
    /// A label value as the format writes it: backslash, double quote and line feed escaped, nothing else. Lone surrogates
    /// become U+FFFD here, as UTF-8 would make them, so that what StatusLabels keeps apart is what the file holds.
    /// </summary>
    private static string LabelValue(string value) =>
        Utf8(value).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Utf8(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// The labels that name each status's series: database, group (the availability group's name, or its group_database_id
    /// where no replica read could see the name; empty outside a group) and server (the instance outside a group; empty in
    /// one). Never the same twice: two databases that would share them (the same group and database names read from two
    /// clusters, or names that differ only by characters UTF-8 cannot hold) get " #2", " #3" on the database.
    /// </summary>
    private static List<string> Labels(IReadOnlyList<DatabaseStatus> statuses)
    {
        var labels = new List<string>(statuses.Count);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (DatabaseStatus status in statuses)
        {
            string group = status.GroupName ?? status.GroupDatabaseId?.ToString("D") ?? string.Empty;
            string rest = ",group=\"" + LabelValue(group) + "\",server=\"" + LabelValue(status.ServerName ?? string.Empty) + "\"";
            string candidate = "database=\"" + LabelValue(status.DatabaseName) + "\"" + rest;
            for (int n = 2; !taken.Add(candidate); n++)
            {
                candidate = "database=\"" + LabelValue(status.DatabaseName + " #" + n.ToString(CultureInfo.InvariantCulture)) + "\"" + rest;
            }

            labels.Add(candidate);
        }

        return labels;
    }

    private static LastBackup? Last(DatabaseStatus status, string type) => type switch
    {
        "FULL" => status.Full,
        "DIFF" => status.Diff,
        _ => status.Log,
    };

    /// <summary>Each server once: a replica given twice is one series, and one read that failed makes it 0.</summary>
    private static SortedDictionary<string, bool> Readable(IReadOnlyList<ReplicaHistory> replicas, IReadOnlyList<UnreadableServer> unreadable)
    {
        var readable = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (ReplicaHistory replica in replicas)
        {
            readable.TryAdd(Utf8(replica.ServerName), true);
        }

        foreach (UnreadableServer server in unreadable)
        {
            readable[Utf8(server.Server)] = false;
        }

        return readable;
    }

    /// <summary>HELP and TYPE, once per metric and before its samples; line feeds only, whatever the platform's NewLine.</summary>
    private static void Family(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" gauge\n");

    private static void Sample(StringBuilder text, string name, string? labels, string value)
    {
        text.Append(name);
        if (labels != null)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(value).Append('\n');
    }

    /// <summary>Milliseconds are what msdb and SYSUTCDATETIME() give that matter here.</summary>
    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
