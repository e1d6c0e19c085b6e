using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace AgBackupClr.Planner;

/// <summary>
/// agbackup status as a picture (docs/agbackup.md, "A picture of the backups"): one HTML file with its SVG and CSS inline, no script
/// and nothing fetched, so that it opens anywhere it is copied. A row per database, time along the axis from the window's
/// start to the time of the read, a mark per FULL, DIFF and LOG coloured by the replica that took it, the log chain as a
/// band with its gap in red. It is well-formed XML too, so that a test reads it as the browser's model of it.
/// </summary>
public static class StatusHtml
{
    /// <summary>
    /// The axis's pixel columns: each is one equal share of the window, and holds at most one mark per type and database, so
    /// that 30 days of LOGs every 5 minutes (8,640) are a few rectangles, not thousands.
    /// </summary>
    public const int Columns = 1200;

    private const int LabelWidth = 360;
    private const int RowHeight = 16;
    private const int AxisHeight = 18;

    /// <summary>A column's replica when more than one took backups of the type in it.</summary>
    private const int Several = -1;

    /// <summary>Okabe and Ito's colours, which colour-blind readers tell apart; red is kept for gaps and lateness.</summary>
    private static readonly string[] Palette = { "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c6d31", "#7f7f7f", "#f0e442" };

    /// <summary>Each type's lane in a row: msdb's type code, and where the mark sits.</summary>
    private static readonly (string Type, char Code, int Y, int Height)[] Lanes = { ("FULL", 'D', 1, 4), ("DIFF", 'I', 5, 4), ("LOG", 'L', 9, 3) };

    private const string Style =
        "body{font:13px sans-serif;margin:16px;color:#222;background:#fff}"
        + "h1{font-size:18px}p{margin:4px 0}.bad{color:#c00;font-weight:bold}"
        + ".key{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}"
        + "svg text{font:11px sans-serif;fill:#222}svg .where{fill:#777}svg .flag{fill:#c00;font-weight:bold}"
        + ".grid{stroke:#ddd;stroke-width:1}.band{fill:#9c9;background:#9c9}.gap{fill:#d00;background:#d00}"
        + "svg .gaplabel{fill:#d00;font-size:9px;font-weight:bold}.several{fill:#222;background:#222}";

