using System;
using System.Collections.Generic;
using System.Data;
using System.Data.SqlClient;
using System.Data.SqlTypes;
using System.Globalization;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using Microsoft.SqlServer.Server;

namespace AgBackupClr.Clr
{
    /// <summary>The context connection runs in the caller's session and transaction, with the caller's permissions.</summary>
    internal static class Context
    {
        public static SqlConnection Open()
        {
            var connection = new SqlConnection("context connection=true");
            connection.Open();
            return connection;
        }

        public static string? Text(SqlString value) => value.IsNull ? null : value.Value;

        public static int? Number(SqlInt32 value) => value.IsNull ? null : value.Value;

        public static SqlString Sql(string? value) => value == null ? SqlString.Null : new SqlString(value);
    }

    internal sealed class ContextStateSource : IStateSource
    {
        private readonly SqlConnection connection;

        public ContextStateSource(SqlConnection connection)
        {
            this.connection = connection;
        }

        public ServerState Read(string? databaseName, BackupType backupType, bool copyOnly) =>
            StateReader.Read(connection, databaseName, backupType, copyOnly);
    }

    /// <summary>
    /// Runs BACKUP through SqlPipe.ExecuteAndSend so its STATS progress messages and errors reach the caller as they
    /// happen; an error is also returned so the next database is still processed.
    /// </summary>
    internal sealed class PipeExecutor : ICommandExecutor
    {
        private readonly SqlConnection connection;

        public PipeExecutor(SqlConnection connection)
        {
            this.connection = connection;
        }

        public ExecutionResult Execute(string commandText)
        {
            using (var command = new SqlCommand(commandText, connection) { CommandTimeout = 0 })
            {
                try
                {
                    SqlContext.Pipe.ExecuteAndSend(command);
                    return ExecutionResult.Success;
                }
                catch (SqlException exception)
                {
                    // BACKUP reports the cause first (for example Msg 3201) and Msg 3013 last: keep the cause.
                    SqlError cause = exception.Errors[0];
                    return new ExecutionResult(cause.Number, exception.Message);
                }
            }
        }
    }

    /// <summary>The destination check through the context connection, as SQL Server's service account sees the folder.</summary>
    internal sealed class ContextFolderProbe : IFolderProbe
    {
        private readonly SqlConnection connection;

        public ContextFolderProbe(SqlConnection connection)
        {
            this.connection = connection;
        }

        public FolderCheck Check(string folder, int productMajorVersion)
        {
            string text = productMajorVersion >= EngineSql.FirstVersionWithFileExists ? EngineSql.FolderExists : EngineSql.FolderExistsBefore2017;
            using (var command = new SqlCommand(text, connection))
            {
                command.Parameters.Add("@path", SqlDbType.NVarChar, 4000).Value = folder;
                try
                {
                    using (SqlDataReader reader = command.ExecuteReader())
                    {
                        // file_exists, file_is_a_directory, parent_directory_exists: in this order from both.
                        return reader.Read()
                            ? new FolderCheck(Convert.ToInt32(reader.GetValue(1)) == 1, Convert.ToInt32(reader.GetValue(2)) == 1, ExecutionResult.Success)
                            : new FolderCheck(false, false, new ExecutionResult(0, "no row came back"));
                    }
                }
                catch (SqlException exception)
                {
                    return new FolderCheck(false, false, new ExecutionResult(exception.Number, exception.Message));
                }
            }
        }
    }

    internal sealed class ContextDecisionLog : IDecisionLog
    {
        private readonly SqlConnection connection;

        public ContextDecisionLog(SqlConnection connection)
        {
            this.connection = connection;
        }

