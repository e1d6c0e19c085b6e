using System;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// Which FULLs the chain guard may keep from: only those whose every file is in the FULL folders now, proven by this
    /// replica's msdb or by the files' own headers. Everything else in the folders proves nothing and is counted.
    /// </summary>
    public class FullBackupFinderTests
    {
        private const string Folder = @"\\share\sql\AG1\Sales\FULL";
        private static readonly DateTime Start = new DateTime(2026, 11, 24, 1, 0, 0);

        [Test]
        public void A_full_recorded_here_is_proven_by_msdb_when_its_file_is_listed_whatever_the_case_of_its_path()
        {
            var files = new FakeBackupFiles().RecordedFull(Folder, "Sales_FULL.bak", Start, Start.AddHours(1), 1000m);
            files.File(Folder.ToUpperInvariant(), "other.trn");

            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder.ToUpperInvariant() }, false, files);

            Assert.That(found.Proven.Select(f => (f.Files.Single(), f.ProvenBy, f.CheckpointLsn)),
                Is.EqualTo(new[] { (Folder.ToUpperInvariant() + @"\Sales_FULL.bak", FullBackupProof.Msdb, 1000m) }));
            Assert.That(files.HeadersRead, Is.Empty, "a file msdb accounts for needs no header read");
        }

        [Test]
        public void On_linux_a_path_that_differs_in_case_is_another_file()
        {
            const string linuxFolder = "/var/opt/mssql/backup/Sales/FULL";
            var files = new FakeBackupFiles().RecordedFull(linuxFolder, "Sales_FULL.bak", Start, Start.AddHours(1), 1000m);

            FullBackupSearch windows = FullBackupFinder.Find("Sales", new[] { linuxFolder.ToUpperInvariant() }, false, files);
            FullBackupSearch linux = FullBackupFinder.Find("Sales", new[] { linuxFolder.ToUpperInvariant() }, true, files);

            Assert.That(windows.Proven.Single().ProvenBy, Is.EqualTo(FullBackupProof.Msdb));
            Assert.That(linux.Proven, Is.Empty, "msdb recorded /var/opt/mssql/backup/..., which is not /VAR/OPT/MSSQL/BACKUP/... on Linux");
        }

        [Test]
        public void A_full_recorded_here_whose_file_is_gone_proves_nothing()
        {
            var files = new FakeBackupFiles().RecordedFull(@"D:\Elsewhere", "Sales_FULL.bak", Start, Start.AddHours(1), 1000m).File(Folder, "unrelated.bak");

            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder }, false, files);

            Assert.That(found.Proven, Is.Empty);
            Assert.That(found.Unread.Count, Is.EqualTo(1));
        }

        [Test]
        public void A_striped_full_another_replica_wrote_is_proven_only_with_every_stripe()
        {
            Guid set = Guid.NewGuid();
            Guid partial = Guid.NewGuid();
            var files = new FakeBackupFiles()
                .HeaderFull(Folder, "Sales_FULL_1.bak", "Sales", Start, Start.AddHours(1), 1000m, mediaSet: set, familyCount: 2, family: 1)
                .HeaderFull(Folder, "Sales_FULL_2.bak", "Sales", Start, Start.AddHours(1), 1000m, mediaSet: set, familyCount: 2, family: 2)
                .HeaderFull(Folder, "Sales_FULL_old_1.bak", "Sales", Start.AddDays(-7), Start.AddDays(-7).AddHours(1), 500m, mediaSet: partial, familyCount: 2, family: 1);

            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder }, false, files);

            Assert.That(found.Proven.Select(f => (f.Files.Count, f.ProvenBy, f.CheckpointLsn)), Is.EqualTo(new[] { (2, FullBackupProof.Header, 1000m) }));
            Assert.That(found.Unread.Count, Is.EqualTo(1));
            Assert.That(found.Unread.Example, Is.EqualTo(Folder + @"\Sales_FULL_old_1.bak: 1 of its media set's 2 files are in the folders"));
        }

        [TestCase("Finance", false, false, TestName = "A header of another database proves nothing")]
        [TestCase("Sales", true, false, TestName = "A snapshot header proves nothing")]
        [TestCase("Sales", false, true, TestName = "A damaged backup proves nothing")]
        public void A_header_that_is_no_restorable_full_of_the_database_proves_nothing(string database, bool snapshot, bool damaged)
        {
            var files = new FakeBackupFiles().HeaderFull(Folder, "x.bak", database, Start, Start.AddHours(1), 1000m, snapshot: snapshot, damaged: damaged);

            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder }, false, files);

            Assert.That(found.Proven, Is.Empty);
            Assert.That(found.Unread.Example, Is.EqualTo(Folder + @"\x.bak: it holds no FULL of the database that is not a snapshot or damaged"));
        }

        [Test]
        public void A_same_named_database_of_another_origin_proves_nothing_by_msdb_or_by_header()
        {
            var stranger = new Guid("0be70000-0000-4000-8000-000000000002");
            var files = new FakeBackupFiles()
                .RecordedFull(Folder, "restored_elsewhere.bak", Start, Start.AddHours(1), 1000m, familyGuid: stranger)
                .HeaderFull(Folder, "test_server.bak", "Sales", Start, Start.AddHours(1), 2000m, familyGuid: stranger)
                .HeaderFull(Folder, "ours.bak", "Sales", Start, Start.AddHours(1), 3000m);

            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder }, false, files);

            Assert.That(found.Proven.Select(f => f.CheckpointLsn), Is.EqualTo(new[] { 3000m }));
            Assert.That(found.Unread.Count, Is.EqualTo(2));
        }

        [Test]
        public void Only_bak_files_are_read_and_an_empty_or_missing_folder_reads_nothing()
        {
            var files = new FakeBackupFiles().File(Folder, "Sales_LOG.trn").File(Folder, "readme.txt");

            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder, @"\\share\sql\missing" }, false, files);

            Assert.That((found.Proven.Count, found.Unread.Count, found.Outcome.Succeeded), Is.EqualTo((0, 0, true)));
            Assert.That(files.HeadersRead, Is.Empty);
        }

        [Test]
        public void A_folder_that_cannot_be_listed_fails_the_search()
        {
            FullBackupSearch found = FullBackupFinder.Find("Sales", new[] { Folder }, false, new FakeBackupFiles(failWith: 229));

            Assert.That((found.Outcome.ErrorNumber, found.Proven.Count), Is.EqualTo(((int?)229, 0)));
        }
    }
}
