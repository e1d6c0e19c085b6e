using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>docs/functions.md, dbo.fn_BackupStatus, and @MaxLogAgeMinutes on the two replicas: each
/// replica's msdb holds only its own backups, and which of the database's own columns (differential base, log backup
/// position and time) a replica keeps current after a backup on the other replica is not documented, so it is pinned
/// here. @MaxLogAgeMinutes on the primary that skips the LOG and the cleanup guard of issue 15 rely on it.</summary>
[TestFixture]
public sealed class BackupStatusFunctionTests : AvailabilityGroupTestBase
{
    /// <summary>What the replica that skips the LOG is given: the shortest limit the procedure accepts.</summary>
    private const int LogAgeLimitMinutes = 1;

    // A backup's effect on the database reaches the other replica with the log it is recorded in: seconds on a
    // synchronized group.
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Past the limit by more than the clock resolutions involved (datetime, the CLR's clock, the poll).</summary>
    private static readonly TimeSpan PastTheLimit = TimeSpan.FromMinutes(LogAgeLimitMinutes) + TimeSpan.FromSeconds(5);

    [Test]
    public async Task EachReplicaShowsItsOwnHistoryAndWhichDatabaseColumnsFollowTheOtherReplicasBackup()
    {
        // Given the secondary preferred for LOG (docs/rules.md F6: SECONDARY, equal priorities), both replicas' msdb history of the
        // database emptied, and the primary's differential base before the test's FULL
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);
        await Cluster.DeleteBackupHistoryAsync(Cluster.Primary);
        await Cluster.DeleteBackupHistoryAsync(Cluster.Secondary);
        decimal? baseBefore = (await Cluster.BaseLsnsAsync(Cluster.Primary)).DifferentialBaseLsn;

        // When the procedure takes a FULL on the primary (only the primary before SQL Server 2025; the override keeps it
        // there on 2025, where a secondary may take it) and then the LOG on the preferred secondary
        RecordedBackup full = await BackUpAsync(Cluster.Primary, JobStep(BackupKind.Full) with { OverrideBackupPreference = "Y" });
        RecordedBackup log = await BackUpAsync(Cluster.Secondary, JobStep(BackupKind.Log));

        // And each replica's function is read, until the other replica's backup has had the time to arrive
        SqlRow onPrimary = await Eventually.ReadUntilAsync(
            () => Cluster.BackupStatusAsync(Cluster.Primary), row => row.Numeric("last_log_backup_lsn") == log.LastLsn, PropagationTimeout);
        SqlRow onSecondary = await Eventually.ReadUntilAsync(
            () => Cluster.BackupStatusAsync(Cluster.Secondary),
            row => row.Numeric("differential_base_lsn") == onPrimary.Numeric("differential_base_lsn"),
            PropagationTimeout);

        // Then the primary's msdb holds its FULL and no LOG, the secondary's its LOG and no FULL: msdb is per instance
        string context = $"FULL on the primary {full}, LOG on the secondary {log}; primary: {Describe(onPrimary)}; secondary: {Describe(onSecondary)}";
        DateTime? logFinished = onSecondary.Time("last_log_finish_utc");
        Assert.Multiple(() =>
        {
            Assert.That(onPrimary.Text("replica_role"), Is.EqualTo("PRIMARY"), context);
            Assert.That(onSecondary.Text("replica_role"), Is.EqualTo("SECONDARY"), context);
            Assert.That(onPrimary.Text("availability_group_name"), Is.EqualTo(AvailabilityGroupCluster.AvailabilityGroupName), context);
            Assert.That(onPrimary.Text("group_database_id"), Is.Not.Null.And.EqualTo(onSecondary.Text("group_database_id")), "sys.databases.group_database_id is the same on every replica; " + context);

            BackupStatusRow.AssertHolds(onPrimary, "last_full", full, context);
            BackupStatusRow.AssertHolds(onSecondary, "last_log", log, context);
            Assert.That(onPrimary.Time("last_log_finish_utc"), Is.Null, "the secondary's LOG is in the secondary's msdb only; " + context);
            Assert.That(onSecondary.Time("last_full_finish_utc"), Is.Null, "the primary's FULL is in the primary's msdb only; " + context);
            Assert.That(onPrimary.Time("last_diff_finish_utc"), Is.Null, context);
            Assert.That(onSecondary.Time("last_diff_finish_utc"), Is.Null, context);
        });

        // Then the database's own columns: the differential base is the primary's FULL on both replicas, and the log backup
        // position and time are the secondary's LOG on both. Undocumented, pinned here; each message says who relies on it.
        Assert.Multiple(() =>
        {
            Assert.That(onPrimary.Numeric("differential_base_lsn"), Is.GreaterThan(baseBefore ?? 0), "the regular FULL is the new differential base on the primary; " + context);
            Assert.That(
                onPrimary.Numeric("differential_base_lsn"),
                Is.InRange(full.FirstLsn ?? decimal.MaxValue, full.LastLsn ?? decimal.MinValue),
                "sys.master_files.differential_base_lsn is the FULL's checkpoint, inside the log the FULL holds; " + context);
            Assert.That(onPrimary.Time("differential_base_time_utc"), Is.EqualTo(onPrimary.Time("server_utc_now")).Within(BackupStatusRow.Recent), "the FULL's time, in UTC; " + context);
            Assert.That(
                onSecondary.Numeric("differential_base_lsn"),
                Is.EqualTo(onPrimary.Numeric("differential_base_lsn")),
                "sys.master_files.differential_base_lsn on the SECONDARY follows the FULL taken on the primary. If not, the cleanup guard of issue 15 cannot "
                + "find the newest FULL on a replica whose msdb has none, and would have to read it from the primary; " + context);
            Assert.That(
                onSecondary.Time("differential_base_time_utc"),
                Is.EqualTo(onPrimary.Time("differential_base_time_utc")),
                "sys.master_files.differential_base_time on the SECONDARY is the primary's FULL. If not, the cleanup guard of issue 15, which keeps every "
                + "file newer than that FULL, would compute its cutoff from a stale (or no) time on the secondary and could delete the chain it must keep; " + context);

            Assert.That(onSecondary.Numeric("last_log_backup_lsn"), Is.EqualTo(log.LastLsn), "sys.database_recovery_status where the next LOG starts, after the LOG taken here; " + context);
            Assert.That(
                onPrimary.Numeric("last_log_backup_lsn"),
                Is.EqualTo(log.LastLsn),
                "sys.database_recovery_status.last_log_backup_lsn on the PRIMARY follows the LOG taken on the secondary: one log chain across the replicas "
                + "(docs/rules.md F1). If not, a LOG on the primary after a failover would not continue the chain, and @MaxLogAgeMinutes, which watches it on the "
                + "primary, would refuse although the secondary backs the log up; " + context);
            Assert.That(onSecondary.Time("log_backup_time_utc"), Is.EqualTo(logFinished).Within(BackupStatusRow.Recent), "sys.dm_db_log_stats.log_backup_time on the secondary is the LOG taken there; " + context);
            Assert.That(
                onPrimary.Time("log_backup_time_utc"),
                Is.EqualTo(logFinished).Within(BackupStatusRow.Recent),
                "sys.dm_db_log_stats.log_backup_time on the PRIMARY follows the LOG taken on the secondary. If not, dbo.fn_BackupStatus's "
                + "log_backup_time_utc and newest_log_backup_utc on the primary miss the secondary's log backups, and docs/functions.md's rows for them must say so; " + context);
            Assert.That(
                onPrimary.Time("newest_log_backup_utc"),
                Is.EqualTo(onPrimary.Time("log_backup_time_utc")),
                "with no LOG in its own msdb, the newest log backup the primary can see is the database's own log_backup_time; " + context);
            Assert.That(
                onSecondary.Time("newest_log_backup_utc"),
                Is.EqualTo(new[] { logFinished, onSecondary.Time("log_backup_time_utc") }.Max()),
                "the newer of its own msdb's LOG and the database's log_backup_time; " + context);
        });
    }

