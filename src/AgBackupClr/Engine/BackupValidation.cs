using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Engine
{
    /// <summary>The one row of dbo.fn_ValidateBackupRequest (docs/functions.md).</summary>
    public sealed class ValidationRow
    {
        public ValidationRow(
            bool isSupportedHere,
            bool? isPreferredReplica,
            bool shouldRunHere,
            string action,
            string reasonCode,
            string reason,
            string? availabilityGroupName,
            string? replicaRole,
            string? synchronizationState)
        {
            IsSupportedHere = isSupportedHere;
            IsPreferredReplica = isPreferredReplica;
            ShouldRunHere = shouldRunHere;
            Action = action;
            ReasonCode = reasonCode;
            Reason = reason;
            AvailabilityGroupName = availabilityGroupName;
            ReplicaRole = replicaRole;
            SynchronizationState = synchronizationState;
        }

        public bool IsSupportedHere { get; }

        public bool? IsPreferredReplica { get; }

        public bool ShouldRunHere { get; }

        public string Action { get; }

        public string ReasonCode { get; }

        public string Reason { get; }

        public string? AvailabilityGroupName { get; }

        public string? ReplicaRole { get; }

        public string? SynchronizationState { get; }
    }

    /// <summary>
    /// "May and should this backup run here?" for maintenance procedures that run their own BACKUP: the same engine as
    /// usp_BackupIfPreferred, asked as if the caller were about to run the statement now.
    /// </summary>
    public static class BackupValidation
    {
        public static ValidationRow Validate(IStateSource source, string? databaseName, string? backupType, bool? copyOnly)
        {
            if (databaseName == null)
            {
                return Invalid("@DatabaseName is NULL; pass the name of the database, for example name from sys.databases.");
            }

            BackupType? type = BackupArgumentParser.ParseBackupType(backupType);
            if (type == null)
            {
                return Invalid("@BackupType must be FULL, DIFF, LOG or RESTORE, not " + (backupType == null ? "NULL" : "'" + backupType + "'") + ".");
            }

            if (copyOnly == null)
            {
                return Invalid("@CopyOnly is NULL; pass 1 for a COPY_ONLY backup, 0 otherwise.");
            }

            ServerState server = source.Read(databaseName, type.Value, copyOnly.Value);
            DatabaseFacts? database = server.FindDatabase(databaseName);
            AvailabilityGroupFacts? group = database == null ? null : server.GroupOf(database);
            BackupDecision decision = BackupDecisionEngine.Decide(
                server.Instance, databaseName, database, group, new BackupRequest(type.Value, copyOnly.Value, false, true, SelectedBy.Name));
            return new ValidationRow(
                decision.IsSupportedHere,
                decision.IsPreferredReplica,
                decision.ShouldRunHere,
                SqlNames.Of(decision.Action),
                decision.ReasonCode,
                decision.ReasonWithWarnings(),
                group?.Name,
                group?.LocalRole is ReplicaRole role ? SqlNames.Of(role) : null,
                database?.LocalReplica is DatabaseReplicaFacts replica ? SqlNames.Of(replica.SynchronizationState) : null);
        }

        private static ValidationRow Invalid(string message) =>
            new ValidationRow(false, null, false, SqlNames.Of(DecisionAction.Refuse), ReasonCodes.RefuseInvalidArgument, message, null, null, null);
    }
}
