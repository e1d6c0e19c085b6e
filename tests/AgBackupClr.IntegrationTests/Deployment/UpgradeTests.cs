using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>README, Deploy to every replica: this version's deploy.sql over the last release (<see cref="ReleasedVersion"/>) keeps the
/// decision log and the permissions granted on the objects, trusts the new bits and forgets the released ones;
/// uninstall.sql afterwards leaves neither version behind.</summary>
[TestFixture]
public sealed class UpgradeTests : DeploymentFixture
{
    /// <summary>The user of Sql/Deployment/GrantToJobRunner.sql.</summary>
    private static readonly string[] JobRunnerGrants =
        ["GRANT EXECUTE dbo.usp_BackupIfPreferred", "GRANT SELECT dbo.fn_ValidateBackupRequest"];

    /// <summary>What the upgrade adds for whoever may run usp_BackupIfPreferred: EXECUTE on each procedure it calls (08-commit.sql).</summary>
    private static readonly string[] CalledProcedureGrants =
        ["GRANT EXECUTE dbo.usp_LogBackupDecision", "GRANT EXECUTE dbo.usp_DeleteBackupDecisionLog", "GRANT EXECUTE dbo.usp_ObserveLogBackupLsn"];

    [Test]
    public async Task UpgradingTheReleasedVersionKeepsTheDecisionLogAndTheGrants()
    {
        // Given the released version installed, used once (one logged decision), and a DBA's grants on its objects
        const string database = "AgBackupUpgraded";
        string released = ReleasedVersion.ReadDeployScript();
        await Server.DeployAsync(database, released);
        ProcedureOutcome usedBefore = await Server.BackUpAsync(BackupRequest.CopyOnlyFullOfMasterToNul, database: database);
        Assert.That(usedBefore.Error, Is.Null, "the released version runs: " + usedBefore.Describe());
        await Server.ExecuteFileAsync(database, "Deployment/GrantToJobRunner.sql");
        int loggedBefore = await DeploymentState.DecisionLogCountAsync(Server, database);

        // When this version's deploy.sql runs over it
        string current = RepositoryFiles.ReadDeployScript();
        await Server.DeployAsync(database, current);

        // Then the rows and the grants are kept, the new bits are installed and trusted, the released hash is gone, and
        // there is no dbo.ObservedDifferentialBase nor dbo.usp_ObserveDifferentialBase
        IReadOnlyList<string> objects = await DatabaseObjectsAsync(database);
        int loggedAfter = await DeploymentState.DecisionLogCountAsync(Server, database);
        IReadOnlyList<SqlRow> grants = await Server.QueryFileAsync(database, "Deployment/JobRunnerPermissions.sql");
        InstalledAssembly? installed = await DeploymentState.InstalledAsync(Server, database);
        IReadOnlyList<TrustedHash> trusted = await DeploymentState.TrustedHashesAsync(Server);
        SqlRow backupFile = await Server.QuerySingleFileAsync(database, "Deployment/DecisionLogBackupFileType.sql");
        Assert.Multiple(() =>
        {
            Assert.That(loggedBefore, Is.GreaterThan(0), "the released version logged its decision in dbo.BackupDecisionLog");
            Assert.That(backupFile.Number("max_length"), Is.EqualTo(-1), "the kept table's backup_file is widened to nvarchar(max) for striped backups");
            Assert.That(loggedAfter, Is.EqualTo(loggedBefore), "deploy.sql keeps dbo.BackupDecisionLog and its rows");
            Assert.That(
                grants.Select(row => row.Text("permission")),
                Is.EquivalentTo(JobRunnerGrants.Concat(CalledProcedureGrants)),
                "GRANTs on the re-created objects are given back, and whoever may run the job step may run the procedures it calls, new ones included");
            Assert.That(installed?.Hash, Is.EqualTo(DeploymentState.HashOf(current)), "the new assembly replaced the released one");
            Assert.That(
                installed?.TrustedDescription,
                Is.EqualTo(InstalledAssembly.TrustDescriptionFor(installed?.Version ?? "?", database)),
                "the new hash is trusted under a description naming this database");
            Assert.That(trusted.Select(hash => hash.Hash), Does.Not.Contain(DeploymentState.HashOf(released)), "no database holds the released assembly any more, so its hash is dropped");
            AssertEveryTrustedHashIsStillUsed(trusted, "the upgrade");
            Assert.That(objects.Where(item => item.Contains("DifferentialBase", StringComparison.Ordinal)), Is.Empty, "sys.objects after the upgrade");
        });

        // And the upgraded procedure backs up and logs through dbo.usp_LogBackupDecision into the kept table
        await AssertTheProcedureBacksUpAsync(database, "after the upgrade");
        Assert.That(await DeploymentState.DecisionLogCountAsync(Server, database), Is.EqualTo(loggedAfter + 1), "one more logged decision");
    }

