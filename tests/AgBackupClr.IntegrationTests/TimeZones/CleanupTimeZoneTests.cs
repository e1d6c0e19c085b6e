using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.AvailabilityGroups;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;
using static AgBackupClr.IntegrationTests.AvailabilityGroups.CleanupScenario;

namespace AgBackupClr.IntegrationTests.TimeZones;

/// <summary>
/// @CleanupTime on replicas whose local clock is not UTC (TZ=America/New_York; SQL Server on Linux follows TZ,
/// docs/linux/sql-server-linux-docker-container-configure.md): backup headers, msdb and xp_delete_file all use the local
/// clock, so the chain guard's cutoff is the anchor FULL's header BackupStartDate less 2 hours, read as written, and the
/// anchor stays. Also records which clock sys.master_files.differential_base_time follows (undocumented,
/// docs/relational-databases/system-catalog-views/sys-master-files-transact-sql.md), which dbo.fn_BackupStatus reports as
/// differential_base_time_utc. A namespace of its own, so that the shared group's two containers have stopped while its own
/// two and a third that writes the anchor run (README: up to four instances at once).
/// </summary>
[TestFixture]
public sealed class CleanupTimeZoneTests : AvailabilityGroupTestBase
{
    private const string TimeZone = "America/New_York";

    // 11 hours behind UTC all year: a FULL written there is dated 6 or 7 hours before New York's clock, old enough to anchor.
    private const string WriterZone = "Pacific/Pago_Pago";
    private const string WrittenFull = "AgBackupClrPagoPago.bak";

    private AvailabilityGroupCluster? ownCluster;

    internal override AvailabilityGroupCluster Cluster =>
        ownCluster ?? throw new InvalidOperationException("The availability group in " + TimeZone + " has not been formed.");

    [OneTimeSetUp]
    public async Task FormAnAvailabilityGroupOffUtc()
    {
        // The shared group runs on UTC, where a local and a UTC reading of a time cannot be told apart.
        ownCluster = await AvailabilityGroupCluster.StartAsync(ReplicaNameOrder.PrimarySortsFirst, SqlServerImage.Default, TimeZone);
    }

    [OneTimeTearDown]
    public async Task RemoveOwnAvailabilityGroup()
    {
        if (ownCluster is not null)
        {
            await ownCluster.DisposeAsync();
        }
    }

