using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.AvailabilityGroups;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.SqlServer2025;

/// <summary>docs/rules.md F3 and F7 on SQL Server 2025 (17.x), in an availability group of its own on the image
/// <see cref="SqlServerImage.Sql2025"/> chooses: regular FULL and DIFF backups on a secondary, with and without the
/// trace flags early builds needed, and sys.fn_hadr_backup_is_preferred_replica never answering 1 on the primary under
/// SECONDARY (olahallengren/sql-server-maintenance-solution#1173 reports a 2025 build that did).</summary>
[TestFixture]
public sealed class SqlServer2025Tests : AvailabilityGroupTestBase
{
    private const int TimesAsked = 50;

    // Spread over five seconds: the reported wrong answer came now and then, more often while the database was quiet.
    private const int MillisecondsBetweenAsks = 100;

    private AvailabilityGroupCluster? cluster;

    internal override AvailabilityGroupCluster Cluster =>
        cluster ?? throw new InvalidOperationException("The SQL Server 2025 availability group has not been formed.");

    [OneTimeSetUp]
    public async Task FormAnAvailabilityGroupOnSqlServer2025()
    {
        cluster = await AvailabilityGroupCluster.StartAsync(ReplicaNameOrder.PrimarySortsFirst, SqlServerImage.Sql2025);
        ServerFacts facts = cluster.Secondary.Facts;
        Assert.That(
            (facts.ProductMajorVersion, facts.EngineEdition),
            Is.EqualTo((17, 3)),
            $"{SqlServerImage.Sql2025} must run SQL Server 2025 with EngineEdition 3 (MSSQL_PID {SqlServerImage.Sql2025.ProductId}); it runs {facts}");
    }

    [OneTimeTearDown]
    public async Task RemoveTheAvailabilityGroup()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    [Test]
    public async Task RegularFullAndDiffRunOnThePreferredSecondary(
        [Values(BackupKind.Full, BackupKind.Diff)] BackupKind kind, [Values] bool traceFlagsOn)
    {
        // Given the secondary preferred (SECONDARY, equal priorities), and trace flags 3261/3262 on or off on both replicas
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);
        await SetBackupTraceFlagsAsync(traceFlagsOn);
        string context = $"{kind} on the SQL Server {Cluster.Secondary.Facts.ProductVersion} secondary, trace flags 3261/3262 {(traceFlagsOn ? "on" : "off")}";

        // When a native backup of this kind runs on the secondary
        NativeBackupOutcome native = await Cluster.NativeBackupAsync(Cluster.Secondary, kind);

        // Then SQL Server takes it whatever the flags (docs/rules.md F3: no flag needed on the GA build), and the procedure backs
        // it up there, recorded as a regular (not copy-only) backup, while the primary leaves it to the secondary
        Assert.That(native.Succeeded, Is.True, $"native {context}: {native}");
        BackupDecision onSecondary = await AssertRealRunDoesWhatItSaysAsync(Cluster.Secondary, kind);
        BackupDecision onPrimary = await AssertDryRunFollowsTheEngineAsync(Cluster.Primary, kind);
        Assert.Multiple(() =>
        {
            Assert.That(onSecondary.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"), "procedure; " + context);
            Assert.That(onPrimary.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"), "procedure on the primary; " + context);
        });
    }

    [Test]
    public async Task ThePrimaryIsNeverPreferredUnderSecondaryWithEqualPriorities()
    {
        // Given preference SECONDARY with equal priorities and nothing else happening in the database
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);

        // When the primary asks sys.fn_hadr_backup_is_preferred_replica fifty times, and the secondary once
        SqlRow onPrimary = await Cluster.Primary.Server.QuerySingleFileAsync(
            "master",
            "AvailabilityGroup/IsPreferredReplicaRepeatedly.sql",
            new Dictionary<string, object?>
            {
                ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName,
                ["@Times"] = TimesAsked,
                ["@DelayMilliseconds"] = MillisecondsBetweenAsks,
            });
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);

        // Then the primary answers 0 every time and the secondary 1: exactly one replica backs up
        string build = $"SQL Server {Cluster.Primary.Facts.ProductVersion}";
        Assert.Multiple(() =>
        {
            Assert.That(onPrimary.Number("times_preferred"), Is.EqualTo(0), $"answers of 1 on the primary under SECONDARY on {build} (olahallengren/sql-server-maintenance-solution#1173)");
            Assert.That(secondaryPreferred, Is.True, "on the secondary, " + build);
        });
    }

    private async Task SetBackupTraceFlagsAsync(bool on)
    {
        foreach (Replica replica in new[] { Cluster.Primary, Cluster.Secondary })
        {
            await replica.Server.ExecuteFileAsync("master", "AvailabilityGroup/SetBackupTraceFlags.sql", new Dictionary<string, object?> { ["@On"] = on });
            IReadOnlyList<SqlRow> status = await replica.Server.QueryFileAsync("master", "AvailabilityGroup/BackupTraceFlagStatus.sql");
            Assert.That(
                status.Select(row => row.Flag("Global")),
                Is.EqualTo(new bool?[] { on, on }),
                $"DBCC TRACESTATUS (3261, 3262) on the {replica.Side} after turning them {(on ? "on" : "off")}");
        }
    }
}
