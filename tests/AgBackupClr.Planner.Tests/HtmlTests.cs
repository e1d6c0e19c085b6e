using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;
using static AgBackupClr.Planner.Tests.StatusTests;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup status --format html (issue 24, item 3), read back as XML: each backup of the report in its pixel column and its
/// replica's colour, the gap the report found, hostile names escaped, and the size of 500 databases' 30 days of LOGs.
/// </summary>
public sealed class HtmlTests
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Servers = { "SQL1", "SQL2", "SQL3" };
    private static readonly (string Type, char Code)[] Lanes = { ("full", 'D'), ("diff", 'I'), ("log", 'L') };

    [Test]
    public void Each_backup_of_the_report_is_in_its_column_in_its_replica_s_colour_and_the_gap_is_the_report_s()
    {
        Property.ForAll(Gen.Int, 60, seed =>
        {
            var random = new Random(seed);
            DateTime since = Start.AddDays(-random.Next(1, 31));
            ReplicaHistory[] replicas = Histories(random, since, random.Next(1, 5), Start);
            IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(replicas, new Freshness(TimeSpan.FromDays(2), TimeSpan.FromDays(1), TimeSpan.FromMinutes(30)));
            var unreadable = new[] { new UnreadableServer("--server number 4", "Login failed.") };

            XDocument page = Page(Html(statuses, replicas, unreadable, since));

            Assert.That(page.Descendants(Xhtml + "p").Where(p => Classes(p).Contains("unreadable")).Select(p => p.Value), Is.EqualTo(new[] { "Not read: --server number 4: Login failed." }));
            Dictionary<string, string> colours = Legend(page);
            List<XElement> rows = Rows(page);
            Assert.That(rows, Has.Count.EqualTo(statuses.Count));
            for (int i = 0; i < statuses.Count; i++)
            {
                DatabaseStatus status = statuses[i];
                XElement row = rows[i];
                Assert.That(row.Element(Svg + "text")!.Nodes().OfType<XText>().First().Value, Is.EqualTo(status.DatabaseName));
                foreach ((string type, char code) in Lanes)
                {
                    // What each column must show: the replicas that took a backup of the type that finished in it.
                    var expected = new SortedDictionary<int, SortedSet<string>>();
                    foreach ((HistoryBackup backup, string server) in status.Backups.Where(entry => entry.Backup.Type == code))
                    {
                        int column = Column(backup.FinishedUtc, since, Start);
                        expected.TryAdd(column, new SortedSet<string>(StringComparer.Ordinal));
                        expected[column].Add(server);
                    }

                    var drawn = new SortedDictionary<int, string>();
                    foreach (XElement mark in row.Elements(Svg + "rect").Where(rect => Classes(rect).Contains(type)))
                    {
                        string colour = Classes(mark).Single(name => name != type);
                        for (int column = Number(mark, "x"); column < Number(mark, "x") + Number(mark, "width"); column++)
                        {
                            Assert.That(drawn.TryAdd(column, colour), Is.True, type + " marks overlap at column " + column);
                        }
                    }

                    Assert.That(
                        drawn,
                        Is.EqualTo(expected.ToDictionary(pair => pair.Key, pair => pair.Value.Count == 1 ? colours[pair.Value.Single()] : "several")),
                        status.DatabaseName + " " + type);
                }

                List<XElement> gaps = row.Elements(Svg + "rect").Where(rect => Classes(rect).Contains("gap")).ToList();
                Assert.That(gaps, Has.Count.EqualTo(status.Chain == ChainStates.Broken ? 1 : 0));
                Assert.That(
                    row.Elements(Svg + "text").Where(text => Classes(text).Contains("gaplabel")).Select(text => text.Value),
                    Is.EqualTo(status.Chain == ChainStates.Broken ? new[] { "gap LSN " + status.GapFromLsn + "\u2013" + status.GapToLsn } : Array.Empty<string>()));
                Assert.That(
                    row.Elements(Svg + "rect").Count(rect => Classes(rect).Contains("band")),
                    Is.EqualTo(status.Chain == ChainStates.Broken || status.Chain == ChainStates.Intact ? 1 : 0));
                string flags = string.Concat(row.Descendants(Svg + "tspan").Where(tspan => Classes(tspan).Contains("flag")).Select(tspan => tspan.Value));
                Assert.That(flags, status.Late.Count == 0 ? Does.Not.Contain("LATE") : Does.Contain("LATE " + string.Join(",", status.Late)));
            }
        });
    }

    [Test]
    public void Hostile_names_are_text_in_the_page_never_markup()
    {
        string[] pieces = { "<", ">", "&", "&amp;", "\"", "'", "]]>", "<script>alert(1)</script>", "</svg>", "\n", "\u0001", "\u001b[31m", "é", "\U0001F600", "a" };
        Property.ForAll(Gen.Int, 200, seed =>
        {
            var random = new Random(seed);
            string Name() => string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => pieces[random.Next(pieces.Length)]));
            var database = new HistoryDatabase(Name(), null, false, null);
            var replica = new ReplicaHistory(Name(), Start, new[] { database }, new[] { Full(database.Name, Start.AddDays(-1)) }, NoDecisions);
            var unreadable = new UnreadableServer(Name(), Name());

            XDocument page = Page(Html(BackupStatusCheck.Check(new[] { replica }, Freshness.Any), new[] { replica }, new[] { unreadable }, Start.AddDays(-8)));

            Assert.That(page.Descendants().Select(element => element.Name.LocalName).Distinct(), Is.SubsetOf(new[]
            {
                "html", "head", "meta", "title", "style", "body", "h1", "p", "span", "svg", "g", "path", "text", "tspan", "rect",
            }));
            XElement row = Rows(page).Single();
            Assert.That(row.Element(Svg + "text")!.Nodes().OfType<XText>().First().Value, Is.EqualTo(Echo.Written(database.Name)));
            Assert.That(Legend(page).Keys, Is.EqualTo(new[] { Echo.Written(replica.ServerName) }));
            Assert.That(
                page.Descendants(Xhtml + "p").Single(p => Classes(p).Contains("unreadable")).Value,
                Is.EqualTo("Not read: " + Echo.Written(unreadable.Server) + ": " + Echo.Sentence(unreadable.Error)));
        });
    }

    [Test]
    public void Characters_XML_cannot_hold_are_written_as_escapes()
    {
        var database = new HistoryDatabase("a\uFFFFb\uD800c", null, false, null);
        var replica = new ReplicaHistory("SQL1", Start, new[] { database }, Array.Empty<HistoryBackup>(), NoDecisions);

        XDocument page = Page(Html(BackupStatusCheck.Check(new[] { replica }, Freshness.Any), new[] { replica }, Array.Empty<UnreadableServer>(), Start.AddDays(-8)));

        Assert.That(Rows(page).Single().Element(Svg + "text")!.Nodes().OfType<XText>().First().Value, Is.EqualTo("a\\uffffb\\ud800c"));
    }

    [Test]
    public void Five_hundred_databases_with_30_days_of_LOGs_every_5_minutes_stay_under_5_MB()
    {
        DateTime since = Start.AddDays(-30);
        ReplicaHistory[] replicas = Month(since);
        IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(replicas, Freshness.Any);
        Assert.That(statuses.Sum(status => status.Backups.Count), Is.GreaterThan(500 * 8640), "The case is as large as the issue's.");

        string html = Html(statuses, replicas, Array.Empty<UnreadableServer>(), since);

        Assert.That(Encoding.UTF8.GetByteCount(html), Is.LessThan(5 << 20));
        List<XElement> rows = Rows(Page(html));
        Assert.That(rows, Has.Count.EqualTo(500));
        Assert.That(
            rows[0].Elements(Svg + "rect").Count(rect => Classes(rect).Contains("log")),
            Is.EqualTo(3),
            "8,640 LOGs are three marks: SQL2's until the failover, the column that holds both, and SQL3's.");
    }

    [Test]
    public void Format_html_writes_one_page_with_output_and_keeps_status_s_exit_code()
    {
        InTemporaryFolder(folder =>
        {
            string file = Path.Combine(folder, "status.html");

            (int exitCode, string output, string error) = Status(Healthy, "--max-log-age", "5m", "--format", "html", "--output", file);

            Assert.That((exitCode, output, error), Is.EqualTo((3, string.Empty, string.Empty)));
            Assert.That(Rows(Page(File.ReadAllText(file))), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Chromium_draws_the_page_the_replicas_marks_the_chain_and_its_gap_in_red()
    {
        string? chromium = new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
        if (chromium == null)
        {
            Assert.Ignore("No chromium on the PATH to render the page: install Debian's chromium (apt-get install chromium), as .ci/run does.");
        }

        InTemporaryFolder(folder =>
        {
            // Sales: a FULL on SQL1 7 days before the read, then a LOG every 5 minutes on SQL2 but those of the fourth day, lost.
            var database = new HistoryDatabase("Sales", new Guid(1, 0, 0, new byte[8]), false, "Ag");
            var logs = Enumerable.Range(1, 7 * 288).Where(n => n / 288 != 3)
                .Select(n => HistoryRows.Backup("Sales", Guid.NewGuid(), 'L', false, 1000 + (10 * (n - 1)), 1000 + (10 * n), Start.AddDays(-7).AddMinutes(5 * n), null));
            ReplicaHistory[] replicas =
            {
                new("SQL1", Start, new[] { database }, new[] { HistoryRows.Backup("Sales", Guid.NewGuid(), 'D', false, 1001, 1002, Start.AddDays(-7), null) }, NoDecisions),
                new("SQL2", Start, new[] { database }, logs.ToArray(), NoDecisions),
            };
            IReadOnlyList<DatabaseStatus> statuses = BackupStatusCheck.Check(replicas, Freshness.Any);
            Assert.That(statuses.Single().Chain, Is.EqualTo(ChainStates.Broken));
            string page = Path.Combine(folder, "status.html");
            File.WriteAllText(page, Html(statuses, replicas, Array.Empty<UnreadableServer>(), Start.AddDays(-8)));
            string screenshot = Path.Combine(folder, "status.png");

            // The flags the machines' notes give for a headless Chromium as root on a closed network.
            (_, string output, string error) = Execute(
                chromium,
                new Dictionary<string, string?>(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + Path.Combine(folder, "profile"), "--window-size=1600,400",
                "--screenshot=" + screenshot, new Uri(page).AbsoluteUri);
            Assert.That(File.Exists(screenshot), Is.True, "chromium wrote no screenshot:\n" + output + error);

            // More of each colour than the legend's 12 by 12 swatch holds: the marks, the band and the gap were drawn.
            Png png = Png.Read(File.ReadAllBytes(screenshot));
            Assert.That(png.Count(0xff, 0xff, 0xff), Is.LessThan(png.Width * png.Height), "not blank");
            Assert.That(png.Count(0xe6, 0x9f, 0x00), Is.GreaterThan(1000), "SQL2's LOGs, in its orange");
            Assert.That(png.Count(0x99, 0xcc, 0x99), Is.GreaterThan(1000), "the log chain's band");
            Assert.That(png.Count(0xdd, 0x00, 0x00), Is.GreaterThan(300), "the gap, in red");
        });
    }

    /// <summary>The pixel column of a time, as docs/agbackup.md says: the window from --since to the read in 1,200 equal shares.</summary>
    private static int Column(DateTime time, DateTime since, DateTime read) =>
        Math.Min(StatusHtml.Columns - 1, (int)((time - since).Ticks * (decimal)StatusHtml.Columns / (read - since).Ticks));

    /// <summary>Databases of one group on SQL1 to SQL3: FULLs and DIFFs on any replica, copy-only FULLs, LOGs with some lost.</summary>
    private static ReplicaHistory[] Histories(Random random, DateTime since, int databases, DateTime read)
    {
        var backups = Servers.ToDictionary(server => server, _ => new List<HistoryBackup>());
        var names = new List<HistoryDatabase>();
        for (int d = 0; d < databases; d++)
        {
            string name = "db" + d.ToString(CultureInfo.InvariantCulture);
            names.Add(new HistoryDatabase(name, new Guid(d + 1, 0, 0, new byte[8]), random.Next(6) == 0, "Ag"));
            decimal lsn = 1000;
            for (DateTime at = since.AddMinutes(random.Next(1, 600)); at < read; at = at.AddMinutes(random.Next(1, 900)))
            {
                string server = Servers[random.Next(Servers.Length)];
                char type = "DDILLLLLL"[random.Next(9)];
                bool copyOnly = type == 'D' && random.Next(3) == 0;
                var backup = HistoryRows.Backup(name, Guid.NewGuid(), type, copyOnly, type == 'L' ? lsn : lsn + 1, lsn + 50, at, null);
                lsn += type == 'L' ? 50 : 0;
                if (type != 'L' || random.Next(10) > 0)
                {
                    backups[server].Add(backup);
                }
            }
        }

        return Servers.Select(server => new ReplicaHistory(server, read, names, backups[server], NoDecisions)).ToArray();
    }

    /// <summary>
    /// 500 databases of one group over 30 days: a FULL every Sunday and a DIFF every other night, on SQL1, the primary; a LOG
    /// every 5 minutes on SQL2 until a failover after 20 days, then on SQL3.
    /// </summary>
    private static ReplicaHistory[] Month(DateTime since)
    {
        var backups = Servers.ToDictionary(server => server, _ => new List<HistoryBackup>());
        var databases = new HistoryDatabase[500];
        for (int d = 0; d < databases.Length; d++)
        {
            string name = "Database" + d.ToString("000", CultureInfo.InvariantCulture);
            databases[d] = new HistoryDatabase(name, new Guid(d + 1, 0, 0, new byte[8]), false, "Ag");
            decimal lsn = 1000;
            for (int minutes = 5; minutes <= 30 * 24 * 60; minutes += 5)
            {
                DateTime at = since.AddMinutes(minutes);
                backups[minutes <= 20 * 24 * 60 ? "SQL2" : "SQL3"].Add(HistoryRows.Backup(name, Guid.NewGuid(), 'L', false, lsn, lsn + 10, at, null));
                if (minutes % (24 * 60) == 120)
                {
                    char type = at.DayOfWeek == DayOfWeek.Sunday ? 'D' : 'I';
                    backups["SQL1"].Add(HistoryRows.Backup(name, Guid.NewGuid(), type, false, lsn + 1, lsn + 2, at, null));
                }

                lsn += 10;
            }
        }

        return Servers.Select(server => new ReplicaHistory(server, since.AddDays(30), databases, backups[server], NoDecisions)).ToArray();
    }

    private static HistoryBackup Full(string database, DateTime finished) => HistoryRows.Backup(database, Guid.NewGuid(), 'D', false, 1000, 1001, finished, null);

    private static string Html(IReadOnlyList<DatabaseStatus> statuses, IReadOnlyList<ReplicaHistory> replicas, IReadOnlyList<UnreadableServer> unreadable, DateTime since)
    {
        var output = new StringWriter();
        StatusHtml.Write(statuses, replicas, unreadable, since, output);
        return output.ToString();
    }

    /// <summary>The page read as XML; the HTML doctype is no DTD to process.</summary>
    private static XDocument Page(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static List<XElement> Rows(XDocument page) => page.Descendants(Svg + "g").Where(g => Classes(g).Contains("row")).ToList();

    /// <summary>The legend: each replica's name by the class of its colour.</summary>
    private static Dictionary<string, string> Legend(XDocument page) =>
        page.Descendants(Xhtml + "span")
            .Where(span => Classes(span).Any(name => name.StartsWith('s') && name.Skip(1).All(char.IsAsciiDigit)))
            .ToDictionary(span => ((XText)span.NextNode!).Value, span => Classes(span).Single(name => name != "key"));

    private static string[] Classes(XElement element) => ((string?)element.Attribute("class") ?? string.Empty).Split(' ');

    private static int Number(XElement element, string attribute) => int.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
