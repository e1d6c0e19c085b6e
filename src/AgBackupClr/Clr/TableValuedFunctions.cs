using System.Collections;
using System.Data.SqlClient;
using System.Data.SqlTypes;
using AgBackupClr.Engine;
using Microsoft.SqlServer.Server;

namespace AgBackupClr.Clr
{
    /// <summary>The SQLCLR table-valued functions. A TVF may read data only in its init method, so all reading happens here.</summary>
    public static class TableValuedFunctions
    {
        public const string ValidationTable =
            "is_supported_here bit, is_preferred_replica bit, should_run_here bit, action nvarchar(10), reason_code nvarchar(60), reason nvarchar(4000), "
            + "availability_group_name nvarchar(128), replica_role nvarchar(60), synchronization_state nvarchar(60)";

        [SqlFunction(
            Name = "fn_ValidateBackupRequest",
            DataAccess = DataAccessKind.Read,
            SystemDataAccess = SystemDataAccessKind.Read,
            FillRowMethodName = nameof(FillValidationRow),
            TableDefinition = ValidationTable)]
        public static IEnumerable ValidateBackupRequest(SqlString databaseName, SqlString backupType, SqlBoolean copyOnly)
        {
            using (SqlConnection connection = Context.Open())
            {
                string? name = Context.Text(databaseName);
                ValidationRow row = BackupValidation.Validate(
                    new ContextStateSource(connection),
                    name,
                    Context.Text(backupType),
                    copyOnly.IsNull ? null : copyOnly.Value);
                return new[] { row };
            }
        }

        public static void FillValidationRow(
            object row,
            out SqlBoolean isSupportedHere,
            out SqlBoolean isPreferredReplica,
            out SqlBoolean shouldRunHere,
            out SqlString action,
            out SqlString reasonCode,
            out SqlString reason,
            out SqlString availabilityGroupName,
            out SqlString replicaRole,
            out SqlString synchronizationState)
        {
            var validation = (ValidationRow)row;
            isSupportedHere = validation.IsSupportedHere;
            isPreferredReplica = validation.IsPreferredReplica.HasValue ? validation.IsPreferredReplica.Value : SqlBoolean.Null;
            shouldRunHere = validation.ShouldRunHere;
            action = validation.Action;
            reasonCode = validation.ReasonCode;
            reason = validation.Reason;
            availabilityGroupName = Context.Sql(validation.AvailabilityGroupName);
            replicaRole = Context.Sql(validation.ReplicaRole);
            synchronizationState = Context.Sql(validation.SynchronizationState);
        }
    }
}
