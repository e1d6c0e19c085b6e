using System;
using System.Text;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using AgBackupClr.TSql;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>Backup file paths from a template: tokens, unsafe characters, limits, and the same path from every replica.</summary>
    public class BackupFileNameTests
    {
        private const string Share = @"\\backupshare\sql";

        private const string InvalidFileNameCharacters = "\\/:*?\"<>|";

        private static readonly DateTime StartedAt = new DateTime(2025, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

        private static FileNameValues Values(
            string databaseName = "Sales",
            BackupType type = BackupType.Log,
            bool copyOnly = false,
            string serverName = "SQL1",
            string? instanceName = null,
            string? groupName = "AG1") =>
            new FileNameValues(serverName, instanceName, groupName, databaseName, type, copyOnly, StartedAt);

        [Test]
        public void The_availability_group_template_names_group_database_type_and_time()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, Values());

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_LOG_20250102_030405_678.trn"));
            Assert.That(path.Error, Is.Null);
        }

        [Test]
        public void A_copy_only_full_backup_is_marked_in_its_name_and_ends_in_bak()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, Values(type: BackupType.Full, copyOnly: true));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_FULL_COPY_ONLY_20250102_030405_678.bak"));
        }

        [Test]
        public void A_differential_backup_ends_in_dif()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, Values(type: BackupType.Diff));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_DIFF_20250102_030405_678.dif"));
        }

        [Test]
        public void The_template_for_databases_outside_availability_groups_names_server_and_default_instance()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultTemplate, Values(type: BackupType.Full, groupName: null));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\SQL1$MSSQLSERVER_Sales_FULL_20250102_030405_678.bak"));
        }

        [Test]
        public void The_availability_group_template_gives_the_same_path_on_every_replica()
        {
            BackupPath fromPrimary = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, Values(serverName: "SQL1"));
            BackupPath fromSecondary = BackupFileName.Build(
                Share, BackupFileName.DefaultAvailabilityGroupTemplate, Values(serverName: @"SQL2\BLUE", instanceName: "BLUE"));

            Assert.That(fromSecondary.Path, Is.EqualTo(fromPrimary.Path));
        }

        [Test]
        public void Characters_that_no_file_system_accepts_become_underscores()
        {
            BackupPath path = BackupFileName.Build(
                Share, "{DatabaseName}.{FileExtension}", Values(databaseName: "a\\b/c:d*e?f\"g<h>i|j\tk\nl.m n"));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\a_b_c_d_e_f_g_h_i_j_k_l.m n.trn"));
        }

        [Test]
        public void A_linux_directory_gets_a_forward_slash()
        {
            BackupPath path = BackupFileName.Build("/var/opt/mssql/backup/", BackupFileName.DefaultAvailabilityGroupTemplate, Values());

            Assert.That(path.Path, Is.EqualTo("/var/opt/mssql/backup/AG1_Sales_LOG_20250102_030405_678.trn"));
        }

        [Test]
        public void Trailing_separators_of_the_directory_are_not_repeated()
        {
            BackupPath path = BackupFileName.Build(@"D:\Backup\\", BackupFileName.DefaultAvailabilityGroupTemplate, Values());

            Assert.That(path.Path, Is.EqualTo(@"D:\Backup\AG1_Sales_LOG_20250102_030405_678.trn"));
        }

        [TestCase("NUL")]
        [TestCase("nul")]
        public void The_null_device_stays_the_null_device(string directory)
        {
            BackupPath path = BackupFileName.Build(directory, BackupFileName.DefaultAvailabilityGroupTemplate, Values());

            Assert.That(path.Path, Is.EqualTo("NUL"));
        }

        [Test]
        public void A_file_name_of_255_characters_is_accepted()
        {
            BackupPath path = BackupFileName.Build("D:", "{DatabaseName}.{FileExtension}", Values(databaseName: new string('d', 251)));

            Assert.That(path.Path, Is.EqualTo("D:\\" + new string('d', 251) + ".trn"));
        }

        [Test]
        public void A_file_name_of_256_characters_is_refused_not_truncated()
        {
            BackupPath path = BackupFileName.Build("D:", "{DatabaseName}.{FileExtension}", Values(databaseName: new string('d', 252)));

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Is.EqualTo(
                "The backup file name would be 256 characters long; file systems allow 255. Shorten the file-name template."));
        }

        [Test]
        public void A_linux_file_name_longer_than_255_bytes_of_utf8_is_refused()
        {
            // ext4 and XFS limit a file name to 255 bytes of UTF-8, not 255 characters: 100 CJK characters take 300 bytes.
            BackupPath path = BackupFileName.Build(
                "/var/opt/mssql/backup", "{DatabaseName}.{FileExtension}", Values(databaseName: new string('\u6F22', 100)));

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Is.EqualTo(
                "The backup file name would be 304 bytes of UTF-8; Linux file systems allow 255. Shorten the file-name template."));
        }

        [TestCase("ab", "/var/opt/mssql/backup/")]
        [TestCase("abc", null)]
        public void A_linux_file_name_of_255_bytes_of_utf8_is_accepted_and_of_256_refused(string suffix, string? expectedDirectory)
        {
            string databaseName = new string('\u6F22', 83) + suffix;

            BackupPath path = BackupFileName.Build("/var/opt/mssql/backup", "{DatabaseName}.{FileExtension}", Values(databaseName: databaseName));

            Assert.That(path.Path, Is.EqualTo(expectedDirectory == null ? null : expectedDirectory + databaseName + ".trn"));
        }

        [Test]
        public void A_windows_file_name_is_measured_in_characters_not_bytes()
        {
            string databaseName = new string('\u6F22', 100);

            BackupPath path = BackupFileName.Build(@"D:\Backup", "{DatabaseName}.{FileExtension}", Values(databaseName: databaseName));

            Assert.That(path.Path, Is.EqualTo(@"D:\Backup\" + databaseName + ".trn"));
        }

        [Test]
        public void A_path_of_260_characters_is_accepted()
        {
            BackupPath path = BackupFileName.Build(@"D:\b", "{DatabaseName}.{FileExtension}", Values(databaseName: new string('d', 251)));

            Assert.That(path.Path, Has.Length.EqualTo(260));
        }

        [Test]
        public void A_path_of_261_characters_is_refused_not_truncated()
        {
            BackupPath path = BackupFileName.Build(@"D:\bk", "{DatabaseName}.{FileExtension}", Values(databaseName: new string('d', 251)));

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Is.EqualTo(
                "The backup path would be 261 characters long; SQL Server records at most 260 (msdb.dbo.backupmediafamily.physical_device_name). Use a shorter @Directory or file-name template."));
        }

        [Test]
        public void The_default_templates_are_valid()
        {
            Assert.That(BackupFileName.CheckTemplate(BackupFileName.DefaultTemplate, "@FileNameTemplate"), Is.Null);
            Assert.That(BackupFileName.CheckTemplate(BackupFileName.DefaultAvailabilityGroupTemplate, "@FileNameTemplate"), Is.Null);
        }

        [TestCase("{DatabaseName}_{Date}.bak")]
        [TestCase("{DatabaseName}_{databasename}.bak")]
        [TestCase("{DatabaseName}}.bak")]
        [TestCase("{{DatabaseName}.bak")]
        public void A_template_with_an_unknown_token_or_a_stray_brace_is_refused(string template)
        {
            Assert.That(BackupFileName.CheckTemplate(template, "@FileNameTemplate"), Is.EqualTo(
                "@FileNameTemplate has an unknown token or a stray brace; the tokens are {ServerName}, {InstanceName}, {AvailabilityGroupName}, {DatabaseName}, {BackupType}, {CopyOnly}, {Timestamp}, {FileExtension}."));
        }

        [Test]
        public void A_template_without_the_database_name_is_refused()
        {
            Assert.That(BackupFileName.CheckTemplate("{AvailabilityGroupName}_{Timestamp}.{FileExtension}", "@FileNameTemplate"), Is.EqualTo(
                "@FileNameTemplate must contain {DatabaseName}, or every database would write to the same file."));
        }

        [TestCase("{DatabaseName}\\{Timestamp}.bak")]
        [TestCase("..\\{DatabaseName}.bak")]
        [TestCase("{DatabaseName}:x.bak")]
        [TestCase("{DatabaseName}\t.bak")]
        public void A_template_with_a_character_that_is_not_allowed_in_a_file_name_is_refused(string template)
        {
            Assert.That(BackupFileName.CheckTemplate(template, "@FileNameTemplate"), Is.EqualTo(
                "@FileNameTemplate may contain only a file name: none of \\ / : * ? \" < > | or control characters outside its tokens."));
        }

        [Test]
        public void Any_names_give_the_intended_path_or_an_error_never_a_truncated_path_and_the_same_on_every_replica()
        {
            Gen<string> directory = Gen.OneOfConst(
                Share, Share + "\\", "/var/opt/mssql/backup", "/var/opt/mssql/backup/", @"D:\Backup", @"D:\" + new string('x', 150));
            Property.ForAll(
                Gen.Select(
                    directory,
                    HostileText.DatabaseName,
                    HostileText.DatabaseName,
                    Gen.OneOfConst(BackupType.Full, BackupType.Diff, BackupType.Log),
                    Gen.Bool,
                    HostileText.DatabaseName,
                    Gen.Null(HostileText.DatabaseName)),
                10_000,
                drawn =>
                {
                    (string dir, string databaseName, string groupName, BackupType type, bool copyOnly, string otherServer, string? otherInstance) = drawn;
                    FileNameValues values = Values(databaseName, type, copyOnly, groupName: groupName);
                    BackupPath path = BackupFileName.Build(dir, BackupFileName.DefaultAvailabilityGroupTemplate, values);

                    string fileName = Clean(groupName) + "_" + Clean(databaseName) + "_" + SqlNames.Of(type) + (copyOnly ? "_COPY_ONLY" : string.Empty)
                        + "_20250102_030405_678." + (type == BackupType.Log ? "trn" : type == BackupType.Diff ? "dif" : "bak");
                    char separator = dir.StartsWith("/", StringComparison.Ordinal) ? '/' : '\\';
                    string intended = dir.TrimEnd('\\', '/') + separator + fileName;
                    if (fileName.Length > 255)
                    {
                        Assert.That(path.Path, Is.Null);
                        Assert.That(path.Error, Does.StartWith("The backup file name would be " + fileName.Length + " characters long;"));
                    }
                    else if (separator == '/' && Encoding.UTF8.GetByteCount(fileName) > 255)
                    {
                        Assert.That(path.Path, Is.Null);
                        Assert.That(path.Error, Does.StartWith("The backup file name would be " + Encoding.UTF8.GetByteCount(fileName) + " bytes of UTF-8;"));
                    }
                    else if (intended.Length > 260)
                    {
                        Assert.That(path.Path, Is.Null);
                        Assert.That(path.Error, Does.StartWith("The backup path would be " + intended.Length + " characters long;"));
                    }
                    else
                    {
                        Assert.That(path.Path, Is.EqualTo(intended));
                        Assert.That(path.Error, Is.Null);
                    }

                    BackupPath fromOtherReplica = BackupFileName.Build(
                        dir, BackupFileName.DefaultAvailabilityGroupTemplate, values with { ServerName = otherServer, InstanceName = otherInstance });
                    Assert.That(fromOtherReplica, Is.EqualTo(path));
                });
        }

        private static string Clean(string name)
        {
            char[] clean = name.ToCharArray();
            for (int i = 0; i < clean.Length; i++)
            {
                if (char.IsControl(clean[i]) || InvalidFileNameCharacters.IndexOf(clean[i]) >= 0)
                {
                    clean[i] = '_';
                }
            }

            return new string(clean);
        }
    }
}
