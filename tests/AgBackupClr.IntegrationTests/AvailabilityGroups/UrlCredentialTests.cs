using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// The classic failover trap: the SAS credential named after the backup container created on the primary only; each
/// instance has its own sys.credentials. No storage account is contacted: dry runs only.
/// </summary>
[TestFixture]
public sealed class UrlCredentialTests : PrimaryOnlyPrerequisiteTestBase
{
    private const string Container = "https://agbackupclrtest.blob.core.windows.net/sql";

    protected override string ReasonCode => "REFUSE_CREDENTIAL_NOT_FOUND";

    internal override BackupRequest WithOption(BackupRequest request) => request with { Directory = null, Url = Container + "/ag" };

    internal override void AssertBackupRow(BackupDecision row, string context) =>
        Assert.That(row.Command, Does.StartWith("BACKUP LOG [" + AvailabilityGroupCluster.DatabaseName + "] TO URL = N'" + Container + "/ag/"), context);

    protected override Task CreateOnPrimaryAsync() =>
        Cluster.Primary.Server.ExecuteFileAsync("master", "Common/CreateUrlCredential.sql", new Dictionary<string, object?> { ["@CredentialName"] = Container });

    protected override Task DropFromPrimaryAsync() =>
        Cluster.Primary.Server.ExecuteFileAsync("master", "Common/DropUrlCredential.sql", new Dictionary<string, object?> { ["@CredentialName"] = Container });
}
