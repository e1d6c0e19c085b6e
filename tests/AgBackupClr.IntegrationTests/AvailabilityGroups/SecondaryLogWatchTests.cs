using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>docs/usp_BackupIfPreferred.md, @MaxLogAgeMinutes, under AUTOMATED_BACKUP_PREFERENCE = PRIMARY: the primary takes the LOG, and the
/// secondary that skips it can watch only its own copy of the database. Whether and how late that copy shows a LOG taken
/// on the primary (sys.database_recovery_status.last_log_backup_lsn, sys.dm_db_log_stats.log_backup_time) is not
/// documented, so the first test records what the engine shows, and the second pins that the secondary only warns.</summary>
[TestFixture]
public sealed class SecondaryLogWatchTests : AvailabilityGroupTestBase
{
    /// <summary>The shortest limit the procedure accepts.</summary>
    private const int LogAgeLimitMinutes = 1;

    /// <summary>How long the first test waits for the secondary's copy to show the primary's LOG: seconds on a synchronized group.</summary>
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Past the limit by more than the clock resolutions involved (datetime2(3), the poll).</summary>
    private static readonly TimeSpan PastTheLimit = TimeSpan.FromMinutes(LogAgeLimitMinutes) + TimeSpan.FromSeconds(5);

    [Test]
    public async Task UnderPrimaryTheSecondarysCopyShowsTheLogTakenOnThePrimaryAndHowLateItIsRecorded()
    {
        // Given the primary preferred for LOG, and what the secondary's dbo.fn_BackupStatus says before
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 50);
        SqlRow before = await Cluster.BackupStatusAsync(Cluster.Secondary);

        // When the primary's job step takes the LOG, and the secondary's function and redo progress are read until its
        // last_log_backup_lsn is that LOG's last LSN, or the time is up
        RecordedRun run = await Cluster.Primary.Server.BackUpRecordedAsync(JobStep(), AvailabilityGroupCluster.DatabaseName);
        var sinceTheLog = Stopwatch.StartNew();
        Assert.That(run.Taken, Has.Count.EqualTo(1), "the primary takes the LOG under PRIMARY; " + run.Outcome.Describe());
        RecordedBackup log = run.Taken[0];
        SqlRow onSecondary = await Eventually.ReadUntilAsync(
            () => Cluster.BackupStatusAsync(Cluster.Secondary), status => status.Numeric("last_log_backup_lsn") == log.LastLsn, PropagationTimeout);
        TimeSpan shownAfter = sinceTheLog.Elapsed;
        SqlRow redo = await Cluster.Secondary.Server.QuerySingleFileAsync("master", "AvailabilityGroup/RedoProgress.sql");
        SqlRow onPrimary = await Cluster.BackupStatusAsync(Cluster.Primary);

