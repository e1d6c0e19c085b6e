using System;
using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// One row of usp_BackupIfPreferred's result and of dbo.BackupDecisionLog (docs/usp_BackupIfPreferred.md, Result columns). Action is BACKUP, SKIP,
    /// REFUSE, FAILED or CLEANUP; times are UTC.
    /// </summary>
    public sealed class BackupResultRow
    {
        public BackupResultRow(
            string? databaseName,
            string? availabilityGroupName,
            string? replicaRole,
            string? backupType,
            bool? copyOnly,
            string action,
            string reasonCode,
            string reason,
            bool? isPreferredReplica,
            string? preferredReplicaName,
            string? command,
            string? backupFile,
            DateTime? startedAt,
            DateTime? finishedAt,
            int? errorNumber,
            string? errorMessage)
        {
            DatabaseName = databaseName;
            AvailabilityGroupName = availabilityGroupName;
            ReplicaRole = replicaRole;
            BackupType = backupType;
            CopyOnly = copyOnly;
            Action = action;
            ReasonCode = reasonCode;
            Reason = reason;
            IsPreferredReplica = isPreferredReplica;
            PreferredReplicaName = preferredReplicaName;
            Command = command;
            BackupFile = backupFile;
            StartedAt = startedAt;
            FinishedAt = finishedAt;
            ErrorNumber = errorNumber;
            ErrorMessage = errorMessage;
        }

        public string? DatabaseName { get; }

        public string? AvailabilityGroupName { get; }

        public string? ReplicaRole { get; }

        public string? BackupType { get; }

        public bool? CopyOnly { get; }

        public string Action { get; }

        public string ReasonCode { get; }

        public string Reason { get; }

        public bool? IsPreferredReplica { get; }

        public string? PreferredReplicaName { get; }

        public string? Command { get; }

        public string? BackupFile { get; }

        public DateTime? StartedAt { get; }

        public DateTime? FinishedAt { get; }

        public int? ErrorNumber { get; }

        public string? ErrorMessage { get; }

        public const string Failed = "FAILED";

        /// <summary>Old backups of one folder were deleted (or would be, in a dry run) with @CleanupTime.</summary>
        public const string Cleanup = "CLEANUP";

        /// <summary>
        /// Between the files of a striped backup in backup_file, in the order BACKUP wrote them. No path holds a line break:
        /// file names escape control characters, and @Directory may not contain any.
        /// </summary>
        public const string FileSeparator = "\n";

        public bool FailsTheJob => Action == Failed || Action == Model.SqlNames.Of(Model.DecisionAction.Refuse);

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public BackupResultRow With(
            Change<string?> databaseName = default,
            Change<string?> availabilityGroupName = default,
            Change<string?> replicaRole = default,
            Change<string?> backupType = default,
            Change<bool?> copyOnly = default,
            string? action = null,
            string? reasonCode = null,
            string? reason = null,
            Change<bool?> isPreferredReplica = default,
            Change<string?> preferredReplicaName = default,
            Change<string?> command = default,
            Change<string?> backupFile = default,
            Change<DateTime?> startedAt = default,
            Change<DateTime?> finishedAt = default,
            Change<int?> errorNumber = default,
            Change<string?> errorMessage = default) =>
            new BackupResultRow(
                databaseName.Or(DatabaseName),
                availabilityGroupName.Or(AvailabilityGroupName),
                replicaRole.Or(ReplicaRole),
                backupType.Or(BackupType),
                copyOnly.Or(CopyOnly),
                action ?? Action,
                reasonCode ?? ReasonCode,
                reason ?? Reason,
                isPreferredReplica.Or(IsPreferredReplica),
                preferredReplicaName.Or(PreferredReplicaName),
                command.Or(Command),
                backupFile.Or(BackupFile),
                startedAt.Or(StartedAt),
                finishedAt.Or(FinishedAt),
                errorNumber.Or(ErrorNumber),
                errorMessage.Or(ErrorMessage));
    }
}
