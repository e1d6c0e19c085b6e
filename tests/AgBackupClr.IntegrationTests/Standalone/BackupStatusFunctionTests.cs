using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>docs/functions.md, dbo.fn_BackupStatus, on an instance outside any availability group:
/// its row holds the FULL, DIFF and LOG usp_BackupIfPreferred took, as msdb recorded them, in UTC; and a reader with only
/// the job's grants and README's grants in the utility database is told which msdb GRANT is missing.</summary>
[TestFixture]
[Category("Integration")]
public sealed class BackupStatusFunctionTests
{
    private const string Database = StandaloneSetUpFixture.StatusDatabase;

    /// <summary>What SQL Server reports when CLR code throws out of a function: here the StateReadException that names the grant.</summary>
    private const int ClrUnhandledException = 6522;

    /// <summary>StateReader.ReadBackupStatus's message, as a DBA reads it.</summary>
    private const string MissingHistoryGrant =
        "Reading the backup history needs SELECT on msdb.dbo.backupset, msdb.dbo.backupmediafamily and msdb.dbo.restorehistory; "
        + "GRANT SELECT ON the three TO the caller's user in msdb (or add it to msdb's db_datareader role).";

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [Test]
    public async Task TheRowHoldsTheFullDiffAndLogTheProcedureTookInOrderAndInUtc()
    {
        // Given a FULL, a DIFF and a LOG taken by the procedure, in that order, to the container's disk
        RecordedBackup full = await BackUpAsync(BackupKind.Full);
        RecordedBackup diff = await BackUpAsync(BackupKind.Diff);
        RecordedBackup log = await BackUpAsync(BackupKind.Log);

        // When the function is read for the database
        SqlRow status = await StatusAsync(Database);

        // Then each type is the backup msdb recorded, their LSNs ascend as they were taken, every time is UTC and recent,
        // and the database's own facts (differential base, log backup position and time) are the same backups
        DateTime now = status.Time("server_utc_now")!.Value;
        string context = $"FULL {full}, DIFF {diff}, LOG {log}; server UTC {now:O}";
        Assert.Multiple(() =>
        {
            Assert.That(status.Text("database_name"), Is.EqualTo(Database), context);
            Assert.That(status.Text("availability_group_name"), Is.Null, "outside any availability group; " + context);
            Assert.That(status.Text("replica_role"), Is.Null, "outside any availability group; " + context);
            Assert.That(status.Text("group_database_id"), Is.Null, "sys.databases.group_database_id outside a group; " + context);
            Assert.That(status.Text("recovery_model"), Is.EqualTo("FULL"), context);
            Assert.That(status.Text("state"), Is.EqualTo("ONLINE"), context);

            BackupStatusRow.AssertHolds(status, "last_full", full, context);
            BackupStatusRow.AssertHolds(status, "last_diff", diff, context);
            BackupStatusRow.AssertHolds(status, "last_log", log, context);
            Assert.That(
                new[] { status.Numeric("last_full_last_lsn"), status.Numeric("last_diff_last_lsn"), status.Numeric("last_log_last_lsn") },
                Is.Ordered.Ascending,
                "backupset.last_lsn of FULL, DIFF, LOG taken in that order; " + context);

            Assert.That(
                status.Numeric("differential_base_lsn"),
                Is.InRange(full.FirstLsn ?? decimal.MaxValue, full.LastLsn ?? decimal.MinValue),
                "sys.master_files.differential_base_lsn is the FULL's checkpoint, inside the log the FULL holds; " + context);
            Assert.That(status.Time("differential_base_time_utc"), Is.EqualTo(now).Within(BackupStatusRow.Recent), "the FULL is the differential base, in UTC; " + context);
            Assert.That(status.Numeric("last_log_backup_lsn"), Is.EqualTo(log.LastLsn), "sys.database_recovery_status: the next LOG starts where this one ended; " + context);
            Assert.That(status.Time("last_log_backup_lsn_first_seen_utc"), Is.Null, "outside a group no LOG is left to another replica, so nothing watches it; " + context);
            Assert.That(status.Time("log_backup_time_utc"), Is.EqualTo(status.Time("last_log_finish_utc")).Within(BackupStatusRow.Recent), "sys.dm_db_log_stats.log_backup_time is the same LOG; " + context);
            Assert.That(
                status.Time("newest_log_backup_utc"),
                Is.EqualTo(new[] { status.Time("last_log_finish_utc"), status.Time("log_backup_time_utc") }.Max()),
                "the newer of the two; " + context);
            Assert.That(status.Time("read_at_utc"), Is.EqualTo(now).Within(BackupStatusRow.Recent), "read_at_utc is the CLR's UTC clock; " + context);
        });
    }