    [Test]
    public async Task ThePrimaryThatSkipsTheLogFailsItsJobStepOnceTheLsnStoodStillForTheLimitAndSkipsOnceALogMovesIt()
    {
        // Given the secondary preferred for LOG, the same job step on both replicas with @MaxLogAgeMinutes = 1, the
        // primary's watch holding an older LSN of the database and a row of a database that no longer exists, and the
        // secondary's LOG taken and arrived on the primary
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);
        await Cluster.Primary.Server.ExecuteFileAsync(
            SqlServerInstance.UtilityDatabase, "AvailabilityGroup/PlantObservedLogBackupLsns.sql", new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName });
        RecordedBackup log = await BackUpAsync(Cluster.Secondary, JobStep(BackupKind.Log));
        await Eventually.ReadUntilAsync(() => Cluster.BaseLsnsAsync(Cluster.Primary), lsns => lsns.LastLogBackupLsn == log.LastLsn, PropagationTimeout);

        // When the primary's job step runs, skips, and records the LSN it sees
        ProcedureOutcome first = await Cluster.Primary.Server.BackUpAsync(JobStep(BackupKind.Log));
        IReadOnlyList<SqlRow> watched = await Cluster.Primary.Server.QueryFileAsync(SqlServerInstance.UtilityDatabase, "Common/ObservedLogBackupLsns.sql");

        // Then its row is a SKIP, and its watch holds one row: the LSN the secondary's LOG left, first seen now by the
        // primary's UTC clock; the older row and the dropped database's are gone (dbo.usp_ObserveLogBackupLsn)
        string firstContext = first.Describe() + "; watched: " + string.Join("; ", watched.Select(DescribeWatched));
        Assert.Multiple(() =>
        {
            Assert.That(first.Single(AvailabilityGroupCluster.DatabaseName).ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"), firstContext);
            Assert.That(first.Error, Is.Null, firstContext);
            Assert.That(watched.Select(row => (row.Text("database_name"), row.Numeric("last_log_backup_lsn"))), Is.EqualTo(new[] { (AvailabilityGroupCluster.DatabaseName, log.LastLsn) }),
                "one row, the newest, of a database that exists; " + firstContext);
            Assert.That(watched.Single().Time("first_seen_utc"), Is.EqualTo(watched.Single().Time("server_utc_now")).Within(BackupStatusRow.Recent), "SYSUTCDATETIME() of the run; " + firstContext);
        });
        DateTime firstSeen = watched.Single().Time("first_seen_utc")!.Value;
        SqlRow reported = await Cluster.BackupStatusAsync(Cluster.Primary);
        SqlRow reportedInLowerCase = await Cluster.Primary.Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Common/BackupStatus.sql",
            new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName.ToLowerInvariant() });
        Assert.Multiple(() =>
        {
            Assert.That(
                reported.Time("last_log_backup_lsn_first_seen_utc"),
                Is.EqualTo(firstSeen).Within(TimeSpan.FromMilliseconds(4)),
                "dbo.fn_BackupStatus reports the time the watch measures from (datetime rounds to 1/300 s); " + Describe(reported));
            Assert.That(
                reportedInLowerCase.Time("last_log_backup_lsn_first_seen_utc"),
                Is.EqualTo(reported.Time("last_log_backup_lsn_first_seen_utc")),
                "the image's case-insensitive server collation finds the database by a name in another case, and the watch's binary-collated row with it; "
                + Describe(reportedInLowerCase));
        });

        // When no log backup is taken for longer than the limit by the primary's clock, and its job step runs again
        await Eventually.WaitUntilAsync(
            async () => await Cluster.Primary.Server.UtcNowAsync() > firstSeen + PastTheLimit,
            PastTheLimit + TimeSpan.FromMinutes(1),
            $"the primary's clock to pass {LogAgeLimitMinutes} minute(s) after it first saw the LSN");
        RecordedRun overdue = await Cluster.Primary.Server.BackUpRecordedAsync(JobStep(BackupKind.Log), AvailabilityGroupCluster.DatabaseName);

        // Then its row is REFUSE_LOG_BACKUP_OVERDUE naming the preferred replica and the limit, nothing is backed up there,
        // and the call ends with the severity 16 error that fails the job step
        BackupDecision refused = overdue.Outcome.Single(AvailabilityGroupCluster.DatabaseName);
        string overdueContext = overdue.Outcome.Describe();
        Assert.Multiple(() =>
        {
            Assert.That(refused.Action, Is.EqualTo("REFUSE"), overdueContext);
            Assert.That(refused.ReasonCode, Is.EqualTo("REFUSE_LOG_BACKUP_OVERDUE"), overdueContext);
            Assert.That(refused.Reason, Does.StartWith("LOG is left to the preferred replica " + Cluster.Secondary.Name).IgnoreCase, overdueContext);
            Assert.That(refused.Reason, Does.Contain($"more than @MaxLogAgeMinutes = {LogAgeLimitMinutes}: "), overdueContext);
            Assert.That(overdue.TakenKinds, Is.Empty, "the primary refuses, it does not back up in the preferred replica's place; " + overdueContext);
            Assert.That(overdue.Outcome.Error?.Number, Is.EqualTo(ProcedureOutcome.ClosingErrorNumber), overdueContext);
            Assert.That(overdue.Outcome.Error?.Class, Is.EqualTo(16), "severity 16 fails an Agent job step; " + overdueContext);
            Assert.That(overdue.Outcome.Error?.RowsBefore, Is.EqualTo(overdue.Outcome.Rows.Count), "the closing error comes after every row; " + overdueContext);
        });

        // When the secondary's job step runs again (the limit is no reason to skip where the LOG is taken), and then the primary's
        await BackUpAsync(Cluster.Secondary, JobStep(BackupKind.Log));
        ProcedureOutcome recent = await Eventually.ReadUntilAsync(
            () => Cluster.Primary.Server.BackUpAsync(JobStep(BackupKind.Log)),
            outcome => outcome.Rows.Count == 1 && outcome.Rows[0].ReasonCode != "REFUSE_LOG_BACKUP_OVERDUE",
            PropagationTimeout);

        // Then the LOG the secondary just took moved the primary's last_log_backup_lsn: a SKIP, and the job step succeeds
        BackupDecision skipped = recent.Single(AvailabilityGroupCluster.DatabaseName);
        Assert.Multiple(() =>
        {
            Assert.That(
                skipped.ReasonCode,
                Is.EqualTo("SKIP_NOT_PREFERRED"),
                "the primary's sys.database_recovery_status.last_log_backup_lsn follows the secondary's LOG, and the watch starts again; " + recent.Describe());
            Assert.That(recent.Error, Is.Null, recent.Describe());
        });
    }

    /// <summary>The job step both replicas run, to NUL (a regular FULL to a folder), with @MaxLogAgeMinutes for a LOG (the procedure refuses it for any other type).</summary>
    private static BackupRequest JobStep(BackupKind kind)
    {
        return BackupRequest.Discarded(AvailabilityGroupCluster.DatabaseName, kind, execute: true) with
        {
            MaxLogAgeMinutes = kind == BackupKind.Log ? LogAgeLimitMinutes : null,
        };
    }

    /// <summary>The procedure backs up on this replica; msdb's record of the one backup it took.</summary>
    private async Task<RecordedBackup> BackUpAsync(Replica replica, BackupRequest request)
    {
        RecordedRun run = await replica.Server.BackUpRecordedAsync(request, AvailabilityGroupCluster.DatabaseName);
        string context = $"{request.BackupType} on the {replica.Side} {replica.Name}: {run.Outcome.Describe()}";
        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome.Error, Is.Null, context);
            Assert.That(run.Outcome.Single(AvailabilityGroupCluster.DatabaseName).Action, Is.EqualTo("BACKUP"), context);
            Assert.That(run.Taken, Has.Count.EqualTo(1), "msdb.dbo.backupset; " + context);
        });
        return run.Taken[0];
    }

    /// <summary>The columns the assertions read, so a failure shows what each replica said.</summary>
    private static string Describe(SqlRow status)
    {
        string[] columns =
        [
            "last_full_finish_utc", "last_full_last_lsn", "last_log_finish_utc", "last_log_last_lsn", "differential_base_lsn",
            "differential_base_time_utc", "last_log_backup_lsn", "last_log_backup_lsn_first_seen_utc", "log_backup_time_utc", "newest_log_backup_utc", "server_utc_now",
        ];
        return string.Join(", ", columns.Select(column => column + " " + (status.Text(column) ?? "NULL")));
    }

    /// <summary>A row of dbo.ObservedLogBackupLsn, so a failure shows what the watch held.</summary>
    private static string DescribeWatched(SqlRow row) =>
        $"{row.Text("database_name")} {row.Text("last_log_backup_lsn")} first seen {row.Text("first_seen_utc")} (server UTC {row.Text("server_utc_now")})";
}