        public LogWrite Write(BackupResultRow row, long? id)
        {
            using (var command = new SqlCommand(EngineSql.LogDecision, connection))
            {
                SqlParameter rowId = command.Parameters.Add("@id", SqlDbType.BigInt);
                rowId.Direction = ParameterDirection.InputOutput;
                rowId.Value = id.HasValue ? (object)id.Value : DBNull.Value;
                Add(command, "@database_name", SqlDbType.NVarChar, 128, row.DatabaseName);
                Add(command, "@availability_group_name", SqlDbType.NVarChar, 128, row.AvailabilityGroupName);
                Add(command, "@replica_role", SqlDbType.NVarChar, 60, row.ReplicaRole);
                Add(command, "@backup_type", SqlDbType.NVarChar, 10, row.BackupType);
                Add(command, "@copy_only", SqlDbType.Bit, 0, row.CopyOnly);
                Add(command, "@action", SqlDbType.NVarChar, 10, row.Action);
                Add(command, "@reason_code", SqlDbType.NVarChar, 60, row.ReasonCode);
                Add(command, "@reason", SqlDbType.NVarChar, -1, row.Reason);
                Add(command, "@is_preferred_replica", SqlDbType.Bit, 0, row.IsPreferredReplica);
                Add(command, "@preferred_replica_name", SqlDbType.NVarChar, 256, row.PreferredReplicaName);
                Add(command, "@command", SqlDbType.NVarChar, -1, row.Command);
                Add(command, "@backup_file", SqlDbType.NVarChar, -1, row.BackupFile);
                Add(command, "@started_at", SqlDbType.DateTime2, 0, row.StartedAt);
                Add(command, "@finished_at", SqlDbType.DateTime2, 0, row.FinishedAt);
                Add(command, "@error_number", SqlDbType.Int, 0, row.ErrorNumber);
                Add(command, "@error_message", SqlDbType.NVarChar, -1, row.ErrorMessage);
                try
                {
                    command.ExecuteNonQuery();
                    return new LogWrite(rowId.Value is long written ? written : (long?)null, ExecutionResult.Success);
                }
                catch (SqlException exception)
                {
                    return new LogWrite(null, new ExecutionResult(exception.Number, exception.Message));
                }
            }
        }

        public LogDelete DeleteLoggedBefore(DateTime loggedBefore, int batchSize)
        {
            using (var command = new SqlCommand(EngineSql.DeleteLogBatch, connection))
            {
                Add(command, "@logged_before", SqlDbType.DateTime2, 0, loggedBefore);
                Add(command, "@batch_size", SqlDbType.Int, 0, batchSize);
                SqlParameter deleted = command.Parameters.Add("@deleted_rows", SqlDbType.Int);
                deleted.Direction = ParameterDirection.Output;
                try
                {
                    command.ExecuteNonQuery();
                    return new LogDelete(deleted.Value is int count ? count : 0, ExecutionResult.Success);
                }
                catch (SqlException exception)
                {
                    return new LogDelete(0, new ExecutionResult(exception.Number, exception.Message));
                }
            }
        }

        private static void Add(SqlCommand command, string name, SqlDbType type, int size, object? value)
        {
            SqlParameter parameter = size == 0 ? command.Parameters.Add(name, type) : command.Parameters.Add(name, type, size);
            parameter.Value = value ?? DBNull.Value;
        }
    }

    /// <summary>The chain guard's view of the folders and msdb, through the context connection as SQL Server's service account sees them.</summary>
    internal sealed class ContextBackupFileReader : IBackupFileReader
    {
        private readonly SqlConnection connection;

        public ContextBackupFileReader(SqlConnection connection)
        {
            this.connection = connection;
        }