    public static void Write(
        IReadOnlyList<DatabaseStatus> statuses, IReadOnlyList<ReplicaHistory> replicas, IReadOnlyList<UnreadableServer> unreadable, DateTime sinceUtc, TextWriter output)
    {
        // With no replica read, or a replica's clock far behind this machine's, the window is a minute: never empty.
        DateTime now = BackupStatusCheck.Now(replicas);
        var window = new Window(sinceUtc, now > sinceUtc ? now : sinceUtc.AddMinutes(1));
        List<string> servers = replicas.Select(replica => replica.ServerName)
            .Concat(statuses.SelectMany(status => status.Backups.Select(backup => backup.Server)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>agbackup status</title>\n<style>")
            .Append(Style);
        for (int i = 0; i < Palette.Length; i++)
        {
            html.Append(".s").Append(Number(i)).Append("{fill:").Append(Palette[i]).Append(";background:").Append(Palette[i]).Append('}');
        }

        html.Append("</style>\n</head>\n<body>\n<h1>Backups of ").Append(Echo.Count(statuses.Count, "database")).Append(" read from ")
            .Append(Echo.Count(replicas.Count, "replica")).Append("</h1>\n<p>From ").Append(Time(window.From)).Append(" to ").Append(Time(window.To))
            .Append(" (the time of the read); a pixel column is ").Append(Number((window.To - window.From).TotalMinutes / Columns)).Append(" minutes.</p>\n");
        foreach (UnreadableServer server in unreadable)
        {
            html.Append("<p class=\"bad unreadable\">Not read: ").Append(Xml(Echo.Written(server.Server))).Append(": ").Append(Xml(Echo.Sentence(server.Error))).Append("</p>\n");
        }

        int unhealthy = statuses.Count(status => !status.Healthy);
        html.Append(unhealthy == 0 ? "<p>" : "<p class=\"bad\">").Append(Echo.Count(unhealthy, "database")).Append(" late or with a broken or missing chain.</p>\n<p>");
        for (int i = 0; i < servers.Count; i++)
        {
            html.Append("<span class=\"key ").Append(Colour(i)).Append("\"></span>").Append(Xml(Echo.Written(servers[i])));
        }

        html.Append("<span class=\"key several\"></span>more than one replica in a column<span class=\"key band\"></span>log chain<span class=\"key gap\"></span>gap</p>\n");
        output.Write(html.ToString());

        int height = AxisHeight + (statuses.Count * RowHeight) + 4;
        output.Write(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Number(LabelWidth + Columns + 8) + "\" height=\"" + Number(height) + "\">\n<g transform=\"translate("
            + Number(LabelWidth) + ",0)\">" + Axis(window, height) + "</g>\n");
        var row = new StringBuilder();
        for (int i = 0; i < statuses.Count; i++)
        {
            row.Clear();
            Row(row, statuses[i], AxisHeight + (i * RowHeight), window, servers);
            output.Write(row.ToString());
        }

        output.Write("</svg>\n</body>\n</html>\n");
    }

    /// <summary>The window drawn: from --since's start to the time of the read.</summary>
    private sealed record Window(DateTime From, DateTime To)
    {
        /// <summary>
        /// The pixel column a time falls in, in whole numbers so that a time on a column's edge always falls the same way; a
        /// time outside the window (another replica's clock) is put at its edge.
        /// </summary>
        public int Column(DateTime time) =>
            (int)Int128.Clamp((Int128)(time - From).Ticks * Columns / (To - From).Ticks, 0, Columns - 1);
    }

    /// <summary>
    /// A vertical line and a label at each tick: the shortest step of these that draws at most 24, so that labels never
    /// overlap; a step within a day names the day at midnight.
    /// </summary>
    private static string Axis(Window window, int height)
    {
        (TimeSpan Step, string Format)[] steps =
        {
            (TimeSpan.FromHours(1), "HH:mm"), (TimeSpan.FromHours(6), "HH:mm"), (TimeSpan.FromDays(1), "MM-dd"), (TimeSpan.FromDays(7), "MM-dd"),
            (TimeSpan.FromDays(30), "yyyy-MM"), (TimeSpan.FromDays(365), "yyyy"),
        };
        (TimeSpan step, string format) = steps.FirstOrDefault(candidate => (window.To - window.From) / candidate.Step <= 24, (Step: TimeSpan.FromDays(3650), Format: "yyyy"));
        var path = new StringBuilder();
        var labels = new StringBuilder();
        for (var tick = new DateTime(window.From.Ticks - (window.From.Ticks % step.Ticks) + step.Ticks, DateTimeKind.Utc); tick < window.To; tick += step)
        {
            string x = Number(window.Column(tick));
            path.Append('M').Append(x).Append(' ').Append(Number(AxisHeight)).Append('V').Append(Number(height));
            labels.Append("<text x=\"").Append(x).Append("\" y=\"12\">")
                .Append(tick.ToString(tick.TimeOfDay == TimeSpan.Zero && step < TimeSpan.FromDays(1) ? "MM-dd" : format, CultureInfo.InvariantCulture)).Append("</text>");
        }

        return (path.Length == 0 ? string.Empty : "<path class=\"grid\" d=\"" + path + "\"/>") + labels;
    }

    private static void Row(StringBuilder row, DatabaseStatus status, int y, Window window, List<string> servers)
    {
        var flags = new List<string>();
        if (status.Late.Count > 0)
        {
            flags.Add("LATE " + string.Join(",", status.Late));
        }

        if (status.Chain == ChainStates.Broken || status.Chain == ChainStates.NoFull)
        {
            flags.Add(status.Chain);
        }

        string where = status.GroupName ?? status.ServerName ?? status.GroupDatabaseId?.ToString("D") ?? string.Empty;
        row.Append("<g class=\"row\" transform=\"translate(").Append(Number(LabelWidth)).Append(',').Append(Number(y)).Append(")\"><title>")
            .Append(Xml(Echo.Written(status.DatabaseName))).Append(status.ServerName == null ? " in group " : " on ").Append(Xml(Echo.Written(where)))
            .Append(": chain ").Append(status.Chain).Append("; newest FULL ").Append(Newest(status.Full)).Append(", DIFF ").Append(Newest(status.Diff))
            .Append(", LOG ").Append(Newest(status.Log)).Append("</title><text class=\"name\" x=\"").Append(Number(4 - LabelWidth)).Append("\" y=\"11\">")
            .Append(Xml(Echo.Written(status.DatabaseName))).Append("<tspan class=\"where\"> ").Append(Xml(Echo.Written(where))).Append("</tspan>");
        if (flags.Count > 0)
        {
            row.Append("<tspan class=\"flag\"> ").Append(string.Join(" ", flags)).Append("</tspan>");
        }

        row.Append("</text>");
        foreach ((string type, char code, int laneY, int laneHeight) in Lanes)
        {
            Marks(row, type, status.Backups.Where(entry => entry.Backup.Type == code), laneY, laneHeight, window, servers);
        }

        Chain(row, status, window);
        row.Append("</g>\n");
    }

    /// <summary>
    /// One rectangle per run of neighbouring columns of one type taken by the same replica (or by more than one), with a
    /// tooltip that counts them: at most one per column however many backups it holds.
    /// </summary>
    private static void Marks(
        StringBuilder row, string type, IEnumerable<(HistoryBackup Backup, string Server)> backups, int y, int height, Window window, List<string> servers)
    {
        var counts = new int[Columns];
        var takers = new int[Columns];
        var first = new DateTime[Columns];
        var last = new DateTime[Columns];
        var several = new SortedSet<string>?[Columns];
        foreach ((HistoryBackup backup, string server) in backups)
        {
            int column = window.Column(backup.FinishedUtc);
            int taker = servers.BinarySearch(server, StringComparer.Ordinal);
            if (counts[column] == 0)
            {
                (takers[column], first[column], last[column]) = (taker, backup.FinishedUtc, backup.FinishedUtc);
            }
            else
            {
                first[column] = backup.FinishedUtc < first[column] ? backup.FinishedUtc : first[column];
                last[column] = backup.FinishedUtc > last[column] ? backup.FinishedUtc : last[column];
                if (takers[column] != taker)
                {
                    several[column] ??= new SortedSet<string>(StringComparer.Ordinal) { servers[takers[column]] };
                    several[column]!.Add(server);
                    takers[column] = Several;
                }
            }

            counts[column]++;
        }

        for (int start = 0; start < Columns; start++)
        {
            if (counts[start] == 0)
            {
                continue;
            }

            int end = start;
            while (end + 1 < Columns && counts[end + 1] > 0 && takers[end + 1] == takers[start])
            {
                end++;
            }

            int count = 0;
            var names = new SortedSet<string>(StringComparer.Ordinal);
            for (int column = start; column <= end; column++)
            {
                count += counts[column];
                names.UnionWith(several[column] ?? (IEnumerable<string>)new[] { servers[takers[column]] });
            }

            string from = Time(first[start]);
            string to = Time(last[end]);
            row.Append("<rect class=\"").Append(type.ToLowerInvariant()).Append(' ').Append(takers[start] == Several ? "several" : Colour(takers[start]))
                .Append("\" x=\"").Append(Number(start)).Append("\" y=\"").Append(Number(y)).Append("\" width=\"").Append(Number(end - start + 1))
                .Append("\" height=\"").Append(Number(height)).Append("\"><title>").Append(count == 1 ? type : Echo.Count(count, type)).Append(" on ")
                .Append(Xml(string.Join(", ", names.Select(Echo.Written)))).Append(' ').Append(from == to ? from : from + " to " + to).Append("</title></rect>");
            start = end;
        }
    }

    /// <summary>
    /// The band from the newest FULL that is a base to the newest LOG, and over it the gap the status found, in red, from the
    /// backup that reached its first LSN to the log backup that starts after it.
    /// </summary>
    private static void Chain(StringBuilder row, DatabaseStatus status, Window window)
    {
        if (status.Full == null || (status.Chain != ChainStates.Intact && status.Chain != ChainStates.Broken))
        {
            return;
        }

        int start = window.Column(status.Full.FinishedUtc);
        int end = Math.Max(start, window.Column(status.Log?.FinishedUtc ?? status.Full.FinishedUtc));
        row.Append("<rect class=\"band\" x=\"").Append(Number(start)).Append("\" y=\"13\" width=\"").Append(Number(end - start + 1)).Append("\" height=\"2\"/>");
        if (status.Chain != ChainStates.Broken)
        {
            return;
        }

        DateTime reached = status.Backups.Where(entry => entry.Backup.Type != 'I' && entry.Backup.LastLsn == status.GapFromLsn).Max(entry => entry.Backup.FinishedUtc);
        DateTime next = status.Backups.Where(entry => entry.Backup.Type == 'L' && entry.Backup.FirstLsn == status.GapToLsn).Min(entry => entry.Backup.FinishedUtc);
        int gapStart = Math.Min(window.Column(reached), window.Column(next));
        int gapEnd = Math.Max(window.Column(reached), window.Column(next));
        string label = "gap LSN " + StatusTable.Lsn(status.GapFromLsn) + "\u2013" + StatusTable.Lsn(status.GapToLsn);
        bool right = gapEnd < Columns - 200;
        row.Append("<rect class=\"gap\" x=\"").Append(Number(gapStart)).Append("\" y=\"12\" width=\"").Append(Number(gapEnd - gapStart + 1))
            .Append("\" height=\"4\"><title>").Append(label).Append("</title></rect><text class=\"gaplabel\" x=\"")
            .Append(Number(right ? gapEnd + 3 : gapStart - 3)).Append(right ? "\" y=\"10\">" : "\" y=\"10\" text-anchor=\"end\">").Append(label).Append("</text>");
    }

    /// <summary>
    /// Text and attribute values, given as Echo made them (one line, control characters escaped, cut): the five characters
    /// XML gives meaning to as references, and those it cannot hold at all (lone surrogates, U+FFFE, U+FFFF) as \uXXXX.
    /// </summary>
    private static string Xml(string line)
    {
        var escaped = new StringBuilder(line.Length + 16);
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (i + 1 < line.Length && XmlConvert.IsXmlSurrogatePair(line[i + 1], c))
            {
                escaped.Append(c).Append(line[++i]);
                continue;
            }

            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when !XmlConvert.IsXmlChar(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>A replica's colour; past the palette's eight they repeat, and the tooltips still name the replica.</summary>
    private static string Colour(int server) => "s" + Number(server % Palette.Length);

    private static string Newest(LastBackup? last) => last == null ? "none" : Time(last.FinishedUtc) + " on " + Xml(Echo.Written(last.ServerName));

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
