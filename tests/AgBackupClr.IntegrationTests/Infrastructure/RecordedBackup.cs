using System.Globalization;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One backup msdb.dbo.backupset recorded: its type (D full, I differential, L log), whether it is
/// copy-only, the log sequence numbers it spans, and the file it went to.</summary>
internal sealed record RecordedBackup(int BackupSetId, string Type, bool IsCopyOnly, decimal? FirstLsn, decimal? LastLsn, string? DeviceName)
{
    public static RecordedBackup From(SqlRow row)
    {
        return new RecordedBackup(
            row.Number("backup_set_id") ?? 0,
            row.Text("type") ?? string.Empty,
            row.Flag("is_copy_only") ?? false,
            row.Numeric("first_lsn"),
            row.Numeric("last_lsn"),
            row.Text("physical_device_name"));
    }

    /// <summary>What a test compares: the type letter and the copy-only flag, for example "D copy-only".</summary>
    public string Kind => Describe(Type, IsCopyOnly);

    public static string Describe(string type, bool isCopyOnly)
    {
        return string.Create(CultureInfo.InvariantCulture, $"{type}{(isCopyOnly ? " copy-only" : string.Empty)}");
    }
}
