using System;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Reading one row of dbo.fn_BackupStatus as Sql/Common/BackupStatus.sql returns it, with the server's UTC clock
/// (server_utc_now) read in the same statement.</summary>
internal static class BackupStatusRow
{
    /// <summary>How far a backup a test has just taken may be from the clock of the read that shows it: seconds in fact.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromMinutes(1);

    /// <summary>One backup type's columns (<paramref name="prefix"/> last_full, last_diff or last_log) are the backup this
    /// instance's msdb recorded: its file, its last LSN, and its finish time in UTC, seconds before the read.</summary>
    public static void AssertHolds(SqlRow status, string prefix, RecordedBackup backup, string context)
    {
        DateTime now = status.Time("server_utc_now") ?? throw new InvalidOperationException("BackupStatus.sql returned no server_utc_now.");
        Assert.That(status.Text(prefix + "_file"), Is.EqualTo(backup.DeviceName), $"{prefix}_file is msdb.dbo.backupmediafamily.physical_device_name; {context}");
        Assert.That(status.Numeric(prefix + "_last_lsn"), Is.EqualTo(backup.LastLsn), $"{prefix}_last_lsn is msdb.dbo.backupset.last_lsn; {context}");
        Assert.That(
            status.Time(prefix + "_finish_utc"),
            Is.LessThanOrEqualTo(now).And.EqualTo(now).Within(Recent),
            $"{prefix}_finish_utc is backup_finish_date in UTC, seconds before SYSUTCDATETIME(); {context}");
    }
}