        public FolderListing List(string folder)
        {
            using (var command = new SqlCommand(EngineSql.ListFolder, connection))
            {
                command.Parameters.Add("@folder", SqlDbType.NVarChar, 4000).Value = folder;
                var names = new List<string>();
                try
                {
                    using (SqlDataReader reader = command.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            // subdirectory, depth, file: a file's row has file = 1.
                            if (Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) == 1)
                            {
                                names.Add(reader.GetString(0));
                            }
                        }
                    }

                    return new FolderListing(names, ExecutionResult.Success);
                }
                catch (SqlException exception)
                {
                    return new FolderListing(names, new ExecutionResult(exception.Number, exception.Message));
                }
            }
        }

        public RecordedFulls RecordedFulls(string databaseName)
        {
            using (var command = new SqlCommand(StateQueries.RecordedFulls, connection))
            {
                command.Parameters.Add("@database_name", SqlDbType.NVarChar, 128).Value = databaseName;
                var fulls = new List<RecordedFull>();
                try
                {
                    using (SqlDataReader reader = command.ExecuteReader())
                    {
                        int? setId = null;
                        List<RecordedFile>? files = null;
                        object[] current = new object[9];
                        while (reader.Read())
                        {
                            int id = reader.GetInt32(7);
                            if (setId != id)
                            {
                                if (files != null)
                                {
                                    fulls.Add(Full(current, files));
                                }

                                setId = id;
                                files = new List<RecordedFile>();
                                reader.GetValues(current);
                            }

                            files!.Add(new RecordedFile(Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), reader.GetString(6)));
                        }

                        if (files != null)
                        {
                            fulls.Add(Full(current, files));
                        }
                    }

                    return new RecordedFulls(fulls, DatabaseFamily(databaseName), ExecutionResult.Success);
                }
                catch (SqlException exception)
                {
                    return new RecordedFulls(fulls, null, new ExecutionResult(exception.Number, exception.Message));
                }
            }
        }

        public BackupFileHeader ReadHeader(string file)
        {
            try
            {
                Guid mediaSetId;
                int familyCount;
                int familySequenceNumber;
                using (SqlCommand command = FileCommand(EngineSql.ReadLabel, file))
                using (SqlDataReader reader = command.ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        return new BackupFileHeader(Guid.Empty, 0, 0, new HeaderBackupSet[0], new ExecutionResult(0, "RESTORE LABELONLY returned no row"));
                    }

                    object id = reader.GetValue(reader.GetOrdinal(EngineSql.LabelColumns.MediaSetId));
                    if (id == DBNull.Value)
                    {
                        return new BackupFileHeader(Guid.Empty, 0, 0, new HeaderBackupSet[0], new ExecutionResult(0, "RESTORE LABELONLY showed no media set"));
                    }

                    mediaSetId = (Guid)id;
                    familyCount = Number(reader, EngineSql.LabelColumns.FamilyCount) ?? 0;
                    familySequenceNumber = Number(reader, EngineSql.LabelColumns.FamilySequenceNumber) ?? 0;
                }

                var sets = new List<HeaderBackupSet>();
                using (SqlCommand command = FileCommand(EngineSql.ReadHeader, file))
                using (SqlDataReader reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        // A password-protected backup set shows NULL in these columns: it proves nothing.
                        object type = reader.GetValue(reader.GetOrdinal(EngineSql.HeaderColumns.BackupType));
                        object name = reader.GetValue(reader.GetOrdinal(EngineSql.HeaderColumns.DatabaseName));
                        object checkpoint = reader.GetValue(reader.GetOrdinal(EngineSql.HeaderColumns.CheckpointLsn));
                        object start = reader.GetValue(reader.GetOrdinal(EngineSql.HeaderColumns.BackupStartDate));
                        object finish = reader.GetValue(reader.GetOrdinal(EngineSql.HeaderColumns.BackupFinishDate));
                        if (type == DBNull.Value || name == DBNull.Value || checkpoint == DBNull.Value || start == DBNull.Value || finish == DBNull.Value)
                        {
                            continue;
                        }

                        sets.Add(new HeaderBackupSet(
                            Convert.ToInt32(type, CultureInfo.InvariantCulture),
                            (string)name,
                            Flag(reader, EngineSql.HeaderColumns.IsCopyOnly),
                            Flag(reader, EngineSql.HeaderColumns.IsSnapshot),
                            Flag(reader, EngineSql.HeaderColumns.IsDamaged),
                            (decimal)checkpoint,
                            (DateTime)start,
                            (DateTime)finish,
                            reader.GetValue(reader.GetOrdinal(EngineSql.HeaderColumns.FamilyGuid)) as Guid?));
                    }
                }

                return new BackupFileHeader(mediaSetId, familyCount, familySequenceNumber, sets, ExecutionResult.Success);
            }
            catch (SqlException exception)
            {
                return new BackupFileHeader(Guid.Empty, 0, 0, new HeaderBackupSet[0], new ExecutionResult(exception.Number, exception.Message));
            }
        }

        private SqlCommand FileCommand(string text, string file)
        {
            var command = new SqlCommand(text, connection);
            command.Parameters.Add("@file", SqlDbType.NVarChar, 4000).Value = file;
            return command;
        }

        private static bool Flag(SqlDataReader reader, string column) => Number(reader, column) == 1;

        private static int? Number(SqlDataReader reader, string column)
        {
            object value = reader.GetValue(reader.GetOrdinal(column));
            return value == DBNull.Value ? (int?)null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }

        private static RecordedFull Full(object[] row, List<RecordedFile> files) =>
            new RecordedFull((decimal)row[0], (bool)row[1], (DateTime)row[2], (DateTime)row[3], Convert.ToInt32(row[4], CultureInfo.InvariantCulture), files, row[8] as Guid?);

        private Guid? DatabaseFamily(string databaseName)
        {
            using (var command = new SqlCommand(StateQueries.DatabaseFamily, connection))
            {
                command.Parameters.Add("@database_name", SqlDbType.NVarChar, 128).Value = databaseName;
                return command.ExecuteScalar() as Guid?;
            }
        }
    }

    /// <summary>The watch of @MaxLogAgeMinutes, through dbo.usp_ObserveLogBackupLsn on the context connection.</summary>
    internal sealed class ContextLogBackupLsnHistory : ILogBackupLsnHistory
    {
        private readonly SqlConnection connection;

        public ContextLogBackupLsnHistory(SqlConnection connection)
        {
            this.connection = connection;
        }

        public LogBackupLsnHistory Observe(string databaseName, bool write)
        {
            using (var command = new SqlCommand(EngineSql.ObserveLogBackupLsn, connection))
            {
                command.Parameters.Add("@database_name", SqlDbType.NVarChar, 128).Value = databaseName;
                command.Parameters.Add("@record", SqlDbType.Bit).Value = write;
                SqlParameter now = Output(command, "@utc_now", SqlDbType.DateTime2);
                SqlParameter lsn = Output(command, "@last_log_backup_lsn", SqlDbType.Decimal);
                lsn.Precision = 25;
                lsn.Scale = 0;
                SqlParameter firstSeen = Output(command, "@first_seen_utc", SqlDbType.DateTime2);
                try
                {
                    command.ExecuteNonQuery();
                    return new LogBackupLsnHistory(
                        new ObservedLogBackupLsn(Utc((DateTime)now.Value), lsn.Value is decimal value ? value : null, firstSeen.Value is DateTime seen ? Utc(seen) : null),
                        ExecutionResult.Success);
                }
                catch (SqlException exception)
                {
                    return new LogBackupLsnHistory(new ObservedLogBackupLsn(DateTime.MinValue, null, null), new ExecutionResult(exception.Number, exception.Message));
                }
            }
        }

        private static SqlParameter Output(SqlCommand command, string name, SqlDbType type)
        {
            SqlParameter parameter = command.Parameters.Add(name, type);
            parameter.Direction = ParameterDirection.Output;
            return parameter;
        }

        /// <summary>The procedure reads SYSUTCDATETIME(); datetime2 comes back with no kind.</summary>
        private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }

    internal sealed class SystemClock : IClock
    {
        public DateTime UtcNow => DateTime.UtcNow;
    }
}
