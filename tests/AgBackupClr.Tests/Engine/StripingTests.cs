using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>How many files a backup is written to: as asked, or as many as @MaxFileSize needs for the database's files.</summary>
    public class StripingTests
    {
        /// <summary>10 GB of data files and 1 GB of log, in 8-KB pages.</summary>
        private static readonly DatabaseFacts Sales = InMemory.Database("Sales").With(dataPages: 10L * 131072, logPages: 131072);

        [Test]
        public void The_number_of_files_asked_for_is_the_number_written()
        {
            Assert.That(Striping.NumberOfFiles(Arguments(numberOfFiles: 8), Sales, BackupType.Full, 1), Is.EqualTo(8));
        }

        [Test]
        public void Without_either_each_directory_gets_one_file()
        {
            Assert.That(Striping.NumberOfFiles(Arguments(), Sales, BackupType.Full, 2), Is.EqualTo(2));
        }

        [TestCase(BackupType.Full, 4096, 3)]
        [TestCase(BackupType.Diff, 5120, 2)]
        [TestCase(BackupType.Full, 10240, 1)]
        [TestCase(BackupType.Log, 100, 11)]
        [TestCase(BackupType.Log, 1024, 1)]
        public void A_maximum_file_size_splits_the_files_size_rounding_up(BackupType type, int maxFileSizeMb, int files)
        {
            Assert.That(Striping.NumberOfFiles(Arguments(maxFileSize: maxFileSizeMb), Sales, type, 1), Is.EqualTo(files));
        }

        [Test]
        public void Each_directory_gets_as_many_files()
        {
            // 10 GB over 3 directories is 3.34 GB each: 4 files of at most 1 GB in each, 12 in all.
            Assert.That(Striping.NumberOfFiles(Arguments(maxFileSize: 1024), Sales, BackupType.Full, 3), Is.EqualTo(12));
        }

        [Test]
        public void No_more_than_64_files_however_small_the_maximum()
        {
            Assert.That(Striping.NumberOfFiles(Arguments(maxFileSize: 1), Sales, BackupType.Full, 1), Is.EqualTo(64));
            Assert.That(Striping.NumberOfFiles(Arguments(maxFileSize: 1), Sales, BackupType.Full, 3), Is.EqualTo(63));
        }

        [Test]
        public void A_size_sql_server_does_not_show_gives_one_file_per_directory()
        {
            Assert.That(Striping.NumberOfFiles(Arguments(maxFileSize: 1), Sales.With(logPages: null), BackupType.Log, 2), Is.EqualTo(2));
        }

        private static BackupArguments Arguments(int? numberOfFiles = null, int? maxFileSize = null) =>
            BackupArgumentParser.Parse(InMemory.Arguments("Sales", "FULL").With(numberOfFiles: numberOfFiles, maxFileSize: maxFileSize)).Arguments!;
    }
}
