using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// The second classic failover trap: the backup certificate created on the primary only. Each replica reads its own
/// master (docs/t-sql/statements/backup-transact-sql.md, ENCRYPTION), so the replica without it refuses the job step
/// now, whichever replica is preferred, instead of failing after the failover that makes it the one to back up.
/// </summary>
[TestFixture]
public sealed class EncryptionTests : AvailabilityGroupTestBase
{
    private const string Certificate = "AgBackupPrimaryOnlyCertificate";

    [OneTimeSetUp]
    public Task GivenABackupCertificateInMasterOnThePrimaryOnly() =>
        Cluster.Primary.Server.ExecuteFileAsync("master", "Common/CreateBackupCertificate.sql", new Dictionary<string, object?>
        {
            ["@MasterKeyPassword"] = SqlLogin.NewPassword(),
            ["@CertificateName"] = Certificate,
        });

    [OneTimeTearDown]
    public Task DropTheCertificate() =>
        Cluster.Primary.Server.ExecuteFileAsync("master", "Common/DropBackupCertificate.sql", new Dictionary<string, object?> { ["@CertificateName"] = Certificate });

    [Test]
    public async Task TheReplicaWithoutTheCertificateRefusesAndTheOneWithItDecidesAsUsual()
    {
        // When the same encrypted LOG job step runs as a dry run on both replicas
        BackupRequest request = BackupRequest.For(AvailabilityGroupCluster.DatabaseName, BackupKind.Log, "NUL", execute: false) with
        {
            Encrypt = "Y",
            EncryptionAlgorithm = "AES_256",
            ServerCertificate = Certificate,
        };
        ProcedureOutcome onPrimary = await Cluster.Primary.Server.BackUpAsync(request);
        ProcedureOutcome onSecondary = await Cluster.Secondary.Server.BackUpAsync(request);

        // Then the secondary refuses with REFUSE_ENCRYPTOR_NOT_FOUND and fails its call; the primary decides by placement,
        // and a BACKUP there carries ENCRYPTION and the warning that the private key was never backed up
        BackupDecision primaryRow = onPrimary.Rows[0];
        Assert.Multiple(() =>
        {
            Assert.That(onSecondary.Rows[0].ReasonCode, Is.EqualTo("REFUSE_ENCRYPTOR_NOT_FOUND"), onSecondary.Describe());
            Assert.That(onSecondary.Error?.Class, Is.EqualTo(16), onSecondary.Describe());
            Assert.That(primaryRow.ReasonCode, Is.Not.EqualTo("REFUSE_ENCRYPTOR_NOT_FOUND"), onPrimary.Describe());
            if (primaryRow.Action == "BACKUP")
            {
                Assert.That(primaryRow.Command, Does.Contain("ENCRYPTION (ALGORITHM = AES_256, SERVER CERTIFICATE = [" + Certificate + "])"), onPrimary.Describe());
                Assert.That(primaryRow.Reason, Does.Contain("pvt_key_last_backup_date is NULL"), onPrimary.Describe());
            }
        });
    }
}
