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

        private const string Parameter = "@FileName";

        private const string GroupParameter = "@AvailabilityGroupFileName";

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
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values());

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_LOG_20250102_030405_678.trn"));
            Assert.That(path.Error, Is.Null);
        }

        [Test]
        public void A_backup_striped_over_four_files_numbers_each_in_the_default_template()
        {
            BackupFiles files = BackupFileName.BuildFiles(new[] { Share }, string.Empty, "@DirectoryStructure", BackupFileName.DefaultStripedAvailabilityGroupTemplate, GroupParameter, Values(), 4);

            Assert.That(files.Paths, Is.EqualTo(new[]
            {
                @"\\backupshare\sql\AG1_Sales_LOG_20250102_030405_678_1.trn",
                @"\\backupshare\sql\AG1_Sales_LOG_20250102_030405_678_2.trn",
                @"\\backupshare\sql\AG1_Sales_LOG_20250102_030405_678_3.trn",
                @"\\backupshare\sql\AG1_Sales_LOG_20250102_030405_678_4.trn",
            }));
        }

        [Test]
        public void From_ten_files_on_the_file_number_has_two_digits_so_the_names_sort()
        {
            BackupFiles files = BackupFileName.BuildFiles(new[] { "D:" }, string.Empty, "@DirectoryStructure", "{DatabaseName}_{FileNumber}.{FileExtension}", Parameter, Values(), 12);

            Assert.That(files.Paths![0], Is.EqualTo(@"D:\Sales_01.trn"));
            Assert.That(files.Paths[11], Is.EqualTo(@"D:\Sales_12.trn"));
        }

        [Test]
        public void One_file_is_number_1()
        {
            BackupPath path = BackupFileName.Build("D:", "{DatabaseName}_{FileNumber}.{FileExtension}", Parameter, Values());

            Assert.That(path.Path, Is.EqualTo(@"D:\Sales_1.trn"));
        }

        [Test]
        public void The_files_are_spread_evenly_over_the_directories_in_order()
        {
            BackupFiles files = BackupFileName.BuildFiles(new[] { "D:", "E:" }, string.Empty, "@DirectoryStructure", "{DatabaseName}_{FileNumber}.{FileExtension}", Parameter, Values(), 4);

            Assert.That(files.Paths, Is.EqualTo(new[] { @"D:\Sales_1.trn", @"D:\Sales_2.trn", @"E:\Sales_3.trn", @"E:\Sales_4.trn" }));
        }

        [Test]
        public void Striping_to_nul_writes_every_file_to_nul()
        {
            BackupFiles files = BackupFileName.BuildFiles(new[] { "NUL" }, string.Empty, "@DirectoryStructure", BackupFileName.DefaultStripedTemplate, Parameter, Values(), 3);

            Assert.That(files.Paths, Is.EqualTo(new[] { "NUL", "NUL", "NUL" }));
        }

        [Test]
        public void One_file_too_long_refuses_the_whole_backup()
        {
            BackupFiles files = BackupFileName.BuildFiles(new[] { "D:" }, string.Empty, "@DirectoryStructure", "{DatabaseName}_{FileNumber}.{FileExtension}", Parameter, Values(databaseName: new string('d', 249)), 10);

            Assert.That(files, Is.EqualTo(new BackupFiles(null, "The backup file name would be 256 characters long; file systems allow 255. Shorten the file-name template.")).UsingPropertiesComparer());
        }

        [Test]
        public void A_file_at_a_url_is_percent_encoded_so_the_blob_is_named_as_the_file_on_disk()
        {
            BackupPath onDisk = BackupFileName.Build(Share, "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: "Sales é#?."));
            BackupPath atUrl = BackupFileName.Build("https://acct.blob.core.windows.net/sql/", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: "Sales é#?."));

            Assert.That(onDisk.Path, Is.EqualTo(@"\\backupshare\sql\Sales é#%3F%2E.trn"));
            Assert.That(atUrl.Path, Is.EqualTo("https://acct.blob.core.windows.net/sql/Sales%20%C3%A9%23%253F%252E.trn"));
            Assert.That(Uri.UnescapeDataString(atUrl.Path!.Substring(atUrl.Path.LastIndexOf('/') + 1)), Is.EqualTo("Sales é#%3F%2E.trn"));
        }

        [Test]
        public void An_s3_url_longer_than_259_characters_is_refused()
        {
            string bucket = "s3://minio/" + new string('b', 230);

            BackupPath path = BackupFileName.Build(bucket, "{DatabaseName}_{Timestamp}.{FileExtension}", Parameter, Values());

            Assert.That(path, Is.EqualTo(new BackupPath(null, "The backup URL would be 271 characters long; S3-compatible storage takes at most 259. Use a shorter @URL or file-name template.")).UsingPropertiesComparer());
        }

        [Test]
        public void The_default_structure_for_availability_group_databases_names_no_server_so_every_replica_writes_to_one_folder()
        {
            BackupPath fromSql1 = BackupFileName.BuildFolder(Share, BackupFileName.DefaultAvailabilityGroupDirectoryStructure, "@AvailabilityGroupDirectoryStructure", Values(serverName: "SQL1"));
            BackupPath fromSql2 = BackupFileName.BuildFolder(Share, BackupFileName.DefaultAvailabilityGroupDirectoryStructure, "@AvailabilityGroupDirectoryStructure", Values(serverName: "SQL2"));

            Assert.That(fromSql1.Path, Is.EqualTo(@"\\backupshare\sql\AG1\Sales\LOG"));
            Assert.That(fromSql2.Path, Is.EqualTo(fromSql1.Path));
        }

        [Test]
        public void The_default_structure_outside_groups_names_server_instance_database_and_type_and_a_token_left_empty_makes_no_folder()
        {
            BackupPath copyOnly = BackupFileName.BuildFolder("/var/opt/mssql/backup/", BackupFileName.DefaultDirectoryStructure, "@DirectoryStructure", Values(type: BackupType.Full, copyOnly: true, groupName: null));
            BackupPath empty = BackupFileName.BuildFolder(Share, "{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}", "@DirectoryStructure", Values(groupName: null));

            Assert.That(copyOnly.Path, Is.EqualTo("/var/opt/mssql/backup/SQL1$MSSQLSERVER/Sales/FULL_COPY_ONLY"));
            Assert.That(empty.Path, Is.EqualTo(@"\\backupshare\sql\Sales"));
        }

        [Test]
        public void A_folder_from_a_name_is_escaped_like_a_file_name_and_at_a_url_percent_encoded()
        {
            BackupPath onDisk = BackupFileName.BuildFolder(Share, "{DatabaseName}", "@DirectoryStructure", Values(databaseName: "CON"));
            BackupPath atUrl = BackupFileName.BuildFolder("s3://minio/sql", "{DatabaseName}{DirectorySeparator}{BackupType}", "@DirectoryStructure", Values(databaseName: "Sales ."));

            Assert.That(onDisk.Path, Is.EqualTo(@"\\backupshare\sql\CO%4E"));
            Assert.That(atUrl.Path, Is.EqualTo("s3://minio/sql/Sales%2520%252E/LOG"));
        }

        [Test]
        public void An_empty_structure_writes_into_the_directory_itself()
        {
            Assert.That(BackupFileName.BuildFolder(Share, string.Empty, "@DirectoryStructure", Values()).Path, Is.EqualTo(Share));
        }

        [TestCase("{DatabaseName}\\{BackupType}", "@DirectoryStructure may contain only folder names and {DirectorySeparator}: none of \\ / : * ? \" < > | or control characters outside its tokens.")]
        [TestCase("{DatabaseName}{DirectorySeparator}NUL", "@DirectoryStructure gives the file name 'NUL', which Windows opens as the device NUL, so the backup would write nothing; change the text before its first dot.")]
        [TestCase("{Database}", "@DirectoryStructure has {Database} at character 1, which is not a token; the tokens are {ServerName}, {InstanceName}, {AvailabilityGroupName}, {DatabaseName}, {BackupType}, {CopyOnly}, {Timestamp}, {FileExtension}, {FileNumber}, {DirectorySeparator}, and braces may appear only in them.")]
        public void A_structure_that_cannot_make_folders_is_refused(string structure, string message)
        {
            Assert.That(BackupFileName.CheckStructure(structure, "@DirectoryStructure"), Is.EqualTo(message));
        }

        [Test]
        public void The_directory_separator_is_no_token_of_a_file_name()
        {
            Assert.That(BackupFileName.CheckTemplate("{DatabaseName}{DirectorySeparator}{BackupType}.bak", "@FileName"), Does.StartWith(
                "@FileName has {DirectorySeparator} at character 15, which is not a token;"));
        }

        [Test]
        public void Striped_files_list_each_folder_they_need_once()
        {
            BackupFiles files = BackupFileName.BuildFiles(new[] { "D:", "E:" }, "{DatabaseName}", "@DirectoryStructure", "{DatabaseName}_{FileNumber}.bak", Parameter, Values(), 4);

            Assert.That(files.Folders, Is.EqualTo(new[] { @"D:\Sales", @"E:\Sales" }));
            Assert.That(files.Paths![3], Is.EqualTo(@"E:\Sales\Sales_4.bak"));
        }

        [Test]
        public void A_copy_only_full_backup_is_marked_in_its_name_and_ends_in_bak()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values(type: BackupType.Full, copyOnly: true));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_FULL_COPY_ONLY_20250102_030405_678.bak"));
        }

        [Test]
        public void A_differential_backup_ends_in_dif()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values(type: BackupType.Diff));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_DIFF_20250102_030405_678.dif"));
        }

        [Test]
        public void The_template_for_databases_outside_availability_groups_names_server_and_default_instance()
        {
            BackupPath path = BackupFileName.Build(Share, BackupFileName.DefaultTemplate, Parameter, Values(type: BackupType.Full, groupName: null));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\SQL1$MSSQLSERVER_Sales_FULL_20250102_030405_678.bak"));
        }

        [Test]
        public void The_availability_group_template_gives_the_same_path_on_every_replica()
        {
            BackupPath fromPrimary = BackupFileName.Build(Share, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values(serverName: "SQL1"));
            BackupPath fromSecondary = BackupFileName.Build(
                Share, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values(serverName: @"SQL2\BLUE", instanceName: "BLUE"));

            Assert.That(fromSecondary.Path, Is.EqualTo(fromPrimary.Path));
        }

        [Test]
        public void Characters_that_no_file_system_accepts_are_written_as_percent_and_hex()
        {
            BackupPath path = BackupFileName.Build(
                Share, "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: "a\\b/c:d*e?f\"g<h>i|j\tk\nl.m n"));

            Assert.That(path.Path, Is.EqualTo(@"\\backupshare\sql\a%5Cb%2Fc%3Ad%2Ae%3Ff%22g%3Ch%3Ei%7Cj%09k%0Al.m n.trn"));
        }

        [TestCase("Sales", "Sales")]
        [TestCase("100%", "100%25")]
        [TestCase("Sales%2E", "Sales%252E")]
        [TestCase("Sales.", "Sales%2E")]
        [TestCase("Sales ", "Sales%20")]
        [TestCase("Sales. .", "Sales%2E%20%2E")]
        [TestCase("Sales.2025 x", "Sales.2025 x")]
        [TestCase("...", "%2E%2E%2E")]
        [TestCase("", "")]
        public void A_percent_and_trailing_dots_and_spaces_are_written_as_percent_and_hex(string name, string expected)
        {
            Assert.That(BackupFileName.Escape(name), Is.EqualTo(expected));
        }

        [TestCase("CON", "CO%4E")]
        [TestCase("con", "co%6E")]
        [TestCase("Prn", "Pr%6E")]
        [TestCase("AUX", "AU%58")]
        [TestCase("NUL", "NU%4C")]
        [TestCase("COM1", "COM%31")]
        [TestCase("lpt9", "lpt%39")]
        [TestCase("COM\u00B9", "COM%B9")]
        [TestCase("LPT\u00B3", "LPT%B3")]
        [TestCase("CON.txt", "CO%4E.txt")]
        [TestCase("con.tar.gz", "co%6E.tar.gz")]
        [TestCase("CON .x", "CO%4E .x")]
        [TestCase("CON.", "CO%4E%2E")]
        [TestCase("CON ", "CO%4E%20")]
        public void A_name_windows_reads_as_a_device_has_its_last_device_character_written_as_percent_and_hex(string name, string expected)
        {
            Assert.That(BackupFileName.Escape(name), Is.EqualTo(expected));
        }

        [TestCase("CONSOLE")]
        [TestCase("COM10")]
        [TestCase("COM0")]
        [TestCase("LPT")]
        [TestCase("xCON")]
        [TestCase("NUL_x")]
        [TestCase("COM\u2074")]
        public void A_name_that_only_looks_like_a_device_is_kept(string name)
        {
            Assert.That(BackupFileName.Escape(name), Is.EqualTo(name));
        }

        [TestCase("CON", @"\\backupshare\sql\CO%4E.bak")]
        [TestCase("COM1", @"\\backupshare\sql\COM%31.bak")]
        [TestCase("LPT9", @"\\backupshare\sql\LPT%39.bak")]
        [TestCase("COM\u00B9", @"\\backupshare\sql\COM%B9.bak")]
        [TestCase("con.txt", @"\\backupshare\sql\co%6E.txt.bak")]
        [TestCase("Sales.", @"\\backupshare\sql\Sales%2E.bak")]
        [TestCase("Sales ", @"\\backupshare\sql\Sales%20.bak")]
        public void A_database_whose_name_is_a_device_or_ends_in_a_dot_or_space_gets_a_file_of_its_own(string databaseName, string expected)
        {
            BackupPath path = BackupFileName.Build(Share, "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: databaseName, type: BackupType.Full));

            Assert.That(path.Path, Is.EqualTo(expected));
        }

        [Test]
        public void Databases_that_differ_only_in_a_trailing_dot_or_space_write_different_files()
        {
            string[] names = { "Sales", "Sales.", "Sales ", "Sales. ", "Sales%2E", "Sales_" };

            string?[] paths = Array.ConvertAll(names, n => BackupFileName.Build(Share, "{Timestamp}_{DatabaseName}", Parameter, Values(databaseName: n)).Path);

            Assert.That(paths, Is.Unique.And.None.Null);
        }

        [TestCase("NUL.{DatabaseName}.{FileExtension}", "NUL")]
        [TestCase("con.{DatabaseName}", "CON")]
        [TestCase("COM1 .{DatabaseName}", "COM1")]
        [TestCase("lpt\u00B2.{DatabaseName}", "LPT\u00B2")]
        public void A_template_whose_own_text_names_a_device_is_refused(string template, string device)
        {
            Assert.That(BackupFileName.CheckTemplate(template, "@FileName"), Is.EqualTo(
                "@FileName gives the file name '" + template + "', which Windows opens as the device " + device
                + ", so the backup would write nothing; change the text before its first dot."));
        }

        [Test]
        public void A_template_whose_text_completes_a_device_name_with_the_database_name_is_refused_when_built()
        {
            BackupPath path = BackupFileName.Build(Share, "NU{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: "L", type: BackupType.Full));

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Is.EqualTo(
                "@FileName gives the file name 'NUL.bak', which Windows opens as the device NUL, so the backup would write nothing; change the text before its first dot."));
        }

        [TestCase("{DatabaseName}.bak.")]
        [TestCase("{DatabaseName} ")]
        public void A_template_that_ends_in_a_dot_or_space_is_refused(string template)
        {
            Assert.That(BackupFileName.CheckTemplate(template, "@AvailabilityGroupFileName"), Is.EqualTo(
                "@AvailabilityGroupFileName gives the file name '" + template + "', which ends in a dot or space that Windows drops, so the backup "
                + "would go to another file than the one recorded; end @AvailabilityGroupFileName with other text, such as .{FileExtension}."));
        }

        [TestCase(false, null, "@FileName gives the file name 'Sales.', which ends in a dot or space that Windows drops, so the backup would go to another file than the one recorded; end @FileName with other text, such as .{FileExtension}.")]
        [TestCase(true, @"\\backupshare\sql\Sales._COPY_ONLY", null)]
        public void A_template_that_ends_in_a_dot_only_when_a_token_is_empty_is_refused_when_built(bool copyOnly, string? expectedPath, string? expectedError)
        {
            BackupPath path = BackupFileName.Build(Share, "{DatabaseName}.{CopyOnly}", Parameter, Values(copyOnly: copyOnly));

            Assert.That(path, Is.EqualTo(new BackupPath(expectedPath, expectedError)).UsingPropertiesComparer());
        }

        [Test]
        public void A_linux_directory_gets_a_forward_slash()
        {
            BackupPath path = BackupFileName.Build("/var/opt/mssql/backup/", BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values());

            Assert.That(path.Path, Is.EqualTo("/var/opt/mssql/backup/AG1_Sales_LOG_20250102_030405_678.trn"));
        }

        [Test]
        public void Trailing_separators_of_the_directory_are_not_repeated()
        {
            BackupPath path = BackupFileName.Build(@"D:\Backup\\", BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values());

            Assert.That(path.Path, Is.EqualTo(@"D:\Backup\AG1_Sales_LOG_20250102_030405_678.trn"));
        }

        [TestCase("NUL")]
        [TestCase("nul")]
        public void The_null_device_stays_the_null_device(string directory)
        {
            BackupPath path = BackupFileName.Build(directory, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values());

            Assert.That(path.Path, Is.EqualTo("NUL"));
        }

        [Test]
        public void Nul_in_lower_case_makes_no_folder_to_create()
        {
            BackupFiles files = BackupFileName.BuildFiles(
                new[] { "nul" }, BackupFileName.DefaultAvailabilityGroupDirectoryStructure, "@AvailabilityGroupDirectoryStructure",
                BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values(), 1);

            Assert.That(files.Paths, Is.EqualTo(new[] { "NUL" }));
            Assert.That(files.Folders, Is.Empty);
        }

        [TestCase(@"D://Backup", @"D://Backup\AG1\Sales+\LOG\AG1_Sales+_LOG_20250102_030405_678.trn")]
        [TestCase(@"\\share\x://y", @"\\share\x://y\AG1\Sales+\LOG\AG1_Sales+_LOG_20250102_030405_678.trn")]
        public void Only_a_url_scheme_backup_takes_makes_a_url(string directory, string expected)
        {
            BackupFiles files = BackupFileName.BuildFiles(
                new[] { directory }, BackupFileName.DefaultAvailabilityGroupDirectoryStructure, "@AvailabilityGroupDirectoryStructure",
                BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, Values(databaseName: "Sales+"), 1);

            Assert.That(files.Paths, Is.EqualTo(new[] { expected }));
        }

        [Test]
        public void On_linux_a_folder_name_over_255_bytes_of_utf8_is_refused_though_it_has_86_characters()
        {
            // 86 x U+200B: 86 UTF-16 units, 258 bytes of UTF-8, more than ext4 and XFS take in one name.
            FileNameValues values = Values(databaseName: new string('\u200B', 86));

            BackupPath linux = BackupFileName.BuildFolder("/var/opt/mssql/backup", "{DatabaseName}", "@DirectoryStructure", values, isLinux: true);
            BackupPath windows = BackupFileName.BuildFolder(@"D:\Backup", "{DatabaseName}", "@DirectoryStructure", values);

            Assert.That(linux.Path, Is.Null);
            Assert.That(linux.Error, Is.EqualTo("The folder name '" + values.DatabaseName + "' would be 258 bytes of UTF-8; Linux file systems allow 255. Shorten @DirectoryStructure."));
            Assert.That(windows.Path, Is.EqualTo(@"D:\Backup\" + values.DatabaseName), "NTFS counts UTF-16 units");
        }

        [Test]
        public void On_linux_a_windows_style_path_still_counts_bytes()
        {
            // SQL Server on Linux also takes C:\ paths; the platform, not the path's look, decides how a name is counted.
            BackupFiles files = BackupFileName.BuildFiles(
                new[] { @"C:\Backup" }, string.Empty, "@DirectoryStructure", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: new string('\u200B', 84)), 1, isLinux: true);

            Assert.That(files.Paths, Is.Null);
            Assert.That(files.Error, Is.EqualTo("The backup file name would be 256 bytes of UTF-8; Linux file systems allow 255. Shorten the file-name template."));
        }

        [Test]
        public void A_file_name_of_255_characters_is_accepted()
        {
            BackupPath path = BackupFileName.Build("D:", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: new string('d', 251)));

            Assert.That(path.Path, Is.EqualTo("D:\\" + new string('d', 251) + ".trn"));
        }

        [Test]
        public void A_file_name_of_256_characters_is_refused_not_truncated()
        {
            BackupPath path = BackupFileName.Build("D:", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: new string('d', 252)));

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Is.EqualTo(
                "The backup file name would be 256 characters long; file systems allow 255. Shorten the file-name template."));
        }

        [Test]
        public void A_linux_file_name_longer_than_255_bytes_of_utf8_is_refused()
        {
            // ext4 and XFS limit a file name to 255 bytes of UTF-8, not 255 characters: 100 CJK characters take 300 bytes.
            BackupPath path = BackupFileName.Build(
                "/var/opt/mssql/backup", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: new string('\u6F22', 100)));

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Is.EqualTo(
                "The backup file name would be 304 bytes of UTF-8; Linux file systems allow 255. Shorten the file-name template."));
        }

        [TestCase("ab", "/var/opt/mssql/backup/")]
        [TestCase("abc", null)]
        public void A_linux_file_name_of_255_bytes_of_utf8_is_accepted_and_of_256_refused(string suffix, string? expectedDirectory)
        {
            string databaseName = new string('\u6F22', 83) + suffix;

            BackupPath path = BackupFileName.Build("/var/opt/mssql/backup", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: databaseName));

            Assert.That(path.Path, Is.EqualTo(expectedDirectory == null ? null : expectedDirectory + databaseName + ".trn"));
        }

        [Test]
        public void A_windows_file_name_is_measured_in_characters_not_bytes()
        {
            string databaseName = new string('\u6F22', 100);

            BackupPath path = BackupFileName.Build(@"D:\Backup", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: databaseName));

            Assert.That(path.Path, Is.EqualTo(@"D:\Backup\" + databaseName + ".trn"));
        }

        [Test]
        public void A_path_of_260_characters_is_accepted()
        {
            BackupPath path = BackupFileName.Build(@"D:\b", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: new string('d', 251)));

            Assert.That(path.Path, Has.Length.EqualTo(260));
        }

        [Test]
        public void A_path_of_261_characters_is_refused_not_truncated()
        {
            BackupPath path = BackupFileName.Build(@"D:\bk", "{DatabaseName}.{FileExtension}", Parameter, Values(databaseName: new string('d', 251)));

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

        [TestCase("{DatabaseName}_{Date}.bak", "has {Date} at character 16, which is not a token")]
        [TestCase("{DatabaseName}_{databasename}.bak", "has {databasename} at character 16, which is not a token")]
        [TestCase("{Copy{DatabaseName}Only}.bak", "has {Copy{DatabaseName} at character 1, which is not a token")]
        [TestCase("{{DatabaseName}.bak", "has {{DatabaseName} at character 1, which is not a token")]
        [TestCase("{DatabaseName}}.bak", "has a } at character 15 that closes no token")]
        [TestCase("}{DatabaseName}.bak", "has a } at character 1 that closes no token")]
        [TestCase("{DatabaseName}.bak{", "has a { at character 19 that no } closes")]
        [TestCase("{DatabaseName}_{BackupType.bak", "has a { at character 16 that no } closes")]
        public void A_brace_that_is_not_part_of_a_token_is_refused_with_its_position(string template, string problem)
        {
            Assert.That(BackupFileName.CheckTemplate(template, "@FileName"), Is.EqualTo(
                "@FileName " + problem + "; the tokens are {ServerName}, {InstanceName}, {AvailabilityGroupName}, {DatabaseName}, {BackupType}, {CopyOnly}, {Timestamp}, {FileExtension}, {FileNumber}, and braces may appear only in them."));
        }

        [Test]
        public void Build_refuses_a_template_with_a_stray_brace_naming_the_parameter()
        {
            BackupPath path = BackupFileName.Build(Share, "{DatabaseName}}.{FileExtension}", GroupParameter, Values());

            Assert.That(path.Path, Is.Null);
            Assert.That(path.Error, Does.StartWith("@AvailabilityGroupFileName has a } at character 15 that closes no token;"));
        }

        [TestCase("{BackupType}", @"\\backupshare\sql\{BackupType}_LOG.trn")]
        [TestCase("{DatabaseName}", @"\\backupshare\sql\{DatabaseName}_LOG.trn")]
        [TestCase("{Copy{DatabaseName}Only}", @"\\backupshare\sql\{Copy{DatabaseName}Only}_LOG.trn")]
        public void A_database_named_like_a_token_is_written_as_it_is_not_expanded_again(string databaseName, string expected)
        {
            BackupPath path = BackupFileName.Build(Share, "{DatabaseName}_{BackupType}.{FileExtension}", Parameter, Values(databaseName: databaseName));

            Assert.That(path.Path, Is.EqualTo(expected));
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
                    BackupPath path = BackupFileName.Build(dir, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, values);

                    string fileName = BackupFileName.Escape(groupName) + "_" + BackupFileName.Escape(databaseName) + "_" + SqlNames.Of(type) + (copyOnly ? "_COPY_ONLY" : string.Empty)
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
                        dir, BackupFileName.DefaultAvailabilityGroupTemplate, GroupParameter, values.With(serverName: otherServer, instanceName: otherInstance));
                    Assert.That(fromOtherReplica, Is.EqualTo(path).UsingPropertiesComparer());
                });
        }
    }
}