    [Test]
    public async Task WithoutADatabaseNameEveryDatabaseButTempdbHasARow()
    {
        // Given the instance's databases
        // When the function is read with NULL
        IReadOnlyList<SqlRow> rows = await Server.QueryFileAsync(
            SqlServerInstance.UtilityDatabase, "Common/BackupStatus.sql", new Dictionary<string, object?> { ["@DatabaseName"] = null });

        // Then every database that can be backed up has one row, tempdb none
        string[] names = rows.Select(row => row.Text("database_name") ?? string.Empty).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("master").And.Contain("msdb").And.Contain(Database).And.Contain(SqlServerInstance.UtilityDatabase));
            Assert.That(names, Does.Not.Contain("tempdb"), "tempdb cannot be backed up");
            Assert.That(names, Is.Unique, "one row per database");
        });
    }

    [Test]
    public async Task AReaderWithTheJobsGrantsIsToldWhichMsdbGrantIsMissingAndReadsOnceGiven()
    {
        // Given a login with exactly grant-job-owner.sql's grants, and SELECT on the function and the log watch it reads (README "Requirements")
        SqlLogin reader = await SqlLogin.CreateJobOwnerAsync(Server, "agb_status");
        await GrantAsync(SqlServerInstance.UtilityDatabase, reader, step: 1);
        SqlRow may = await Server.QuerySingleFileAsync(SqlServerInstance.UtilityDatabase, "Permissions/BackupStatusPermissions.sql", login: reader);
        Assert.Multiple(() =>
        {
            Assert.That(may.Flag("can_read_status"), Is.True, "GRANT SELECT ON dbo.fn_BackupStatus");
            Assert.That(may.Flag("can_read_log_watch"), Is.True, "GRANT SELECT ON dbo.ObservedLogBackupLsn");
            Assert.That(
                may.Flag("can_read_backupset") == true || may.Flag("can_read_backupmediafamily") == true || may.Flag("can_read_restorehistory") == true,
                Is.False,
                "the job's grants (and msdb's public role) give no SELECT on msdb's backup history; if they do, README's grant row for it is not needed");
        });

        // When it reads the function
        SqlException? refused = Assert.ThrowsAsync<SqlException>(() => StatusAsync(Database, reader));

        // Then the read fails with the reader's message naming the GRANT, not Msg 229 on an msdb table
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Number, Is.EqualTo(ClrUnhandledException), refused.Message);
            Assert.That(refused.Message, Does.Contain("StateReadException: " + MissingHistoryGrant), refused.Message);
        });

        // When it is given what the message asks and reads again
        await GrantAsync("msdb", reader, step: 2);
        SqlRow status = await StatusAsync(Database, reader);

        // Then it reads the row
        Assert.That(status.Text("database_name"), Is.EqualTo(Database));
    }

    /// <summary>The procedure takes one backup of the database to the container's disk; msdb's record of it.</summary>
    private static async Task<RecordedBackup> BackUpAsync(BackupKind kind)
    {
        RecordedRun run = await Server.BackUpRecordedAsync(
            BackupRequest.For(Database, kind, StandaloneSetUpFixture.BackupDirectory, execute: true), Database);
        BackupDecision row = run.Outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome.Error, Is.Null, run.Outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), run.Outcome.Describe());
            Assert.That(run.TakenKinds, Is.EqualTo(new[] { kind.RecordedKind() }), "msdb.dbo.backupset; " + run.Outcome.Describe());
        });
        return run.Taken[0];
    }

    private static Task<SqlRow> StatusAsync(string database, SqlLogin? login = null)
    {
        return Server.QuerySingleFileAsync(
            SqlServerInstance.UtilityDatabase, "Common/BackupStatus.sql", new Dictionary<string, object?> { ["@DatabaseName"] = database }, login);
    }

    private static Task GrantAsync(string database, SqlLogin login, int step)
    {
        return Server.ExecuteFileAsync(
            database, "Permissions/GrantBackupStatusSelect.sql", new Dictionary<string, object?> { ["@LoginName"] = login.Name, ["@Step"] = step });
    }
}
