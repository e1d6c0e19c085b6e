using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>What each replica refuses from its own version, edition and platform, before anything runs.</summary>
    public class ReplicaArgumentCheckTests
    {
        private static readonly RawBackupArguments Valid = InMemory.Arguments("USER_DATABASES", "FULL");

        [TestCase(13)]
        [TestCase(15)]
        public void A_compression_algorithm_before_sql_server_2022_is_refused(int version)
        {
            string? error = Check(Valid.With(compress: "Y", compressionAlgorithm: "MS_XPRESS"), Replica(version));

            Assert.That(error, Is.EqualTo("@CompressionAlgorithm = 'MS_XPRESS' needs SQL Server 2022 (16.x) or later; this replica is "
                + (version == 13 ? "SQL Server 2016" : "SQL Server 2019") + " (SERVERPROPERTY('ProductMajorVersion') = " + version + "): leave @CompressionAlgorithm NULL."));
        }

        [TestCase(16)]
        [TestCase(17)]
        public void Ms_xpress_is_named_from_sql_server_2022(int version)
        {
            Assert.That(Check(Valid.With(compress: "Y", compressionAlgorithm: "MS_XPRESS"), Replica(version)), Is.Null);
        }

        [Test]
        public void Zstd_before_sql_server_2025_is_refused()
        {
            Assert.That(Check(Valid.With(compress: "Y", compressionAlgorithm: "ZSTD", compressionLevel: "HIGH"), Replica(16)), Is.EqualTo(
                "@CompressionAlgorithm = 'ZSTD' needs SQL Server 2025 (17.x) or later; this replica is SQL Server 2022 (SERVERPROPERTY('ProductMajorVersion') = 16): "
                + "use MS_XPRESS, or leave @CompressionAlgorithm NULL."));
        }

        [Test]
        public void Zstd_with_a_level_runs_on_sql_server_2025()
        {
            Assert.That(Check(Valid.With(compress: "Y", compressionAlgorithm: "ZSTD", compressionLevel: "HIGH"), Replica(17)), Is.Null);
        }

        [TestCase(2)]
        [TestCase(3)]
        public void Qat_deflate_runs_on_windows_standard_or_enterprise(int engineEdition)
        {
            Assert.That(Check(Valid.With(compress: "Y", compressionAlgorithm: "QAT_DEFLATE"), Replica(16, engineEdition)), Is.Null);
        }

        [TestCase(16, "use MS_XPRESS.")]
        [TestCase(17, "use MS_XPRESS or ZSTD.")]
        public void Qat_deflate_on_linux_is_refused(int version, string todo)
        {
            Assert.That(Check(Valid.With(compress: "Y", compressionAlgorithm: "QAT_DEFLATE"), Replica(version).With(isLinux: true)), Is.EqualTo(
                "@CompressionAlgorithm = 'QAT_DEFLATE' needs SQL Server on Windows (Intel QAT integrated acceleration is not available on Linux or in containers); "
                + "this replica runs on Linux: " + todo));
        }

        [Test]
        public void Qat_deflate_on_another_edition_is_refused()
        {
            Assert.That(Check(Valid.With(compress: "Y", compressionAlgorithm: "QAT_DEFLATE"), Replica(16, engineEdition: 8)), Is.EqualTo(
                "@CompressionAlgorithm = 'QAT_DEFLATE' needs Enterprise, Standard or Developer edition; this replica's SERVERPROPERTY('EngineEdition') is 8: use MS_XPRESS."));
        }

        [Test]
        public void Compression_on_express_is_refused()
        {
            Assert.That(Check(Valid.With(compress: "Y"), Replica(16, engineEdition: 4)), Is.EqualTo(
                "@Compress = 'Y' needs Enterprise, Standard or Developer edition; this replica is Express (SERVERPROPERTY('EngineEdition') = 4): use @Compress = 'N' or NULL."));
        }

        [TestCase("N")]
        [TestCase(null)]
        public void No_compression_or_the_server_default_runs_on_express(string? compress)
        {
            Assert.That(Check(Valid.With(compress: compress), Replica(16, engineEdition: 4)), Is.Null);
        }

        [Test]
        public void A_certificate_in_master_here_encrypts()
        {
            Assert.That(Refusal(EncryptWith(certificate: "backupcertificate"), WithKeys()), Is.Null, "names compare as the server collation does");
        }

        [Test]
        public void A_certificate_missing_from_master_here_refuses_the_call_with_its_own_code()
        {
            Assert.That(Refusal(EncryptWith(certificate: "RestoredOnPrimaryOnly"), WithKeys()), Is.EqualTo(new ArgumentRefusal(
                "REFUSE_ENCRYPTOR_NOT_FOUND",
                "@ServerCertificate = 'RestoredOnPrimaryOnly': there is no such certificate in master on this replica (SQL1), so no backup can be encrypted here, "
                + "and after a failover this replica may be the one to take them. Restore it here from the primary's BACKUP CERTIFICATE ... WITH PRIVATE KEY files "
                + "(CREATE CERTIFICATE ... FROM FILE ... WITH PRIVATE KEY in master), as on every replica.")).UsingPropertiesComparer());
        }

        [Test]
        public void On_a_case_sensitive_server_a_certificate_in_another_case_is_missing()
        {
            ServerState state = WithKeys().With(instance: InMemory.Instance(collationIgnoresCase: false));

            Assert.That(Refusal(EncryptWith(certificate: "backupcertificate"), state)?.ReasonCode, Is.EqualTo("REFUSE_ENCRYPTOR_NOT_FOUND"));
        }

        [Test]
        public void An_asymmetric_key_in_an_ekm_provider_encrypts()
        {
            Assert.That(Refusal(EncryptWith(key: "VaultKey"), WithKeys()), Is.Null);
        }

        [Test]
        public void An_asymmetric_key_missing_here_refuses_with_its_own_code()
        {
            Assert.That(Refusal(EncryptWith(key: "OtherKey"), WithKeys())?.ReasonCode, Is.EqualTo("REFUSE_ENCRYPTOR_NOT_FOUND"));
        }

        [Test]
        public void An_asymmetric_key_outside_an_ekm_provider_is_refused_because_backup_encryption_takes_only_ekm_keys()
        {
            Assert.That(Refusal(EncryptWith(key: "LocalKey"), WithKeys()), Is.EqualTo(new ArgumentRefusal(
                "REFUSE_INVALID_ARGUMENT",
                "@ServerAsymmetricKey = 'LocalKey' is not in an Extensible Key Management provider (sys.asymmetric_keys.provider_type is NULL); "
                + "backup encryption takes only asymmetric keys in an EKM provider: use a certificate (@ServerCertificate) or an EKM key.")).UsingPropertiesComparer());
        }

        [Test]
        public void Encryption_on_express_is_refused()
        {
            Assert.That(Refusal(EncryptWith(certificate: "BackupCertificate"), WithKeys().With(instance: Replica(16, engineEdition: 4))), Is.EqualTo(new ArgumentRefusal(
                "REFUSE_INVALID_ARGUMENT",
                "@Encrypt = 'Y' needs Enterprise, Standard or Developer edition; this replica is Express (SERVERPROPERTY('EngineEdition') = 4), which cannot encrypt backups.")).UsingPropertiesComparer());
        }

        [Test]
        public void A_certificate_whose_private_key_was_never_exported_warns()
        {
            Assert.That(Warning(EncryptWith(certificate: "NeverExported"), WithKeys()), Is.EqualTo(
                "Warning: the private key of certificate 'NeverExported' in master has never been backed up (sys.certificates.pvt_key_last_backup_date is NULL); "
                + "without it no server can restore these backups. Run BACKUP CERTIFICATE ... WITH PRIVATE KEY and keep the files away from the backups."));
            Assert.That(Warning(EncryptWith(certificate: "BackupCertificate"), WithKeys()), Is.Null);
            Assert.That(Warning(Valid, WithKeys()), Is.Null);
        }

        [Test]
        public void A_sas_credential_named_after_the_container_or_a_folder_of_it_lets_this_replica_write_there()
        {
            Assert.That(Refusal(ToUrl("https://acct.blob.core.windows.net/sql/ag1"), WithCredentials()), Is.Null);
            Assert.That(Refusal(ToUrl("https://acct.blob.core.windows.net/sql"), WithCredentials()), Is.Null);
        }

        [TestCase("https://acct.blob.core.windows.net/sqlother")]
        [TestCase("https://other.blob.core.windows.net/sql")]
        public void A_url_no_credential_is_named_after_refuses_with_its_own_code(string url)
        {
            Assert.That(Refusal(ToUrl(url), WithCredentials()), Is.EqualTo(new ArgumentRefusal(
                "REFUSE_CREDENTIAL_NOT_FOUND",
                "@URL '" + url + "': no credential in sys.credentials on this replica (SQL1) is named after its container or a folder of it with the IDENTITY "
                + "'SHARED ACCESS SIGNATURE' (or 'Managed Identity'), so SQL Server cannot write there; after a failover this replica may be the one to take the backups. "
                + "Create it here as on every replica.")).UsingPropertiesComparer());
        }

        [Test]
        public void An_s3_url_needs_a_credential_with_the_s3_access_key_identity()
        {
            ServerState state = WithCredentials().With(instance: Replica(16));

            Assert.That(Refusal(ToUrl("s3://minio:9000/sql/ag1"), state), Is.Null);
            Assert.That(Refusal(ToUrl("s3://minio:9000/other"), state)?.ReasonCode, Is.EqualTo("REFUSE_CREDENTIAL_NOT_FOUND"));
            Assert.That(Refusal(ToUrl("s3://acct.blob.core.windows.net/sql"), state)?.ReasonCode, Is.EqualTo("REFUSE_CREDENTIAL_NOT_FOUND"), "a SAS credential does not open S3");
        }

        [Test]
        public void A_named_credential_must_exist_here()
        {
            Assert.That(Refusal(ToUrl("https://acct.blob.core.windows.net/keyed").With(credential: "acct"), WithCredentials()), Is.Null);
            Assert.That(Refusal(ToUrl("https://acct.blob.core.windows.net/keyed").With(credential: "other"), WithCredentials()), Is.EqualTo(new ArgumentRefusal(
                "REFUSE_CREDENTIAL_NOT_FOUND",
                "@Credential = 'other': there is no such credential in sys.credentials on this replica (SQL1); after a failover this replica may be the one to take the backups. "
                + "Create it here as on every replica.")).UsingPropertiesComparer());
        }

        [TestCase(15, 3, "@URL to s3:// needs SQL Server 2022 (16.x) or later; this replica is SQL Server 2019 (SERVERPROPERTY('ProductMajorVersion') = 15): back up to an https:// URL or a @Directory.")]
        [TestCase(16, 4, "@URL to s3:// needs Enterprise, Standard or Developer edition; this replica's SERVERPROPERTY('EngineEdition') is 4.")]
        public void S3_before_sql_server_2022_or_on_express_is_refused(int version, int engineEdition, string message)
        {
            Assert.That(Check(ToUrl("s3://minio:9000/sql"), Replica(version, engineEdition)), Is.EqualTo(message));
        }

        [Test]
        public void Availability_groups_on_an_instance_without_them_enabled_are_refused()
        {
            Assert.That(Check(Valid.With(databases: null, availabilityGroups: "AG1"), InMemory.Instance().With(isHadrEnabled: false)), Is.EqualTo(
                "@AvailabilityGroups needs Always On availability groups enabled on this replica; SERVERPROPERTY('IsHadrEnabled') is 0: select databases with @Databases."));
        }

        private static RawBackupArguments ToUrl(string url) => Valid.With(directory: null, url: url);

        private static ServerState WithCredentials() => InMemory.State().With(
            credentials: new[]
            {
                new CredentialFacts("https://acct.blob.core.windows.net/sql", "SHARED ACCESS SIGNATURE"),
                new CredentialFacts("s3://minio:9000/sql/", "S3 Access Key"),
                new CredentialFacts("acct", "acct"),
                new CredentialFacts("s3://acct.blob.core.windows.net/sql", "SHARED ACCESS SIGNATURE"),
            });

        private static RawBackupArguments EncryptWith(string? certificate = null, string? key = null) =>
            Valid.With(encrypt: "Y", encryptionAlgorithm: "AES_256", serverCertificate: certificate, serverAsymmetricKey: key);

        private static ServerState WithKeys() => InMemory.State().With(
            certificates: new[] { new CertificateFacts("BackupCertificate", new System.DateTime(2026, 1, 1)), new CertificateFacts("NeverExported", null) },
            asymmetricKeys: new[] { new AsymmetricKeyFacts("VaultKey", true), new AsymmetricKeyFacts("LocalKey", false) });

        private static InstanceFacts Replica(int version, int engineEdition = 3) =>
            InMemory.Instance().With(productMajorVersion: version, engineEdition: engineEdition);

        /// <summary>The reason of an invalid-argument refusal, or null when this replica accepts the arguments.</summary>
        private static string? Check(RawBackupArguments raw, InstanceFacts instance)
        {
            ArgumentRefusal? refusal = Refusal(raw, InMemory.State().With(instance: instance));
            Assert.That(refusal?.ReasonCode, Is.Null.Or.EqualTo("REFUSE_INVALID_ARGUMENT"));
            return refusal?.Reason;
        }

        private static ArgumentRefusal? Refusal(RawBackupArguments raw, ServerState state)
        {
            ParsedArguments parsed = BackupArgumentParser.Parse(raw);
            Assert.That(parsed.Error, Is.Null);
            return ReplicaArgumentChecks.Check(parsed.Arguments!, state);
        }

        private static string? Warning(RawBackupArguments raw, ServerState state) =>
            ReplicaArgumentChecks.Warning(BackupArgumentParser.Parse(raw).Arguments!, state);
    }
}
