namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One result row of dbo.usp_BackupIfPreferred (docs/usp_BackupIfPreferred.md, Result columns).</summary>
internal sealed record BackupDecision(
    string? DatabaseName,
    string? AvailabilityGroupName,
    string? ReplicaRole,
    string? BackupType,
    bool? CopyOnly,
    string? Action,
    string? ReasonCode,
    string? Reason,
    bool? IsPreferredReplica,
    string? PreferredReplicaName,
    string? Command,
    string? BackupFile,
    int? ErrorNumber,
    string? ErrorMessage)
{
    public static BackupDecision From(SqlRow row)
    {
        return new BackupDecision(
            row.Text("database_name"),
            row.Text("availability_group_name"),
            row.Text("replica_role"),
            row.Text("backup_type"),
            row.Flag("copy_only"),
            row.Text("action"),
            row.Text("reason_code"),
            row.Text("reason"),
            row.Flag("is_preferred_replica"),
            row.Text("preferred_replica_name"),
            row.Text("command"),
            row.Text("backup_file"),
            row.Number("error_number"),
            row.Text("error_message"));
    }
}
