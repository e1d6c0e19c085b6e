using System.Globalization;
using AgBackupClr.IntegrationTests.Infrastructure;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>What one replica shows of the availability database's backup bases (Sql/AvailabilityGroup/BackupBaseLsns.sql).</summary>
internal sealed record BackupBaseLsns(decimal? LastLogBackupLsn, decimal? DifferentialBaseLsn)
{
    public static BackupBaseLsns From(SqlRow row)
    {
        return new BackupBaseLsns(row.Numeric("last_log_backup_lsn"), row.Numeric("differential_base_lsn"));
    }

    public override string ToString()
    {
        return string.Create(
            CultureInfo.InvariantCulture,
            $"last_log_backup_lsn {LastLogBackupLsn?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}, " +
            $"differential_base_lsn {DifferentialBaseLsn?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}");
    }
}
