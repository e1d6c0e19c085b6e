using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.TSql;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    public class BackupArgumentParserTests
    {
        private static readonly RawBackupArguments Valid = InMemory.Arguments("USER_DATABASES", "LOG");

        [Test]
        public void Defaults_are_checksum_on_execute_on_log_on_and_the_server_compression_default()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid).Arguments!;

            Assert.That(arguments.BackupType, Is.EqualTo(BackupType.Log));
            Assert.That((arguments.CopyOnly, arguments.Checksum, arguments.Verify, arguments.Execute, arguments.LogToTable, arguments.OverrideBackupPreference),
                Is.EqualTo((false, true, false, true, true, false)));
            Assert.That(arguments.Compress, Is.Null);
            Assert.That(arguments.AvailabilityGroupFileName, Does.Not.Contain("{ServerName}"), "AG backups keep their path after a failover");
        }

        [TestCase(null, "@BackupType must be FULL, DIFF or LOG, not NULL.")]
        [TestCase("TLOG", "@BackupType must be FULL, DIFF or LOG, not 'TLOG'.")]
        [TestCase("restore", "@BackupType must be FULL, DIFF or LOG, not 'restore'; RESTORE is only for dbo.fn_ValidateBackupRequest.")]
        public void A_backup_type_that_is_not_full_diff_or_log_is_refused_with_what_is_allowed(string? backupType, string message)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(backupType: backupType)).Error, Is.EqualTo(message));
        }

        [TestCase(1)]
        [TestCase(90)]
        [TestCase(36500)]
        [TestCase(null)]
        public void A_log_retention_of_whole_days_up_to_100_years_or_null_is_taken(int? days)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(logRetentionDays: days)).Arguments!.LogRetentionDays, Is.EqualTo(days));
        }

        [TestCase(0)]
        [TestCase(-1)]
        [TestCase(36501)]
        [TestCase(int.MinValue)]
        [TestCase(int.MaxValue)]
        public void Any_other_log_retention_is_refused_with_what_is_allowed(int days)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(logRetentionDays: days)).Error, Is.EqualTo(
                "@LogRetentionDays must be a number of days from 1 to 36500 (the rows of dbo.BackupDecisionLog logged longer ago are deleted), or NULL to keep every row, not "
                + days.ToString(System.Globalization.CultureInfo.InvariantCulture) + "."));
        }

        [Test]
        public void Backup_types_are_read_in_any_case_with_spaces_around()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(backupType: " diff ")).Arguments!.BackupType, Is.EqualTo(BackupType.Diff));
        }

        [Test]
        public void A_null_directory_without_a_url_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(directory: null)).Error, Is.EqualTo(
                "@Directory or @URL is required: the folder the backups go to (as SQL Server's service account sees it), NUL to discard them, or an https:// or s3:// URL."));
        }

        [Test]
        public void Empty_databases_without_groups_are_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(databases: "  ")).Error, Is.EqualTo(
                "@Databases is required: a comma list of database names, % wildcards, -exclusions, or USER_DATABASES, SYSTEM_DATABASES, ALL_DATABASES, AVAILABILITY_GROUP_DATABASES; "
                + "or @AvailabilityGroups: a comma list of availability group names, % wildcards, -exclusions, or ALL_AVAILABILITY_GROUPS."));
        }

        [Test]
        public void Availability_groups_select_instead_of_databases()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid.With(databases: null, availabilityGroups: "AG1")).Arguments!;

            Assert.That((arguments.Databases, arguments.AvailabilityGroups), Is.EqualTo(((string?)null, "AG1")));
        }

        [Test]
        public void Databases_and_availability_groups_together_are_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(availabilityGroups: "AG1")).Error, Is.EqualTo(
                "@Databases and @AvailabilityGroups cannot both be set: select databases, or the availability groups whose databases are backed up."));
        }

        [TestCase("database_size_desc", DatabaseOrder.DatabaseSizeDesc)]
        [TestCase("LOG_SIZE_SINCE_LAST_LOG_BACKUP_DESC", DatabaseOrder.LogSizeSinceLastLogBackupDesc)]
        public void A_database_order_is_read_in_any_case(string value, DatabaseOrder expected)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(databaseOrder: value)).Arguments!.DatabaseOrder, Is.EqualTo(expected));
        }

        [Test]
        public void An_unknown_database_order_is_refused_with_the_ones_there_are()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(databaseOrder: "RANDOM")).Error, Is.EqualTo(
                "@DatabaseOrder must be DATABASE_NAME_ASC, DATABASE_NAME_DESC, DATABASE_SIZE_ASC, DATABASE_SIZE_DESC, LOG_SIZE_SINCE_LAST_LOG_BACKUP_ASC "
                + "or LOG_SIZE_SINCE_LAST_LOG_BACKUP_DESC, not 'RANDOM'."));
        }

        [Test]
        public void A_description_of_up_to_255_characters_is_kept()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(description: new string('d', 255))).Arguments!.Description, Has.Length.EqualTo(255));
            Assert.That(BackupArgumentParser.Parse(Valid.With(description: new string('d', 256))).Error, Is.EqualTo(
                "@Description may have at most 255 characters (BACKUP ... WITH DESCRIPTION), not 256."));
        }

        [TestCase("Yes")]
        [TestCase("1")]
        [TestCase("")]
        public void A_flag_other_than_y_or_n_is_refused_with_its_name(string value)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(verify: value)).Error, Is.EqualTo("@Verify must be 'Y' or 'N', not '" + value + "'."));
        }

        [Test]
        public void Flags_are_read_in_either_case()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(copyOnly: "y", checksum: "n")).Arguments, Has.Property("CopyOnly").True.And.Property("Checksum").False);
        }

        [Test]
        public void Verify_of_a_backup_to_nul_is_refused_because_nothing_can_be_read_back()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(directory: "NUL", verify: "Y")).Error, Is.EqualTo(
                "@Verify = 'Y' cannot read back a backup written to NUL; use @Verify = 'N' or a real @Directory."));
        }

        [TestCase("FULL", "N", null, "@BackupType = 'FULL' to NUL moves the differential base")]
        [TestCase("DIFF", "N", "Y", "@ChangeBackupType = 'Y', which may turn this backup into a FULL, to NUL moves the differential base")]
        [TestCase("FULL", "Y", null, null)]
        [TestCase("LOG", "N", null, null)]
        [TestCase("DIFF", "N", "N", null)]
        public void A_full_to_nul_that_would_become_the_differential_base_is_refused(string type, string copyOnly, string? changeBackupType, string? refusal)
        {
            string? error = BackupArgumentParser.Parse(Valid.With(backupType: type, directory: "nul", copyOnly: copyOnly, changeBackupType: changeBackupType)).Error;

            Assert.That(error, refusal == null ? Is.Null : Does.StartWith(refusal).And.EndWith(
                " to a backup that is thrown away: every later DIFF could not be restored. Use @CopyOnly = 'Y' (a COPY_ONLY FULL leaves the base alone), or a real @Directory."));
        }

        [Test]
        public void A_file_name_template_without_the_database_name_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(fileName: "backup_{Timestamp}.bak")).Error, Is.EqualTo(
                "@FileName must contain {DatabaseName}, or every database would write to the same file."));
        }

        [TestCase("ms_xpress", CompressionAlgorithm.MsXpress)]
        [TestCase(" QAT_DEFLATE ", CompressionAlgorithm.QatDeflate)]
        [TestCase("Zstd", CompressionAlgorithm.Zstd)]
        public void Compression_algorithms_are_read_in_any_case_with_spaces_around(string value, CompressionAlgorithm expected)
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid.With(compress: "Y", compressionAlgorithm: value)).Arguments!;

            Assert.That((arguments.CompressionAlgorithm, arguments.CompressionLevel), Is.EqualTo((expected, (CompressionLevel?)null)));
        }

        [Test]
        public void Without_an_algorithm_the_server_chooses_it()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(compress: "Y")).Arguments!.CompressionAlgorithm, Is.Null);
        }

        [TestCase("LZ4")]
        [TestCase("")]
        [TestCase("MS_XPRESS,ZSTD")]
        public void A_compression_algorithm_sql_server_does_not_have_is_refused_with_the_ones_it_has(string value)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(compress: "Y", compressionAlgorithm: value)).Error, Is.EqualTo(
                "@CompressionAlgorithm must be MS_XPRESS, QAT_DEFLATE or ZSTD, not '" + value + "'."));
        }

        [TestCase("low", CompressionLevel.Low)]
        [TestCase("Medium", CompressionLevel.Medium)]
        [TestCase("HIGH", CompressionLevel.High)]
        public void Zstd_takes_a_level(string value, CompressionLevel expected)
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid.With(compress: "Y", compressionAlgorithm: "ZSTD", compressionLevel: value)).Arguments!;

            Assert.That(arguments.CompressionLevel, Is.EqualTo(expected));
        }

        [Test]
        public void A_level_that_is_not_low_medium_or_high_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(compress: "Y", compressionAlgorithm: "ZSTD", compressionLevel: "9")).Error, Is.EqualTo(
                "@CompressionLevel must be LOW, MEDIUM or HIGH, not '9'."));
        }

        [TestCase("MS_XPRESS")]
        [TestCase(null)]
        public void A_level_without_zstd_is_refused(string? algorithm)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(compress: "Y", compressionAlgorithm: algorithm, compressionLevel: "HIGH")).Error, Is.EqualTo(
                "@CompressionLevel = 'HIGH' applies to ZSTD only; set @CompressionAlgorithm = 'ZSTD', or leave @CompressionLevel NULL."));
        }

        [TestCase("N", "'N'")]
        [TestCase(null, "NULL (the server's backup compression default)")]
        public void An_algorithm_needs_compression_asked_for_explicitly(string? compress, string shown)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(compress: compress, compressionAlgorithm: "ZSTD")).Error, Is.EqualTo(
                "@CompressionAlgorithm = 'ZSTD' says how to compress, so it needs @Compress = 'Y', not " + shown + "."));
        }

        [Test]
        public void Striping_and_throughput_are_left_to_sql_server_unless_asked()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid).Arguments!;

            Assert.That(
                (arguments.NumberOfFiles, arguments.MaxFileSize, arguments.MaxTransferSize, arguments.BufferCount, arguments.BlockSize),
                Is.EqualTo(((int?)null, (int?)null, (int?)null, (int?)null, (int?)null)));
            Assert.That(arguments.FileName, Is.EqualTo(BackupFileName.DefaultTemplate));
        }

        [TestCase(1)]
        [TestCase(64)]
        public void One_to_64_files_are_allowed(int files)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(numberOfFiles: files)).Arguments!.NumberOfFiles, Is.EqualTo(files));
        }

        [TestCase(0)]
        [TestCase(65)]
        [TestCase(-1)]
        public void A_number_of_files_outside_1_to_64_is_refused(int files)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(numberOfFiles: files)).Error, Is.EqualTo(
                "@NumberOfFiles must be from 1 to 64 (BACKUP writes to at most 64 files), not " + files + "."));
        }

        [Test]
        public void Several_files_take_the_default_templates_with_a_file_number()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid.With(numberOfFiles: 4)).Arguments!;

            Assert.That(arguments.FileName, Is.EqualTo("{ServerName}${InstanceName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}_{FileNumber}.{FileExtension}"));
            Assert.That(arguments.AvailabilityGroupFileName, Is.EqualTo("{AvailabilityGroupName}_{DatabaseName}_{BackupType}{CopyOnly}_{Timestamp}_{FileNumber}.{FileExtension}"));
        }

        [Test]
        public void A_maximum_file_size_may_give_several_files_so_it_takes_the_templates_with_a_file_number_too()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(maxFileSize: 10240)).Arguments!.FileName, Does.Contain("{FileNumber}"));
        }

        [TestCase(4, null, "@NumberOfFiles = 4")]
        [TestCase(null, 1024, "@MaxFileSize = 1024")]
        public void A_template_without_a_file_number_is_refused_when_there_may_be_several_files(int? files, int? maxFileSize, string why)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(numberOfFiles: files, maxFileSize: maxFileSize, availabilityGroupFileName: "{DatabaseName}.bak")).Error, Is.EqualTo(
                "@AvailabilityGroupFileName must contain {FileNumber} when a backup may be written to more than one file (" + why + "), or its files would share one name."));
        }

        [Test]
        public void One_file_needs_no_file_number()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(numberOfFiles: 1, fileName: "{DatabaseName}.bak")).Error, Is.Null);
        }

        [Test]
        public void A_number_of_files_and_a_maximum_file_size_are_not_both_allowed()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(numberOfFiles: 2, maxFileSize: 1024)).Error, Is.EqualTo(
                "@NumberOfFiles and @MaxFileSize both choose how many files a backup is written to; set one of them, not both."));
        }

        [TestCase(0)]
        [TestCase(-5)]
        public void A_maximum_file_size_that_is_not_positive_is_refused(int megabytes)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(maxFileSize: megabytes)).Error, Is.EqualTo(
                "@MaxFileSize must be a positive number of megabytes, not " + megabytes + "."));
        }

        [TestCase(65536)]
        [TestCase(1048576)]
        [TestCase(4194304)]
        public void A_max_transfer_size_in_64_kb_steps_up_to_4_mb_is_allowed(int bytes)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(maxTransferSize: bytes)).Arguments!.MaxTransferSize, Is.EqualTo(bytes));
        }

        [TestCase(0)]
        [TestCase(65535)]
        [TestCase(100000)]
        [TestCase(4259840)]
        public void Another_max_transfer_size_is_refused(int bytes)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(maxTransferSize: bytes)).Error, Is.EqualTo(
                "@MaxTransferSize must be a multiple of 65536 (64 KB) from 65536 to 4194304 (4 MB), not " + bytes + "."));
        }

        [TestCase(0)]
        [TestCase(-1)]
        public void A_buffer_count_that_is_not_positive_is_refused(int buffers)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(bufferCount: buffers)).Error, Is.EqualTo(
                "@BufferCount must be a positive number of I/O buffers, not " + buffers + "."));
        }

        [TestCase(512)]
        [TestCase(2048)]
        [TestCase(65536)]
        public void A_block_size_sql_server_supports_is_allowed(int bytes)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(blockSize: bytes)).Arguments!.BlockSize, Is.EqualTo(bytes));
        }

        [TestCase(256)]
        [TestCase(3000)]
        [TestCase(131072)]
        [TestCase(0)]
        public void Another_block_size_is_refused(int bytes)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(blockSize: bytes)).Error, Is.EqualTo(
                "@BlockSize must be 512, 1024, 2048, 4096, 8192, 16384, 32768 or 65536 bytes, not " + bytes + "."));
        }

        [Test]
        public void A_directory_with_a_line_break_is_refused_because_backup_file_separates_files_with_line_breaks()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(directory: "D:\\a\nb")).Error, Is.EqualTo(
                "@Directory may not contain control characters such as a line break or tab; it has U+000A."));
        }

        [TestCase("aes_256", "BackupCertificate", null, EncryptionAlgorithm.Aes256, EncryptorKind.ServerCertificate, "BackupCertificate")]
        [TestCase("TRIPLE_DES_3KEY", null, "Vault Key]", EncryptionAlgorithm.TripleDes3Key, EncryptorKind.ServerAsymmetricKey, "Vault Key]")]
        public void Encryption_takes_an_algorithm_and_one_encryptor(
            string algorithm, string? certificate, string? key, EncryptionAlgorithm expectedAlgorithm, EncryptorKind kind, string name)
        {
            BackupArguments arguments = BackupArgumentParser.Parse(
                Valid.With(encrypt: "Y", encryptionAlgorithm: algorithm, serverCertificate: certificate, serverAsymmetricKey: key)).Arguments!;

            Assert.That(arguments.Encryption, Is.EqualTo(new BackupEncryption(expectedAlgorithm, kind, name)).UsingPropertiesComparer());
        }

        [Test]
        public void Backups_are_not_encrypted_unless_asked()
        {
            Assert.That(BackupArgumentParser.Parse(Valid).Arguments!.Encryption, Is.Null);
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: "n")).Arguments!.Encryption, Is.Null);
        }

        [Test]
        public void An_encryption_algorithm_sql_server_does_not_have_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: "Y", encryptionAlgorithm: "AES_512", serverCertificate: "C")).Error, Is.EqualTo(
                "@EncryptionAlgorithm must be AES_128, AES_192, AES_256 or TRIPLE_DES_3KEY, not 'AES_512'."));
        }

        [Test]
        public void Encryption_without_an_algorithm_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: "Y", serverCertificate: "C")).Error, Is.EqualTo(
                "@Encrypt = 'Y' needs @EncryptionAlgorithm: AES_128, AES_192, AES_256 or TRIPLE_DES_3KEY."));
        }

        [TestCase(null, null, "neither.")]
        [TestCase("C", "K", "both.")]
        public void Encryption_needs_exactly_one_encryptor(string? certificate, string? key, string problem)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: "Y", encryptionAlgorithm: "AES_256", serverCertificate: certificate, serverAsymmetricKey: key)).Error,
                Is.EqualTo("@Encrypt = 'Y' needs exactly one of @ServerCertificate (a certificate in master) and @ServerAsymmetricKey (an asymmetric key in master), not " + problem));
        }

        [TestCase(0, "''")]
        [TestCase(129, "one of 129 characters")]
        public void An_encryptor_name_that_is_no_sysname_is_refused(int length, string shown)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: "Y", encryptionAlgorithm: "AES_256", serverCertificate: new string('c', length))).Error,
                Is.EqualTo("@ServerCertificate must be the name of a certificate in master, 1 to 128 characters, not " + shown + "."));
        }

        [TestCase(null, "AES_256", null, null, "@EncryptionAlgorithm")]
        [TestCase("N", null, "C", null, "@ServerCertificate")]
        [TestCase("N", null, null, "K", "@ServerAsymmetricKey")]
        public void Encryption_options_without_encrypt_are_refused(string? encrypt, string? algorithm, string? certificate, string? key, string parameter)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: encrypt, encryptionAlgorithm: algorithm, serverCertificate: certificate, serverAsymmetricKey: key)).Error,
                Is.EqualTo(parameter + " applies only with @Encrypt = 'Y'; set @Encrypt = 'Y' to encrypt the backups, or leave " + parameter + " NULL."));
        }

        [Test]
        public void Encrypt_takes_only_y_or_n()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(encrypt: "AES")).Error, Is.EqualTo("@Encrypt must be 'Y' or 'N', not 'AES'."));
        }

        [Test]
        public void Urls_are_read_as_a_comma_list_without_trailing_slashes()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Url("https://acct.blob.core.windows.net/sql/, https://acct.blob.core.windows.net/sql2")).Arguments!;

            Assert.That(arguments.Destination, Has.Property("Device").EqualTo(BackupDevice.Url).And.Property("IsS3").False);
            Assert.That(arguments.Destination.Paths, Is.EqualTo(new[] { "https://acct.blob.core.windows.net/sql", "https://acct.blob.core.windows.net/sql2" }));
            Assert.That(arguments.FileName, Does.Contain("{FileNumber}"), "two URLs get one file each, so the default templates number them");
        }

        [TestCase("s3://minio:9000/sql")]
        [TestCase("S3://bucket.s3.example.com")]
        public void S3_urls_in_path_or_virtual_host_style_are_read(string url)
        {
            Assert.That(BackupArgumentParser.Parse(Url(url)).Arguments!.Destination.IsS3, Is.True);
        }

        [Test]
        public void A_directory_and_a_url_together_are_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Url("https://acct.blob.core.windows.net/sql").With(directory: "D:\\Backup")).Error, Is.EqualTo(
                "@Directory and @URL cannot both be set: the backups go to a folder (@Directory) or to Azure Blob Storage or S3-compatible storage (@URL)."));
        }

        [TestCase("http://acct.blob.core.windows.net/sql", "@URL must start with https:// (Azure Blob Storage) or s3:// (S3-compatible storage), not 'http://acct.blob.core.windows.net/sql'")]
        [TestCase("https://acct.blob.core.windows.net", "@URL 'https://acct.blob.core.windows.net' names no container")]
        [TestCase("https://acct.blob.core.windows.net/sql?sv=2022&sig=x", "@URL 'https://acct.blob.core.windows.net/sql?sv=2022&sig=x' has '?', which a URL to a backup may not contain (a SAS token belongs in the credential, not in the URL)")]
        [TestCase("s3://minio/my bucket", "@URL 's3://minio/my bucket' has ' ', which a URL to a backup may not contain (a SAS token belongs in the credential, not in the URL)")]
        [TestCase("https://acct.blob.core.windows.net/sql,", "@URL must start with https:// (Azure Blob Storage) or s3:// (S3-compatible storage), not ''")]
        public void A_url_that_is_not_a_container_or_bucket_url_is_refused(string url, string problem)
        {
            Assert.That(BackupArgumentParser.Parse(Url(url)).Error, Is.EqualTo(problem
                + "; each URL is https://<account>.blob.core.windows.net/<container>[/<folder>] or s3://<endpoint>[:<port>]/<bucket>[/<folder>], comma-separated."));
        }

        [Test]
        public void Azure_and_s3_urls_together_are_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Url("https://acct.blob.core.windows.net/sql, s3://minio/sql")).Error, Is.EqualTo(
                "@URL mixes https:// and s3:// URLs; one backup goes to Azure Blob Storage or to S3-compatible storage, not both."));
        }

        [Test]
        public void The_same_url_twice_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql, S3://minio/sql/")).Error, Is.EqualTo(
                "@URL names 'S3://minio/sql' twice; each file of a backup needs a place of its own."));
        }

        [Test]
        public void A_number_of_files_that_does_not_share_evenly_over_the_urls_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/a, s3://minio/b").With(numberOfFiles: 3)).Error, Is.EqualTo(
                "@NumberOfFiles = 3 must be a multiple of the 2 places in @URL, so that each gets as many files."));
        }

        [TestCase(5242880)]
        [TestCase(20971520)]
        public void S3_takes_a_max_transfer_size_from_5_to_20_mb_with_compression(int bytes)
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(maxTransferSize: bytes, compress: "Y")).Error, Is.Null);
        }

        [TestCase(4194304)]
        [TestCase(20971520 + 65536)]
        public void S3_refuses_another_max_transfer_size(int bytes)
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(maxTransferSize: bytes, compress: "Y")).Error, Is.EqualTo(
                "@MaxTransferSize to S3-compatible storage must be a multiple of 65536 (64 KB) from 5242880 (5 MB) to 20971520 (20 MB), not " + bytes + "."));
        }

        [Test]
        public void S3_takes_a_max_transfer_size_only_with_compression()
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(maxTransferSize: 10485760)).Error, Is.EqualTo(
                "@MaxTransferSize to S3-compatible storage needs @Compress = 'Y': SQL Server changes MAXTRANSFERSIZE there only for compressed backups."));
        }

        [Test]
        public void A_storage_account_key_credential_writes_one_file_to_one_https_url()
        {
            Assert.That(BackupArgumentParser.Parse(Url("https://acct.blob.core.windows.net/sql").With(credential: "acct")).Arguments!.Credential, Is.EqualTo("acct"));
            Assert.That(BackupArgumentParser.Parse(Url("https://acct.blob.core.windows.net/sql").With(credential: "acct", numberOfFiles: 2)).Error, Does.StartWith(
                "@Credential (a storage account key, page blobs) writes one file to one URL;"));
            Assert.That(BackupArgumentParser.Parse(Url("https://acct.blob.core.windows.net/sql").With(credential: "acct", blockSize: 512)).Error, Is.EqualTo(
                "@Credential (a storage account key, page blobs) takes no @MaxTransferSize or @BlockSize; leave them NULL."));
        }

        [TestCase(null, "s3://minio/sql")]
        [TestCase("D:\\Backup", null)]
        public void A_credential_for_a_folder_or_s3_is_refused(string? directory, string? url)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(directory: directory, url: url, credential: "acct")).Error, Does.StartWith(
                "@Credential applies to https:// URLs whose credential holds a storage account's key;"));
        }

        [Test]
        public void Backup_options_carry_the_s3_region()
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(backupOptions: " {\"s3\": {\"region\":\"us-west-2\"}} ")).Arguments!.BackupOptions,
                Is.EqualTo("{\"s3\": {\"region\":\"us-west-2\"}}"));
        }

        [TestCase("https://acct.blob.core.windows.net/sql", "{}", "@BackupOptions applies to s3:// URLs (BACKUP_OPTIONS, for example '{\"s3\": {\"region\":\"us-west-2\"}}'); leave it NULL for @URL.")]
        public void Backup_options_not_for_s3_are_refused(string url, string options, string message)
        {
            Assert.That(BackupArgumentParser.Parse(Url(url).With(backupOptions: options)).Error, Is.EqualTo(message));
        }

        /// <summary>Values SQL Server would refuse as BACKUP_OPTIONS, which takes JSON, and the character where each stops being a JSON object.</summary>
        [TestCase("region=us-west-2", 1)]
        [TestCase("{region=us-west-2}", 2)]
        [TestCase("{'s3': {'region': 'us-west-2'}}", 2)]
        [TestCase("{\"s3\": {\"region\":\"us-west-2\"}}}", 31)]
        [TestCase("{\"s3\": {\"region\":\"us-west-2\"}} {}", 32)]
        [TestCase("{\"s3\": {\"region\" \"us-west-2\"}}", 18)]
        [TestCase("{\"s3\": {\"region\":\"us-west-2\",}}", 30)]
        [TestCase("{\"s3\": {region:\"us-west-2\"}}", 9)]
        [TestCase("{,}", 2)]
        [TestCase("{\"a\":}", 6)]
        [TestCase("{\"a\":[1,]}", 9)]
        [TestCase("{\"a\":[,1]}", 7)]
        [TestCase("{\"a\":01}", 7)]
        [TestCase("{\"a\":1.}", 8)]
        [TestCase("{\"a\":-}", 7)]
        [TestCase("{\"a\":+1}", 6)]
        [TestCase("{\"a\":1e}", 8)]
        [TestCase("{\"a\":.5}", 6)]
        [TestCase("{\"a\":\u0661}", 6)]
        [TestCase("{\"a\":tru}", 6)]
        [TestCase("{\"a\":nullx}", 10)]
        [TestCase("{\"a\":NaN}", 6)]
        [TestCase("{\"a\":\"\\x\"}", 8)]
        [TestCase("{\"a\":\"\\u12G4\"}", 11)]
        [TestCase("{\"a\":\"tab\there\"}", 10)]
        [TestCase("{\"a\"\u00A0:1}", 5)]
        [TestCase("[{}]", 1)]
        [TestCase("\"{}\"", 1)]
        [TestCase("{} // region", 4)]
        [TestCase("  {x}", 4)]
        public void Backup_options_that_are_not_one_json_object_are_refused_at_the_character_where_they_stop_being_one(string options, int character)
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(backupOptions: options)).Error, Is.EqualTo(
                "@BackupOptions must be a JSON object such as '{\"s3\": {\"region\":\"us-west-2\"}}', as SQL Server reads BACKUP_OPTIONS; "
                + "it stops being one at character " + character + "."));
        }

        [TestCase("")]
        [TestCase("{")]
        [TestCase("{\"s3\": {\"region\":\"us-west-2\"}")]
        [TestCase("{\"s3\": {\"region\":\"us-west-2")]
        [TestCase("{\"a\":\"\\u12")]
        [TestCase("{\"a\":")]
        [TestCase("{\"a\":-")]
        [TestCase("{\"a\":[[[")]
        public void Backup_options_that_end_too_soon_are_refused(string options)
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(backupOptions: options)).Error, Is.EqualTo(
                "@BackupOptions must be a JSON object such as '{\"s3\": {\"region\":\"us-west-2\"}}', as SQL Server reads BACKUP_OPTIONS; it ends before its object does."));
        }

        [TestCase("{}")]
        [TestCase("{\"s3\": {\"region\":\"us-west-2\"}}")]
        [TestCase("\t{\r\n  \"s3\" : { \"region\" : \"eu-central-1\" }\r\n}\n")]
        [TestCase("{\"a\": [true, false, null, -0, 0.5, 1E+10, 2e-3, -12.75e1, \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\ude00\", {}, []], \"b\": {\"c\": {}}}")]
        [TestCase("{\"r\u00e9gion\": \"\u00e9t\u00e9 \ud83d\ude00\"}")]
        public void Backup_options_that_are_one_json_object_are_taken(string options)
        {
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(backupOptions: options)).Error, Is.Null);
        }

        [Test]
        public void Backup_options_nested_a_million_deep_are_read_without_overflowing_the_stack()
        {
            const int Depth = 1000000;
            string nested = "{\"a\":" + new string('[', Depth) + new string(']', Depth) + "}";

            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(backupOptions: nested)).Error, Is.Null);
            Assert.That(BackupArgumentParser.Parse(Url("s3://minio/sql").With(backupOptions: nested.Substring(0, nested.Length - 2))).Error, Does.EndWith(
                "it ends before its object does."));
        }

        [Test]
        public void Several_folders_are_read_as_a_comma_list_and_get_one_file_each()
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid.With(directory: @"D:\Backup1, E:\Backup2\")).Arguments!;

            Assert.That(arguments.Destination.Paths, Is.EqualTo(new[] { @"D:\Backup1", @"E:\Backup2\" }));
            Assert.That(arguments.FileName, Does.Contain("{FileNumber}"));
        }

        [TestCase(@"D:\Backup, NUL", "@Directory = NUL discards the backup and stands alone, not in a list of folders.")]
        [TestCase(@"D:\Backup, d:\backup\", @"@Directory names 'd:\backup\' twice; each file of a backup needs a place of its own.")]
        [TestCase(@"D:\Backup,,E:\Backup", @"@Directory has an empty folder between its commas; list folders as D:\Backup1, E:\Backup2.")]
        public void A_folder_list_that_cannot_stripe_is_refused(string directory, string message)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(directory: directory)).Error, Is.EqualTo(message));
        }

        [TestCase("nul")]
        [TestCase(" Nul ")]
        public void Nul_in_any_case_is_the_null_device_spelt_one_way(string directory)
        {
            BackupArguments arguments = BackupArgumentParser.Parse(Valid.With(directory: directory, verify: "N")).Arguments!;

            Assert.That(arguments.Destination.Paths, Is.EqualTo(new[] { "NUL" }));
            Assert.That(arguments.Destination.IsNul, Is.True);
        }

        [TestCase(@"NUL\")]
        [TestCase("nul/")]
        public void Nul_with_a_trailing_separator_is_refused_not_read_as_a_folder(string directory)
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(directory: directory, verify: "N")).Error, Is.EqualTo(
                "@Directory = '" + directory + "' is the device NUL, not a folder; write N'NUL' alone to discard the backups."));
        }

        [Test]
        public void The_directory_structures_default_to_folders_per_server_or_group_database_and_type_and_empty_means_none()
        {
            BackupArguments defaults = BackupArgumentParser.Parse(Valid.With(directoryStructure: null, availabilityGroupDirectoryStructure: null)).Arguments!;
            BackupArguments none = BackupArgumentParser.Parse(Valid).Arguments!;

            Assert.That(defaults.DirectoryStructure, Is.EqualTo("{ServerName}${InstanceName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}"));
            Assert.That(defaults.AvailabilityGroupDirectoryStructure, Is.EqualTo("{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}"));
            Assert.That((none.DirectoryStructure, none.AvailabilityGroupDirectoryStructure), Is.EqualTo((string.Empty, string.Empty)));
        }

        [Test]
        public void A_directory_structure_that_cannot_make_folders_is_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Valid.With(availabilityGroupDirectoryStructure: "{AvailabilityGroupName}/{DatabaseName}")).Error, Does.StartWith(
                "@AvailabilityGroupDirectoryStructure may contain only folder names and {DirectorySeparator}"));
        }

        [Test]
        public void Cleanup_takes_the_hours_the_mode_and_whether_to_clean_when_skipped_in_any_case()
        {
            BackupArguments defaults = BackupArgumentParser.Parse(Cleaning.With(cleanupMode: "AFTER_BACKUP")).Arguments!;
            BackupArguments before = BackupArgumentParser.Parse(Cleaning.With(cleanupMode: " before_backup ", cleanupWhenSkipped: "y")).Arguments!;
            BackupArguments never = BackupArgumentParser.Parse(Valid.With(cleanupMode: "AFTER_BACKUP", cleanupWhenSkipped: "N")).Arguments!;

            Assert.That(defaults.Cleanup, Is.EqualTo(new CleanupOptions(168, false, false)).UsingPropertiesComparer());
            Assert.That(before.Cleanup, Is.EqualTo(new CleanupOptions(168, true, true)).UsingPropertiesComparer());
            Assert.That(never.Cleanup, Is.Null);
        }

        [TestCase(-1, "@CleanupTime must be the hours backups are kept, from 0 to 876000, or NULL to delete nothing; not -1.")]
        [TestCase(876001, "@CleanupTime must be the hours backups are kept, from 0 to 876000, or NULL to delete nothing; not 876001.")]
        public void A_cleanup_time_out_of_range_is_refused(int hours, string message)
        {
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(cleanupTime: hours)).Error, Is.EqualTo(message));
        }

        [Test]
        public void A_cleanup_time_of_zero_is_allowed()
        {
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(cleanupTime: 0)).Arguments!.Cleanup!.Hours, Is.EqualTo(0));
        }

        [Test]
        public void Cleanup_options_without_a_cleanup_time_or_with_bad_values_are_refused()
        {
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(cleanupMode: "DURING_BACKUP")).Error, Is.EqualTo("@CleanupMode must be AFTER_BACKUP or BEFORE_BACKUP, not 'DURING_BACKUP'."));
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(cleanupWhenSkipped: "yes")).Error, Is.EqualTo("@CleanupWhenSkipped must be 'Y' or 'N', not 'yes'."));
            Assert.That(BackupArgumentParser.Parse(Valid.With(cleanupMode: "BEFORE_BACKUP")).Error, Is.EqualTo(
                "@CleanupMode applies only with @CleanupTime; set @CleanupTime to the hours backups are kept, or leave @CleanupMode AFTER_BACKUP."));
            Assert.That(BackupArgumentParser.Parse(Valid.With(cleanupWhenSkipped: "Y")).Error, Is.EqualTo(
                "@CleanupWhenSkipped applies only with @CleanupTime; set @CleanupTime to the hours backups are kept, or leave @CleanupWhenSkipped 'N'."));
        }

        [Test]
        public void Cleanup_is_refused_where_a_folder_is_not_one_database_s_or_its_files_have_no_known_extension()
        {
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(directory: "NUL")).Error, Is.EqualTo("@CleanupTime cannot clean @Directory = NUL: nothing is written there. Leave @CleanupTime NULL."));
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(availabilityGroupDirectoryStructure: string.Empty)).Error, Is.EqualTo(
                "@CleanupTime needs {DatabaseName} in @AvailabilityGroupDirectoryStructure: each database's folder is cleaned by that database's chain guard, and a folder shared by databases would be cleaned by another's."));
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(directoryStructure: "{DatabaseName}{DirectorySeparator}{Timestamp}")).Error, Is.EqualTo(
                "@CleanupTime cannot clean with {Timestamp} in @DirectoryStructure: every backup would get a folder of its own, and the old folders would never be cleaned."));
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(fileName: "{DatabaseName}_{Timestamp}.backup")).Error, Is.EqualTo(
                "@CleanupTime needs @FileName to end with .{FileExtension}: xp_delete_file deletes the backups of one extension (bak, dif or trn)."));
        }

        [TestCase("@AvailabilityGroupDirectoryStructure", "{AvailabilityGroupName}_{DatabaseName}", "{AvailabilityGroupName} and {DatabaseName}")]
        [TestCase("@AvailabilityGroupDirectoryStructure", "{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}{CopyOnly}", "{DatabaseName} and {CopyOnly}")]
        [TestCase("@DirectoryStructure", "{ServerName}{DirectorySeparator}{CopyOnly}x{DatabaseName}", "{DatabaseName} and {CopyOnly}")]
        [TestCase("@DirectoryStructure", "{DatabaseName}-{DatabaseName}", "{DatabaseName} and {DatabaseName}")]
        public void Cleanup_refuses_a_structure_whose_folder_name_runs_two_names_together(string parameter, string structure, string tokens)
        {
            RawBackupArguments arguments = parameter == "@DirectoryStructure" ? Cleaning.With(directoryStructure: structure) : Cleaning.With(availabilityGroupDirectoryStructure: structure);
            string defaultStructure = parameter == "@DirectoryStructure"
                ? "{ServerName}${InstanceName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}"
                : "{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}";

            Assert.That(BackupArgumentParser.Parse(arguments).Error, Is.EqualTo(
                "@CleanupTime cannot clean with " + tokens + " in one folder name of " + parameter
                + ": a name can hold the text of the other (group A_B holding C and group A holding B_C, or database Sales_COPY_ONLY and the copy-only backups of Sales), "
                + "so two databases could share a folder and one's cleanup would delete the other's backups. Put {DirectorySeparator} between them, as the default "
                + defaultStructure + " does."));
        }

        [TestCase("{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}_{BackupType}")]
        [TestCase("{ServerName}_{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}")]
        [TestCase("{DatabaseName}{DirectorySeparator}{CopyOnly}")]
        public void Cleanup_takes_a_structure_with_one_name_in_each_folder_name(string structure)
        {
            Assert.That(BackupArgumentParser.Parse(Cleaning.With(availabilityGroupDirectoryStructure: structure, directoryStructure: structure)).Error, Is.Null);
        }

        [Test]
        public void Cleanup_to_a_url_is_taken_whatever_its_folders_since_nothing_there_is_deleted()
        {
            BackupArguments url = BackupArgumentParser.Parse(Url("https://account.blob.core.windows.net/sql").With(cleanupTime: 24)).Arguments!;

            Assert.That(url.Cleanup, Is.EqualTo(new CleanupOptions(24, false, false)).UsingPropertiesComparer());
        }

        /// <summary>A week's retention in the default folders, one per database and backup type.</summary>
        private static readonly RawBackupArguments Cleaning = Valid.With(cleanupTime: 168, directoryStructure: null, availabilityGroupDirectoryStructure: null);

        private static RawBackupArguments Url(string url) => Valid.With(directory: null, url: url);
    }
}
