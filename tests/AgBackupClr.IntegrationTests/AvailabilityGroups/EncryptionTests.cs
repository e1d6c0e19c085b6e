using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// The second classic failover trap: the backup certificate created on the primary only. It lives in master
/// (docs/t-sql/statements/backup-transact-sql.md, ENCRYPTION), and each instance has its own.
/// </summary>
[TestFixture]
public sealed class EncryptionTests : PrimaryOnlyPrerequisiteTestBase
{
    private const string Certificate = "AgBackupPrimaryOnlyCertificate";

    protected override string ReasonCode => "REFUSE_ENCRYPTOR_NOT_FOUND";

    internal override BackupRequest WithOption(BackupRequest request) =>
        request with { Encrypt = "Y", EncryptionAlgorithm = "AES_256", ServerCertificate = Certificate };

    internal override void AssertBackupRow(BackupDecision row, string context)
    {
        Assert.That(row.Command, Does.Contain("ENCRYPTION (ALGORITHM = AES_256, SERVER CERTIFICATE = [" + Certificate + "])"), context);
        Assert.That(row.Reason, Does.Contain("pvt_key_last_backup_date is NULL"), "the private key was never exported; " + context);
    }

    protected override Task CreateOnPrimaryAsync() =>
        Cluster.Primary.Server.ExecuteFileAsync("master", "Common/CreateBackupCertificate.sql", new Dictionary<string, object?>
        {
            ["@MasterKeyPassword"] = SqlLogin.NewPassword(),
            ["@CertificateName"] = Certificate,
        });

    protected override Task DropFromPrimaryAsync() =>
        Cluster.Primary.Server.ExecuteFileAsync("master", "Common/DropBackupCertificate.sql", new Dictionary<string, object?> { ["@CertificateName"] = Certificate });
}