    [Test]
    public async Task TheCutoffIsTheAnchorsHeaderStartLessTwoHoursAndTheAnchorStays()
    {
        // Given the primary's clock 4 or 5 hours behind UTC (Eastern daylight or standard time), its folder empty, the
        // preference PRIMARY (SQL Server 2025 lets a secondary take a FULL too), and in its FULL folder a FULL of the
        // database's family written by an instance 11 hours behind UTC
        SqlServerInstance primary = Cluster.Primary.Server;
        TimeSpan behind = BehindUtc(await ClocksAsync(primary));
        Assert.That(
            new[] { 4.0, 5.0 }.Min(hours => Math.Abs(behind.TotalHours - hours)),
            Is.LessThan(0.05),
            $"TZ={TimeZone} did not move the primary's clock: SYSDATETIME() is {behind} behind SYSUTCDATETIME()");
        await ResetFolderAsync(primary);
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 60);
        SqlRow anchor;
        await using (SqlServerInstance writer = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder(SqlServerImage.Default, WriterZone)))
        {
            (byte[] full, byte[]? _) = await WriteFamilyBackupsAsync(primary, writer, withLog: false);
            anchor = await PlaceAsync(primary, full, TypeFolder("FULL"), WrittenFull);
        }

        // When the primary runs the FULL job with @CleanupTime = 0
        ProcedureOutcome job = await primary.BackUpAsync(Job("FULL"));
        IReadOnlyList<string> kept = await ListAsync(primary, TypeFolder("FULL"));

        // Then it cleans from that FULL: xp_delete_file gets its header BackupStartDate (the writer's local time) less 2
        // hours, and keeps it and the job's own FULL, dated in New York's local time
        Assert.Multiple(() =>
        {
            Assert.That(job.Rows.Select(r => r.Action), Is.EqualTo(new[] { "BACKUP", "CLEANUP" }), job.Describe());
            Assert.That(Codes(job).Last(), Is.EqualTo("OK_CLEANED"), job.Describe());
            Assert.That(job.Error, Is.Null, job.Describe());
            AssertCutoffFrom(anchor, job);
            Assert.That(kept, Is.EquivalentTo(new[] { WrittenFull, WrittenFile(job) }), "the anchor and the job's FULL stay");
        });
    }

    [Test]
    public async Task WhichClockDifferentialBaseTimeFollowsIsRecorded()
    {
        // Given the primary's clock behind UTC and the preference PRIMARY
        SqlServerInstance primary = Cluster.Primary.Server;
        await ResetFolderAsync(primary);
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 60);

        // When the primary runs the FULL job, and its base and both clocks are read at once
        ProcedureOutcome full = await primary.BackUpAsync(Job("FULL"));
        SqlRow baseAndClocks = await primary.QuerySingleFileAsync("master", "AvailabilityGroup/DifferentialBaseAndClocks.sql");

        // Then differential_base_time is within minutes of one of the two clocks; which one is written to the output
        DateTime baseTime = baseAndClocks.Time("differential_base_time")!.Value;
        DateTime local = baseAndClocks.Time("local_now")!.Value;
        DateTime utc = baseAndClocks.Time("utc_now")!.Value;
        double fromLocal = Math.Abs((baseTime - local).TotalMinutes);
        double fromUtc = Math.Abs((baseTime - utc).TotalMinutes);
        string follows = fromLocal <= fromUtc ? "SYSDATETIME(), this instance's local time" : "SYSUTCDATETIME(), UTC";
        string record = string.Create(
            CultureInfo.InvariantCulture,
            $"differential_base_time {baseTime:s} right after a FULL is {fromLocal:F1} min from SYSDATETIME() {local:s} and {fromUtc:F1} min from SYSUTCDATETIME() {utc:s}: it follows {follows}");
        await TestContext.Out.WriteLineAsync(record);
        Assert.Multiple(() =>
        {
            Assert.That(full.Rows.First().Action, Is.EqualTo("BACKUP"), full.Describe());
            Assert.That(Math.Min(fromLocal, fromUtc), Is.LessThan(10), record);
        });
    }

    [Test]
    public async Task OffUtcTheLogBackupTimeIsReadSoThatItNeverLooksOlderThanItIs()
    {
        // Given the primary's clock behind UTC and the preference PRIMARY, so that the primary takes the LOG
        SqlServerInstance primary = Cluster.Primary.Server;
        TimeSpan behind = BehindUtc(await ClocksAsync(primary));
        await ResetFolderAsync(primary);
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 60);

        // When it takes a FULL and a LOG, and log_backup_time, both clocks and dbo.fn_BackupStatus are read right after
        DateTime before = (await ClocksAsync(primary)).Time("utc_now")!.Value;
        await primary.BackUpAsync(Job("FULL"));
        ProcedureOutcome log = await primary.BackUpAsync(Job("LOG"));
        SqlRow stats = await primary.QuerySingleFileAsync("master", "AvailabilityGroup/LogBackupTimeAndClocks.sql");
        SqlRow status = await Cluster.BackupStatusAsync(Cluster.Primary);

        // Then log_backup_time is within minutes of one of the clocks (which one is written to the output), and what
        // dbo.fn_BackupStatus shows (log_backup_time_utc, the later of its two readings) is never before the LOG began, and
        // at most the zone's offset after it
        DateTime logBackupTime = stats.Time("log_backup_time")!.Value;
        double fromLocal = Math.Abs((logBackupTime - stats.Time("local_now")!.Value).TotalMinutes);
        double fromUtc = Math.Abs((logBackupTime - stats.Time("utc_now")!.Value).TotalMinutes);
        string record = string.Create(
            CultureInfo.InvariantCulture,
            $"log_backup_time {logBackupTime:s} right after a LOG is {fromLocal:F1} min from SYSDATETIME() and {fromUtc:F1} min from SYSUTCDATETIME(): it follows {(fromLocal <= fromUtc ? "this instance's local time" : "UTC")}");
        await TestContext.Out.WriteLineAsync(record);
        DateTime read = status.Time("log_backup_time_utc")!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(log.Rows.First().Action, Is.EqualTo("BACKUP"), log.Describe());
            Assert.That(Math.Min(fromLocal, fromUtc), Is.LessThan(10), record);
            Assert.That(read, Is.GreaterThanOrEqualTo(before.AddMinutes(-1)), "on the replica that took it, a zone must never make the log backup look older than it is; " + record);
            Assert.That(read, Is.LessThanOrEqualTo(status.Time("server_utc_now")!.Value + behind + TimeSpan.FromMinutes(1)), record);
        });
    }
}
