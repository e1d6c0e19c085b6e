using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>An encrypted backup with a certificate in master: SQL Server writes it, and RESTORE VERIFYONLY reads it back.</summary>
[TestFixture]
[Category("Integration")]
public sealed class EncryptionTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private const string Certificate = "AgBackupStandaloneCertificate";

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [OneTimeSetUp]
    public Task GivenABackupCertificateInMaster() =>
        Server.ExecuteFileAsync("master", "Common/CreateBackupCertificate.sql", new Dictionary<string, object?>
        {
            ["@MasterKeyPassword"] = SqlLogin.NewPassword(),
            ["@CertificateName"] = Certificate,
        });

    [Test]
    public async Task AnEncryptedBackupIsWrittenAndVerified()
    {
        // When the procedure takes an encrypted, verified FULL backup to the container's disk
        ProcedureOutcome outcome = await Server.BackUpAsync(new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory)
        {
            Encrypt = "Y",
            EncryptionAlgorithm = "AES_256",
            ServerCertificate = Certificate,
            Verify = "Y",
        });

        // Then it ran with ENCRYPTION, verified, and warned that the certificate's private key was never exported
        BackupDecision row = outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), outcome.Describe());
            Assert.That(row.Command, Does.Contain("ENCRYPTION (ALGORITHM = AES_256, SERVER CERTIFICATE = [" + Certificate + "])"), outcome.Describe());
            Assert.That(row.Reason, Does.Contain("pvt_key_last_backup_date is NULL"), outcome.Describe());
        });
    }

    [Test]
    public async Task AMissingCertificateRefusesAndNothingRuns()
    {
        // When the procedure is asked to encrypt with a certificate master does not have
        var request = new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory)
        {
            Encrypt = "Y",
            EncryptionAlgorithm = "AES_256",
            ServerCertificate = "NoSuchCertificate",
        };

        // Then it refuses with its own code and runs nothing
        await RefusedCall.AssertAsync(Server, Database, request, "REFUSE_ENCRYPTOR_NOT_FOUND");
    }
}
