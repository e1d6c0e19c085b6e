using System;
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

        public const string StatusTable =
            "database_name nvarchar(128), group_database_id uniqueidentifier, availability_group_name nvarchar(128), replica_role nvarchar(60), "
            + "recovery_model nvarchar(60), state nvarchar(60), "
            + "last_full_finish_utc datetime, last_full_last_lsn numeric(25, 0), last_full_file nvarchar(260), "
            + "last_diff_finish_utc datetime, last_diff_last_lsn numeric(25, 0), last_diff_file nvarchar(260), "
            + "last_log_finish_utc datetime, last_log_last_lsn numeric(25, 0), last_log_file nvarchar(260), "
            + "differential_base_lsn numeric(25, 0), differential_base_time_utc datetime, last_log_backup_lsn numeric(25, 0), "
            + "last_log_backup_lsn_first_seen_utc datetime, log_backup_time_utc datetime, newest_log_backup_utc datetime, read_at_utc datetime";

        /// <summary>dbo.fn_BackupStatus(@DatabaseName): NULL for every database this replica can back up.</summary>
        [SqlFunction(
            Name = "fn_BackupStatus",
            DataAccess = DataAccessKind.Read,
            SystemDataAccess = SystemDataAccessKind.Read,
            FillRowMethodName = nameof(FillStatusRow),
            TableDefinition = StatusTable)]
        public static IEnumerable BackupStatus(SqlString databaseName)
        {
            using (SqlConnection connection = Context.Open())
            {
                return StateReader.ReadBackupStatus(connection, Context.Text(databaseName), new SystemClock().UtcNow);
            }
        }

        public static void FillStatusRow(
            object row,
            out SqlString databaseName,
            out SqlGuid groupDatabaseId,
            out SqlString availabilityGroupName,
            out SqlString replicaRole,
            out SqlString recoveryModel,
            out SqlString state,
            out SqlDateTime lastFullFinishUtc,
            out SqlDecimal lastFullLastLsn,
            out SqlString lastFullFile,
            out SqlDateTime lastDiffFinishUtc,
            out SqlDecimal lastDiffLastLsn,
            out SqlString lastDiffFile,
            out SqlDateTime lastLogFinishUtc,
            out SqlDecimal lastLogLastLsn,
            out SqlString lastLogFile,
            out SqlDecimal differentialBaseLsn,
            out SqlDateTime differentialBaseTimeUtc,
            out SqlDecimal lastLogBackupLsn,
            out SqlDateTime lastLogBackupLsnFirstSeenUtc,
            out SqlDateTime logBackupTimeUtc,
            out SqlDateTime newestLogBackupUtc,
            out SqlDateTime readAtUtc)
        {
            var status = (BackupStatusRow)row;
            databaseName = status.DatabaseName;
            groupDatabaseId = status.GroupDatabaseId.HasValue ? status.GroupDatabaseId.Value : SqlGuid.Null;
            availabilityGroupName = Context.Sql(status.AvailabilityGroupName);
            replicaRole = Context.Sql(status.ReplicaRole);
            recoveryModel = status.RecoveryModel;
            state = status.State;
            lastFullFinishUtc = Time(status.LastFull?.FinishedUtc);
            lastFullLastLsn = Lsn(status.LastFull?.LastLsn);
            lastFullFile = Context.Sql(status.LastFull?.File);
            lastDiffFinishUtc = Time(status.LastDiff?.FinishedUtc);
            lastDiffLastLsn = Lsn(status.LastDiff?.LastLsn);
            lastDiffFile = Context.Sql(status.LastDiff?.File);
            lastLogFinishUtc = Time(status.LastLog?.FinishedUtc);
            lastLogLastLsn = Lsn(status.LastLog?.LastLsn);
            lastLogFile = Context.Sql(status.LastLog?.File);
            differentialBaseLsn = Lsn(status.DifferentialBaseLsn);
            differentialBaseTimeUtc = Time(status.DifferentialBaseTimeUtc);
            lastLogBackupLsn = Lsn(status.LastLogBackupLsn);
            lastLogBackupLsnFirstSeenUtc = Time(status.LastLogBackupLsnFirstSeenUtc);
            logBackupTimeUtc = Time(status.LogBackupTimeUtc);
            newestLogBackupUtc = Time(status.NewestLogBackupUtc);
            readAtUtc = status.ReadAtUtc;
        }

        private static SqlDateTime Time(DateTime? value) => value.HasValue ? value.Value : SqlDateTime.Null;

        private static SqlDecimal Lsn(decimal? value) => value.HasValue ? value.Value : SqlDecimal.Null;

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
