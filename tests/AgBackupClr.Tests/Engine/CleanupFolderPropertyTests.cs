using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// Hostile jobs (issue 20): directory structures that run tokens together, group and database names made of the same few
    /// letters, separators and case variants, on a case-sensitive server, each run as a regular and a copy-only LOG job. An
    /// independent check over what the runs did: no folder a cleanup deleted in holds a backup of another database, compared
    /// as Windows compares names (ignoring case).
    /// </summary>
    public class CleanupFolderPropertyTests
    {
        private const int Cases = 3000;

        /// <summary>Pieces of a folder name: the tokens whose text differs between databases and jobs, constants, and text names also hold.</summary>
        private static readonly Gen<string> Piece = Gen.OneOfConst(
            "{AvailabilityGroupName}", "{DatabaseName}", "{CopyOnly}", "{BackupType}", "{ServerName}", "_", "-", "$", "_COPY_ONLY", "x");

        private static readonly Gen<string> FolderName = Piece.Array[1, 3].Select(pieces => string.Concat(pieces));

        /// <summary>One to three folder names; the tests of the parser refuse a structure without {DatabaseName}, which is not drawn here.</summary>
        private static readonly Gen<string> Structure = FolderName.Array[1, 3]
            .Select(names => string.Join("{DirectorySeparator}", names))
            .Where(structure => structure.Contains("{DatabaseName}"));

        /// <summary>Names from a, A, b, _ and the text {CopyOnly} and {BackupType} give, so that names can hold each other's pieces.</summary>
        private static readonly Gen<string> Name = Gen.OneOfConst("a", "A", "b", "_", "_COPY_ONLY", "LOG", "-").Array[1, 3].Select(parts => string.Concat(parts));

        private sealed class Job
        {
            public Job(string groupStructure, string structure, List<(string Group, string Database)> groupDatabases, List<string> databases)
            {
                GroupStructure = groupStructure;
                Structure = structure;
                GroupDatabases = groupDatabases;
                Databases = databases;
            }

            public string GroupStructure { get; }

            public string Structure { get; }

            public List<(string Group, string Database)> GroupDatabases { get; }

            public List<string> Databases { get; }

            public override string ToString() =>
                "@AvailabilityGroupDirectoryStructure = " + GroupStructure + ", @DirectoryStructure = " + Structure + ", groups: "
                + string.Join(", ", GroupDatabases.Select(d => d.Group + "/" + d.Database)) + ", others: " + string.Join(", ", Databases);
        }

        private static readonly Gen<Job> Jobs =
            Gen.Select(Structure, Structure, Gen.Select(Name, Name).Array[1, 5], Name.Array[0, 3], (groupStructure, structure, grouped, others) =>
            {
                // One instance: database names are unique (as the server collation compares, here case-sensitive).
                var seen = new List<string>();
                var groupDatabases = new List<(string, string)>();
                foreach ((string group, string database) in grouped)
                {
                    if (!seen.Contains(database))
                    {
                        seen.Add(database);
                        groupDatabases.Add(("G" + group, database));
                    }
                }

                var databases = new List<string>();
                foreach (string database in others)
                {
                    if (!seen.Contains(database))
                    {
                        seen.Add(database);
                        databases.Add(database);
                    }
                }

                return new Job(groupStructure, structure, groupDatabases, databases);
            });

        [Test]
        public void No_folder_a_cleanup_deletes_in_holds_another_databases_backups()
        {
            int cleaned = 0;
            Property.ForAll(Jobs, Cases, job =>
            {
                var backups = new List<(string Database, string Folder)>();
                var cleanups = new List<(string Database, string Folder)>();
                foreach (string copyOnly in new[] { "N", "Y" })
                {
                    RunOutcome outcome = Run(job, copyOnly);
                    foreach (BackupResultRow row in outcome.Rows)
                    {
                        if (row.Action == "BACKUP" && row.BackupFile != null)
                        {
                            backups.AddRange(row.BackupFile.Split('\n').Select(file => (row.DatabaseName!, file.Substring(0, file.LastIndexOf('\\')))));
                        }

                        if (row.Action == "CLEANUP")
                        {
                            cleanups.Add((row.DatabaseName!, row.BackupFile!));
                        }
                    }
                }

                cleaned += cleanups.Count;
                foreach ((string database, string folder) in cleanups)
                {
                    foreach ((string other, string written) in backups)
                    {
                        Assert.That(
                            other != database && string.Equals(written, folder, StringComparison.OrdinalIgnoreCase), Is.False,
                            "The cleanup of " + database + " deletes in " + folder + ", where " + other + " writes its backups (" + written + "). " + job);
                    }
                }
            });

            Assert.That(cleaned, Is.GreaterThan(Cases / 2), "most jobs clean something, so the check is not vacuous");
        }

        private static RunOutcome Run(Job job, string copyOnly)
        {
            var groups = job.GroupDatabases.Select(d => d.Group).Distinct().Select(name => InMemory.Group().With(name: name)).ToList();
            var databases = job.GroupDatabases
                .Select(d => InMemory.AgDatabase(d.Database, true).With(availabilityGroupName: d.Group))
                .Concat(job.Databases.Select(name => InMemory.Database(name)))
                .ToList();
            var server = new ServerState(InMemory.Instance(collationIgnoresCase: false), databases, groups);
            RawBackupArguments arguments = InMemory.Arguments("ALL_DATABASES", "LOG").With(
                copyOnly: copyOnly, cleanupTime: 24, directoryStructure: job.Structure, availabilityGroupDirectoryStructure: job.GroupStructure);
            return new BackupRun(new FixedState(server), new RecordingExecutor(), new RecordingLog(), new SteppingClock(), new FakeFolders(), FakeBackupFiles.Everywhere(new DateTime(2026, 11, 24, 1, 0, 0), new DateTime(2026, 11, 24, 2, 0, 0)), new FakeLogBackupLsns()).Run(arguments);
        }
    }
}
