using System;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// One row of usp_BackupIfPreferred's result and of dbo.BackupDecisionLog (SPEC section 4). Action is BACKUP, SKIP,
    /// REFUSE, FAILED or CLEANUP; times are UTC.
    /// </summary>
    public sealed record BackupResultRow(
        string? DatabaseName,
        string? AvailabilityGroupName,
        string? ReplicaRole,
        string? BackupType,
        bool? CopyOnly,
        string Action,
        string ReasonCode,
        string Reason,
        bool? IsPreferredReplica,
        string? PreferredReplicaName,
        string? Command,
        string? BackupFile,
        DateTime? StartedAt,
        DateTime? FinishedAt,
        int? ErrorNumber,
        string? ErrorMessage)
    {
        public const string Failed = "FAILED";

        /// <summary>Old backups of one folder were deleted (or would be, in a dry run) with @CleanupTime.</summary>
        public const string Cleanup = "CLEANUP";

        /// <summary>
        /// Between the files of a striped backup in backup_file, in the order BACKUP wrote them. No path holds a line break:
        /// file names escape control characters, and @Directory may not contain any.
        /// </summary>
        public const string FileSeparator = "\n";

        public bool FailsTheJob => Action == Failed || Action == Model.SqlNames.Of(Model.DecisionAction.Refuse);
    }
}
