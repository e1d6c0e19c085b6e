using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.TSql;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// SQL Server's culture is not the caller's: keywords, backup types, numbers and timestamps read and write the
    /// same whatever culture the process runs in (Turkish dotted I, Thai Buddhist calendar).
    /// </summary>
    public class CultureTests
    {
        [Test]
        [SetCulture("tr-TR")]
        public void Lowercase_keywords_and_backup_types_are_read_the_same_in_turkish()
        {
            Selection selection = DatabaseSelection.Select("availability_group_databases", InMemory.State().Databases, System.StringComparison.OrdinalIgnoreCase);

            Assert.That(selection.Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { "Sales" }));
            Assert.That(BackupArgumentParser.ParseBackupType("diff"), Is.EqualTo(BackupType.Diff));
        }

        [Test]
        [SetCulture("th-TH")]
        public void File_name_timestamps_use_the_gregorian_calendar_whatever_the_culture()
        {
            var values = new FileNameValues("SQL1", null, "AG1", "Sales", BackupType.Log, false, new System.DateTime(2026, 11, 26, 1, 2, 3, 4, System.DateTimeKind.Utc));

            BackupPath path = BackupFileName.Build("/var/opt/mssql/backup", BackupFileName.DefaultAvailabilityGroupTemplate, "@AvailabilityGroupFileName", values);

            Assert.That(path.Path, Is.EqualTo("/var/opt/mssql/backup/AG1_Sales_LOG_20261126_010203_004.trn"));
        }

        [Test]
        [SetCulture("ar-SA")]
        public void Numbers_in_commands_and_reasons_are_written_with_invariant_digits()
        {
            string command = BackupCommand.Build(new BackupCommandOptions("Sales", BackupType.Full, true, new[] { "NUL" }, true, null, 10));

            Assert.That(command, Is.EqualTo("BACKUP DATABASE [Sales] TO DISK = N'NUL' WITH COPY_ONLY, CHECKSUM, STATS = 10;"));
        }
    }
}