        // Then it is printed, for docs/integration-assumptions.md: whether the secondary's copy followed, how late, and what
        // its redo progress said then
        string record = string.Create(
            CultureInfo.InvariantCulture,
            $"Under PRIMARY, LOG on the primary ended at LSN {log.LastLsn}. The secondary's last_log_backup_lsn was {before.Text("last_log_backup_lsn") ?? "NULL"} before "
            + $"and {onSecondary.Text("last_log_backup_lsn") ?? "NULL"} after {shownAfter.TotalSeconds:F1} s; its log_backup_time_utc {onSecondary.Text("log_backup_time_utc") ?? "NULL"} "
            + $"(the primary's {onPrimary.Text("log_backup_time_utc") ?? "NULL"}). Secondary redo: {Describe(redo)}.");
        await TestContext.Out.WriteLineAsync(record);
        Assert.Multiple(() =>
        {
            Assert.That(
                onSecondary.Numeric("last_log_backup_lsn"),
                Is.EqualTo(log.LastLsn),
                "sys.database_recovery_status.last_log_backup_lsn on the SECONDARY follows a LOG taken on the primary. The secondary's watch only warns "
                + "either way; if it does not follow, the warning comes on every run and docs/usp_BackupIfPreferred.md must say a secondary cannot watch at all; " + record);
            Assert.That(
                onSecondary.Time("log_backup_time_utc"),
                Is.EqualTo(onPrimary.Time("log_backup_time_utc")),
                "sys.dm_db_log_stats.log_backup_time on the SECONDARY is the primary's LOG. If not, dbo.fn_BackupStatus's log_backup_time_utc and "
                + "newest_log_backup_utc on a secondary miss the primary's log backups, and docs/functions.md's rows for them must say so; " + record);
        });
    }

    [Test]
    public async Task UnderPrimaryTheSecondaryThatSkipsTheLogWarnsOnceItsCopyStoodStillForTheLimitAndItsJobStepSucceeds()
    {
        // Given the primary preferred for LOG, the secondary's copy showing the primary's last_log_backup_lsn, and the
        // secondary's job step with @MaxLogAgeMinutes = 1 run once, so its watch records that LSN
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 50);
        BackupBaseLsns primary = await Cluster.BaseLsnsAsync(Cluster.Primary);
        await Eventually.ReadUntilAsync(() => Cluster.BaseLsnsAsync(Cluster.Secondary), lsns => lsns.LastLogBackupLsn == primary.LastLogBackupLsn, PropagationTimeout);
        ProcedureOutcome first = await Cluster.Secondary.Server.BackUpAsync(JobStep());
        DateTime watchedFrom = await Cluster.Secondary.Server.UtcNowAsync();
        Assert.That(first.Single(AvailabilityGroupCluster.DatabaseName).ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"), first.Describe());

        // When no log backup is taken for longer than the limit by the secondary's clock, and its job step runs again
        await Eventually.WaitUntilAsync(
            async () => await Cluster.Secondary.Server.UtcNowAsync() > watchedFrom + PastTheLimit,
            PastTheLimit + TimeSpan.FromMinutes(1),
            $"the secondary's clock to pass {LogAgeLimitMinutes} minute(s) after its watch recorded the LSN");
        RecordedRun late = await Cluster.Secondary.Server.BackUpRecordedAsync(JobStep(), AvailabilityGroupCluster.DatabaseName);
        SqlRow status = await Cluster.BackupStatusAsync(Cluster.Secondary);

        // Then its row stays SKIP_NOT_PREFERRED with the warning, nothing is backed up, the job step succeeds, and its
        // dbo.fn_BackupStatus says since when its watch saw the LSN
        BackupDecision row = late.Outcome.Single(AvailabilityGroupCluster.DatabaseName);
        string context = late.Outcome.Describe() + " Status: last_log_backup_lsn_first_seen_utc " + (status.Text("last_log_backup_lsn_first_seen_utc") ?? "NULL");
        Assert.Multiple(() =>
        {
            Assert.That((row.Action, row.ReasonCode), Is.EqualTo(("SKIP", "SKIP_NOT_PREFERRED")), "a secondary never refuses over its own copy; " + context);
            Assert.That(row.Reason, Does.Contain("WARN_LOG_BACKUP_OVERDUE: last_log_backup_lsn of '" + AvailabilityGroupCluster.DatabaseName + "'"), context);
            Assert.That(row.Reason, Does.Contain($"more than @MaxLogAgeMinutes = {LogAgeLimitMinutes}. This replica does not refuse: it is a secondary replica"), context);
            Assert.That(late.TakenKinds, Is.Empty, context);
            Assert.That(late.Outcome.Error, Is.Null, "the job step succeeds; " + context);
            Assert.That(
                status.Time("last_log_backup_lsn_first_seen_utc"),
                Is.LessThanOrEqualTo(watchedFrom + TimeSpan.FromMilliseconds(4)),
                "recorded by the first run (datetime rounds up to 1/300 s); " + context);
        });
    }

    /// <summary>The LOG job step both replicas run, to NUL, with the shortest @MaxLogAgeMinutes.</summary>
    private static BackupRequest JobStep()
    {
        return BackupRequest.For(AvailabilityGroupCluster.DatabaseName, BackupKind.Log, "NUL", execute: true) with
        {
            MaxLogAgeMinutes = LogAgeLimitMinutes,
        };
    }

    private static string Describe(SqlRow redo)
    {
        string[] columns =
        [
            "synchronization_state_desc", "is_suspended", "last_received_time", "last_hardened_time", "last_redone_time", "redo_queue_size",
            "last_redone_lsn", "last_hardened_lsn", "utc_now", "local_now",
        ];
        var parts = new List<string>();
        foreach (string column in columns)
        {
            parts.Add(column + " " + (redo.Text(column) ?? "NULL"));
        }

        return string.Join(", ", parts);
    }
}