    [Test]
    public async Task AnUpgradeDropsTheChainGuardsMemoryOfBasesAndTheGrantOnIt()
    {
        // Given the released version with what later builds added for the old chain guard: dbo.usp_ObserveDifferentialBase,
        // dbo.ObservedDifferentialBase, and a DBA's GRANT EXECUTE on that procedure
        const string database = "AgBackupChainGuardMemory";
        await Server.DeployAsync(database, ReleasedVersion.ReadDeployScript());
        await Server.ExecuteFileAsync(database, "Deployment/GrantToJobRunner.sql");
        await Server.ExecuteFileAsync(database, "Deployment/CreateChainGuardMemory.sql");

        // When this version's deploy.sql runs over it (a failed re-GRANT on the dropped procedure would throw here)
        await Server.DeployAsync(database);

        // Then neither object is left, no grant names them, and the procedure backs up
        IReadOnlyList<string> objects = await DatabaseObjectsAsync(database);
        IReadOnlyList<SqlRow> grants = await Server.QueryFileAsync(database, "Deployment/JobRunnerPermissions.sql");
        Assert.Multiple(() =>
        {
            Assert.That(objects.Where(item => item.Contains("DifferentialBase", StringComparison.Ordinal)), Is.Empty, "sys.objects after the upgrade");
            Assert.That(grants.Select(row => row.Text("permission")), Is.EquivalentTo(JobRunnerGrants.Concat(CalledProcedureGrants)), "the grants the upgrade gives back");
        });
        await AssertTheProcedureBacksUpAsync(database, "after the upgrade that dropped the chain guard's memory");
    }

    [Test]
    public async Task AnUpgradeGrantsTheLogWatchToWhoeverMayReadTheStatusFunctionAndKeepsADeny()
    {
        // Given this version installed, and two readers of dbo.fn_BackupStatus without SELECT on the table it reads, one
        // denied it on purpose (as an install before dbo.ObservedLogBackupLsn would have left them)
        const string database = "AgBackupStatusReaders";
        await Server.DeployAsync(database);
        await Server.ExecuteFileAsync(database, "Deployment/GrantStatusReaders.sql");

        // When deploy.sql runs again
        await Server.DeployAsync(database);

        // Then the reader may select from the table too, and the DENY stays as it was (08-commit.sql)
        IReadOnlyList<SqlRow> permissions = await Server.QueryFileAsync(database, "Deployment/StatusReaderPermissions.sql");
        Assert.That(permissions.Select(row => row.Text("permission")), Is.EquivalentTo(new[]
        {
            "AgBackupStatusReader GRANT SELECT dbo.fn_BackupStatus",
            "AgBackupStatusReader GRANT SELECT dbo.ObservedLogBackupLsn",
            "AgBackupStatusReaderDenied GRANT SELECT dbo.fn_BackupStatus",
            "AgBackupStatusReaderDenied DENY SELECT dbo.ObservedLogBackupLsn",
        }));
    }

    [Test]
    public async Task UninstallingAfterAnUpgradeLeavesNeitherVersionNorItsHash()
    {
        // Given the released version upgraded to this one in a fresh utility database
        const string database = "AgBackupUpgradedThenRemoved";
        await Server.DeployAsync(database, ReleasedVersion.ReadDeployScript());
        await Server.DeployAsync(database);

        // When uninstall.sql runs there
        await Server.UninstallAsync(database);

        // Then no object or assembly of ours is left in it, and no trusted hash that no assembly uses
        IReadOnlyList<string> objects = await DatabaseObjectsAsync(database);
        IReadOnlyList<TrustedHash> trusted = await DeploymentState.TrustedHashesAsync(Server);
        Assert.Multiple(() =>
        {
            Assert.That(objects, Is.Empty, "objects and assemblies left in " + database);
            AssertEveryTrustedHashIsStillUsed(trusted, "the uninstall");
        });
    }
}
