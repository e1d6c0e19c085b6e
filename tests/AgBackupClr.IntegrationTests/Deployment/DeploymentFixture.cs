using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Deployment;

/// <summary>What the deployment scenarios check after an install, an upgrade or an uninstall. Each scenario has an
/// instance of its own: sys.trusted_assemblies is instance-wide, so another fixture's install would change the answer.</summary>
public abstract class DeploymentFixture : OwnInstanceFixture
{
    /// <summary>The procedure in <paramref name="database"/> runs and really backs up: a COPY_ONLY full backup of
    /// master to NUL (master takes FULL backups, docs/rules.md F9, and exists everywhere), recorded in msdb as type D, copy-only.</summary>
    internal async Task AssertTheProcedureBacksUpAsync(string database, string given)
    {
        RecordedRun run = await Server.BackUpRecordedAsync(BackupRequest.CopyOnlyFullOfMasterToNul, "master", database: database);
        string context = $"dbo.usp_BackupIfPreferred in {database} {given}: {run.Outcome.Describe()}";

        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome.Error, Is.Null, context);
            Assert.That(run.Outcome.Rows.Select(row => row.Action), Is.EqualTo(new[] { "BACKUP" }), context);
            Assert.That(run.TakenKinds, Is.EqualTo(new[] { BackupKind.CopyOnlyFull.RecordedKind() }), "msdb.dbo.backupset; " + context);
        });
    }

    /// <summary>README, Deploy to every replica: deploy.sql and uninstall.sql drop every AgBackupClr hash that no assembly on the instance
    /// still uses, and only those.</summary>
    internal static void AssertEveryTrustedHashIsStillUsed(IReadOnlyList<TrustedHash> trusted, string after)
    {
        Assert.That(
            trusted.Where(hash => hash.DatabasesHolding == 0),
            Is.Empty,
            $"after {after}, sys.trusted_assemblies keeps AgBackupClr hashes that no assembly uses; all: {string.Join("; ", trusted)}");
    }

    /// <summary>The AgBackupClr objects and assemblies of one database, without the instance-wide trusted hashes that
    /// Sql/Deployment/InstalledObjects.sql also lists.</summary>
    internal async Task<IReadOnlyList<string>> DatabaseObjectsAsync(string database)
    {
        IReadOnlyList<string> items = await DeploymentState.InstalledObjectsAsync(Server, database);
        return items.Where(item => !item.StartsWith("trusted assembly ", System.StringComparison.Ordinal)).ToArray();
    }
}
