using System;
using System.Globalization;
using System.Linq;
using System.Text;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using AgBackupClr.TSql;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>
    /// For any database name, the backup file is one Windows neither opens as a device nor renames, each token is expanded
    /// once and never read again, and two databases never share a file. Windows rules apply on Linux too: the share may be
    /// read from Windows.
    /// </summary>
    public class BackupFileNamePropertyTests
    {
        private const int Cases = 10_000;

        private const string Timestamp = "20250102_030405_678";

        private static readonly DateTime StartedAt = new DateTime(2025, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

        private static readonly string[] Tokens =
        {
            "{ServerName}", "{InstanceName}", "{AvailabilityGroupName}", "{DatabaseName}", "{BackupType}", "{CopyOnly}", "{Timestamp}", "{FileExtension}", "{FileNumber}",
        };

        /// <summary>learn.microsoft.com "Naming Files, Paths, and Namespaces": names Windows opens as devices, with or without an extension.</summary>
        private static readonly string[] DeviceNames =
        {
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        /// <summary>Templates that put the database name alone, first, last, twice, or in the middle of the file name.</summary>
        private static readonly Gen<string> Template = Gen.OneOfConst(
            BackupFileName.DefaultTemplate,
            BackupFileName.DefaultAvailabilityGroupTemplate,
            "{DatabaseName}",
            "{DatabaseName}.{FileExtension}",
            "{Timestamp}_{DatabaseName}",
            "{DatabaseName}{CopyOnly}",
            "{CopyOnly}{DatabaseName}.{FileExtension}",
            "{DatabaseName}.{DatabaseName}");

        private static readonly Gen<string> Directory = Gen.OneOfConst(@"\\backupshare\sql", "/var/opt/mssql/backup");

        private static readonly Gen<FileNameValues> Values = Gen.Select(
            HostileText.FileDatabaseName,
            Gen.Null(HostileText.FileDatabaseName),
            HostileText.FileDatabaseName,
            Gen.OneOfConst(BackupType.Full, BackupType.Diff, BackupType.Log),
            Gen.Bool,
            (database, group, server, type, copyOnly) => new FileNameValues(server, null, group, database, type, copyOnly, StartedAt))
            .SelectMany(values => Gen.Int[1, 64].SelectMany(files => Gen.Int[1, files].Select(number => values.With(fileNumber: number, numberOfFiles: files))));

        /// <summary>A name and another that differs from it by a trailing dot or space, one character, or altogether.</summary>
        private static readonly Gen<(string Name, string Other)> DifferentNames = Gen.Select(
                HostileText.FileDatabaseName,
                HostileText.FileDatabaseName,
                Gen.OneOfConst(".", " ", "..", ". ", "_", "%", "%2E", "%20", "\\", "/", ":", "N", "n"),
                Gen.Int[0, 3],
                Gen.Int[0, 127],
                (name, independent, edit, kind, at) => (Name: name, Other: Other(name, independent, edit, kind, at)))
            .Where(pair => pair.Other.Length > 0 && pair.Other != pair.Name);

        [Test]
        public void Any_database_name_gives_a_file_windows_neither_opens_as_a_device_nor_renames_or_is_refused_only_for_length()
        {
            Property.ForAll(
                Gen.Select(Directory, Template, Values),
                Cases,
                drawn =>
                {
                    (string directory, string template, FileNameValues values) = drawn;
                    BackupPath path = BackupFileName.Build(directory, template, "@FileName", values);

                    if (path.Path == null)
                    {
                        Assert.That(path.Error, Does.StartWith("The backup file name would be ").Or.StartWith("The backup path would be "));
                        return;
                    }

                    // Ordinal comparisons: NUnit's string constraints follow the culture, which ignores characters such as U+FEFF.
                    Assert.That(path.Path.StartsWith(directory, StringComparison.Ordinal), Is.True, path.Path);
                    Assert.That(path.Path.Substring(directory.Length + 1).IndexOfAny(new[] { '\\', '/' }), Is.EqualTo(-1), path.Path);
                    foreach (string segment in path.Path.Split('\\', '/').Where(s => s.Length > 0))
                    {
                        string baseName = segment.Split('.')[0].TrimEnd(' ');
                        Assert.That(DeviceNames.Any(d => string.Equals(d, baseName, StringComparison.OrdinalIgnoreCase)), Is.False, path.Path);
                        Assert.That(segment[segment.Length - 1], Is.Not.EqualTo('.').And.Not.EqualTo(' '), path.Path);
                    }
                });
        }

        [Test]
        public void Each_token_is_expanded_once_and_a_name_that_looks_like_a_token_is_never_expanded_again()
        {
            Gen<string[]> someTokens = Gen.OneOfConst(Tokens).Array[0, 4];
            Property.ForAll(
                Gen.Select(someTokens, someTokens, Gen.OneOfConst("_", "-", "$"), Values),
                Cases,
                drawn =>
                {
                    (string[] before, string[] after, string separator, FileNameValues values) = drawn;
                    string[] tokens = before.Append("{DatabaseName}").Concat(after).ToArray();

                    BackupPath path = BackupFileName.Build(@"D:\B", string.Join(separator, tokens), "@FileName", values);

                    string expected = string.Join(separator, tokens.Select(t => Expansion(t, values)));
                    Assert.That(path, Is.EqualTo(expected.Length > 255
                        ? new BackupPath(null, "The backup file name would be " + expected.Length + " characters long; file systems allow 255. Shorten the file-name template.")
                        : new BackupPath(@"D:\B\" + expected, null)).UsingPropertiesComparer());
                });
        }

        [Test]
        public void Two_different_database_names_never_share_a_file()
        {
            Property.ForAll(
                Gen.Select(DifferentNames, Directory, Template, Values),
                Cases,
                drawn =>
                {
                    ((string Name, string Other) names, string directory, string template, FileNameValues values) = drawn;
                    BackupPath one = BackupFileName.Build(directory, template, "@FileName", values.With(databaseName: names.Name));
                    BackupPath other = BackupFileName.Build(directory, template, "@FileName", values.With(databaseName: names.Other));

                    Assert.That(BackupFileName.Escape(names.Other), Is.Not.EqualTo(BackupFileName.Escape(names.Name)));
                    if (one.Path != null && other.Path != null)
                    {
                        Assert.That(other.Path, Is.Not.EqualTo(one.Path));
                    }
                });
        }

        [Test]
        public void The_files_of_one_striped_backup_never_share_a_name()
        {
            Property.ForAll(
                Gen.Select(Gen.OneOfConst(1, 2, 4), Gen.Int[1, 16], Gen.OneOfConst(BackupFileName.DefaultStripedTemplate, BackupFileName.DefaultStripedAvailabilityGroupTemplate, "{FileNumber}{DatabaseName}"), Values),
                Cases / 10,
                drawn =>
                {
                    (int directories, int perDirectory, string template, FileNameValues values) = drawn;
                    string[] folders = Enumerable.Range(1, directories).Select(i => @"D:\B" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

                    BackupFiles files = BackupFileName.BuildFiles(folders, string.Empty, "@DirectoryStructure", template, "@FileName", values, directories * perDirectory);

                    if (files.Paths != null)
                    {
                        Assert.That(files.Paths, Has.Count.EqualTo(directories * perDirectory));
                        Assert.That(files.Paths, Is.Unique);
                    }
                });
        }

        [Test]
        public void At_a_url_the_last_segment_decodes_to_the_file_name_on_disk_and_adds_no_segment_query_or_fragment()
        {
            Property.ForAll(
                Gen.Select(Template, Values, Gen.OneOfConst("https://acct.blob.core.windows.net/sql", "s3://minio:9000/sql/")),
                Cases,
                drawn =>
                {
                    (string template, FileNameValues values, string url) = drawn;
                    BackupPath onDisk = BackupFileName.Build(@"D:\B", template, "@FileName", values);
                    BackupPath atUrl = BackupFileName.Build(url, template, "@FileName", values);

                    if (onDisk.Path != null && atUrl.Path != null)
                    {
                        string segment = atUrl.Path.Substring(url.TrimEnd('/').Length + 1);
                        Assert.That(segment.IndexOfAny(new[] { '/', '?', '#', ' ' }), Is.EqualTo(-1), atUrl.Path);
                        Assert.That(Uri.UnescapeDataString(segment), Is.EqualTo(onDisk.Path.Substring(@"D:\B\".Length)));
                    }
                });
        }

        [Test]
        public void An_escaped_name_reads_back_as_the_name_so_no_two_names_share_one()
        {
            Property.ForAll(HostileText.FileDatabaseName, Cases, name => Assert.That(Unescape(BackupFileName.Escape(name)), Is.EqualTo(name)));
        }

        private static string Other(string name, string independent, string edit, int kind, int at)
        {
            int index = at % name.Length;
            return kind switch
            {
                0 => name + edit,
                1 => name.Substring(0, index) + edit + name.Substring(index + 1),
                2 => name.TrimEnd('.', ' '),
                _ => independent,
            };
        }

        /// <summary>What one token stands for: names escaped, everything else as docs/usp_BackupIfPreferred.md describes it.</summary>
        private static string Expansion(string token, FileNameValues values) => token switch
        {
            "{ServerName}" => BackupFileName.Escape(values.ServerName),
            "{InstanceName}" => BackupFileName.Escape(values.InstanceName ?? "MSSQLSERVER"),
            "{AvailabilityGroupName}" => BackupFileName.Escape(values.AvailabilityGroupName ?? string.Empty),
            "{DatabaseName}" => BackupFileName.Escape(values.DatabaseName),
            "{BackupType}" => values.BackupType.ToString().ToUpperInvariant(),
            "{CopyOnly}" => values.CopyOnly ? "_COPY_ONLY" : string.Empty,
            "{Timestamp}" => Timestamp,
            "{FileNumber}" => values.NumberOfFiles >= 10 ? values.FileNumber.ToString("00", CultureInfo.InvariantCulture) : values.FileNumber.ToString(CultureInfo.InvariantCulture),
            _ => values.BackupType == BackupType.Log ? "trn" : values.BackupType == BackupType.Diff ? "dif" : "bak",
        };

        /// <summary>Each % and the two hex digits after it back to the character they stand for.</summary>
        private static string Unescape(string escaped)
        {
            var name = new StringBuilder(escaped.Length);
            for (int i = 0; i < escaped.Length; i++)
            {
                if (escaped[i] == '%')
                {
                    name.Append((char)int.Parse(escaped.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 2;
                }
                else
                {
                    name.Append(escaped[i]);
                }
            }

            return name.ToString();
        }
    }
}
