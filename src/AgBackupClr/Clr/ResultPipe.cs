using System.Collections.Generic;
using System.Data;
using System.Data.SqlClient;
using System.Data.SqlTypes;
using AgBackupClr.Engine;
using Microsoft.SqlServer.Server;

namespace AgBackupClr.Clr
{
    /// <summary>Sends usp_BackupIfPreferred's result set (docs/usp_BackupIfPreferred.md, Result columns).</summary>
    internal sealed class ResultPipe : IResultSink
    {
        public void Send(IReadOnlyList<BackupResultRow> rows)
        {
            var dataRecord = new SqlDataRecord(
                new SqlMetaData("database_name", SqlDbType.NVarChar, 128),
                new SqlMetaData("availability_group_name", SqlDbType.NVarChar, 128),
                new SqlMetaData("replica_role", SqlDbType.NVarChar, 60),
                new SqlMetaData("backup_type", SqlDbType.NVarChar, 10),
                new SqlMetaData("copy_only", SqlDbType.Bit),
                new SqlMetaData("action", SqlDbType.NVarChar, 10),
                new SqlMetaData("reason_code", SqlDbType.NVarChar, 60),
                new SqlMetaData("reason", SqlDbType.NVarChar, SqlMetaData.Max),
                new SqlMetaData("is_preferred_replica", SqlDbType.Bit),
                new SqlMetaData("preferred_replica_name", SqlDbType.NVarChar, 256),
                new SqlMetaData("command", SqlDbType.NVarChar, SqlMetaData.Max),
                new SqlMetaData("backup_file", SqlDbType.NVarChar, SqlMetaData.Max),
                new SqlMetaData("started_at", SqlDbType.DateTime2),
                new SqlMetaData("finished_at", SqlDbType.DateTime2),
                new SqlMetaData("error_number", SqlDbType.Int),
                new SqlMetaData("error_message", SqlDbType.NVarChar, SqlMetaData.Max));
            SqlPipe pipe = SqlContext.Pipe;
            pipe.SendResultsStart(dataRecord);
            foreach (BackupResultRow row in rows)
            {
                dataRecord.SetSqlString(0, Context.Sql(row.DatabaseName));
                dataRecord.SetSqlString(1, Context.Sql(row.AvailabilityGroupName));
                dataRecord.SetSqlString(2, Context.Sql(row.ReplicaRole));
                dataRecord.SetSqlString(3, Context.Sql(row.BackupType));
                dataRecord.SetSqlBoolean(4, row.CopyOnly.HasValue ? row.CopyOnly.Value : SqlBoolean.Null);
                dataRecord.SetSqlString(5, row.Action);
                dataRecord.SetSqlString(6, row.ReasonCode);
                dataRecord.SetSqlString(7, row.Reason);
                dataRecord.SetSqlBoolean(8, row.IsPreferredReplica.HasValue ? row.IsPreferredReplica.Value : SqlBoolean.Null);
                dataRecord.SetSqlString(9, Context.Sql(row.PreferredReplicaName));
                dataRecord.SetSqlString(10, Context.Sql(row.Command));
                dataRecord.SetSqlString(11, Context.Sql(row.BackupFile));
                SetDateTime(dataRecord, 12, row.StartedAt);
                SetDateTime(dataRecord, 13, row.FinishedAt);
                dataRecord.SetSqlInt32(14, row.ErrorNumber.HasValue ? row.ErrorNumber.Value : SqlInt32.Null);
                dataRecord.SetSqlString(15, Context.Sql(row.ErrorMessage));
                pipe.SendResultsRow(dataRecord);
            }

            pipe.SendResultsEnd();
        }

        public void Inform(string message) => SqlContext.Pipe.Send(message);

        private static void SetDateTime(SqlDataRecord dataRecord, int ordinal, System.DateTime? value)
        {
            if (value.HasValue)
            {
                dataRecord.SetDateTime(ordinal, value.Value);
            }
            else
            {
                dataRecord.SetDBNull(ordinal);
            }
        }
    }

    /// <summary>
    /// The closing error reaches the caller through the pipe, so the Agent job step fails; catching it here keeps SQL
    /// Server from wrapping it in Msg 6522 with a stack trace.
    /// </summary>
    internal sealed class ThrowOnContext : IErrorRaiser
    {
        private readonly SqlConnection connection;

        public ThrowOnContext(SqlConnection connection)
        {
            this.connection = connection;
        }

        public void Raise(string message)
        {
            using (var command = new SqlCommand(EngineSql.ThrowFinalError, connection))
            {
                command.Parameters.Add("@message", SqlDbType.NVarChar, 2048).Value = message;
                try
                {
                    SqlContext.Pipe.ExecuteAndSend(command);
                }
                catch (SqlException)
                {
                    // Already sent to the caller by ExecuteAndSend.
                }
            }
        }
    }
}
