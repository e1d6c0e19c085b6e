using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Engine
{
    /// <summary>Raised when the state cannot be read; the message says what to do.</summary>
    public sealed class StateReadException : Exception
    {
        public StateReadException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Reads one instance's state with one round of constant queries (StateQueries). Written against
    /// System.Data.Common so the same code runs on the context connection inside SQL Server and on
    /// Microsoft.Data.SqlClient in the planner.
    /// </summary>
    public static class StateReader
    {
        /// <summary>The parameters of StateQueries.Databases: a database name (sysname) or NULL for every database, and
        /// whether to ask sys.fn_hadr_backup_is_preferred_replica.</summary>
        private const string DatabaseNameParameter = "@database_name";
        private const string AskPreferredReplicaParameter = "@ask_preferred_replica";

        /// <summary>sys.dm_db_log_stats.log_backup_time is 1900-01-01 for a database whose log was never backed up.</summary>
        private const int NeverBackedUpYear = 1900;

        /// <summary>msdb.dbo.backupset.time_zone when the offset from UTC is not known.</summary>
        private const int UnknownTimeZone = 127;

        /// <summary>Every database, with the preferred-replica answer for every backup type (the planner plans them all).</summary>
        public static ServerState Read(DbConnection connection) => Read(connection, null, null, false);

        /// <param name="databaseName">Read only this database's row, or every database when null.</param>
        /// <param name="backupType">The backup the state is read for; null when it may be any.</param>
        /// <param name="copyOnly">Whether that backup is COPY_ONLY.</param>
        public static ServerState Read(DbConnection connection, string? databaseName, BackupType? backupType, bool copyOnly) =>
            Read(connection, databaseName, backupType, copyOnly, false);

        /// <summary>The state fn_BackupStatus shows: no backup is decided, so sys.fn_hadr_backup_is_preferred_replica is never asked.</summary>
        public static ServerState ReadForStatus(DbConnection connection, string? databaseName) => Read(connection, databaseName, null, false, true);

        private static ServerState Read(DbConnection connection, string? databaseName, BackupType? backupType, bool copyOnly, bool forStatus)
        {
            InstanceFacts instance = ReadInstance(connection);
            if (instance.ProductMajorVersion >= StateQueries.FirstVersionWithHostInfo)
            {
                instance = instance.With(isLinux: ReadIsLinux(connection));
            }

            bool askPreferredReplica = !forStatus && (backupType == null || ReplicaBackupRules.PreferenceCanDecide(instance, backupType.Value, copyOnly));
            Dictionary<string, string> clusterTypes = instance.ProductMajorVersion >= StateQueries.FirstVersionWithClusterType
                ? ReadNameValues(connection, StateQueries.ClusterTypes)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Dictionary<string, string> contained = instance.ProductMajorVersion >= StateQueries.FirstVersionWithContainedGroups
                ? ReadNameValues(connection, StateQueries.Contained)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Dictionary<string, string> distributed = ReadNameValues(connection, StateQueries.DistributedMembers);
            IReadOnlyList<AvailabilityGroupFacts> groups = ReadGroups(connection, clusterTypes, contained, distributed);
            IReadOnlyList<DatabaseFacts> databases = WithOtherReplicas(connection, databaseName, ReadDatabases(connection, databaseName, askPreferredReplica, instance));
            if (instance.ProductMajorVersion >= StateQueries.FirstVersionWithLogStats)
            {
                databases = WithLogStats(connection, databaseName, databases, instance);
            }

            return new ServerState(instance, BasesKnownOnlyOnThePrimary(databases, groups), groups,
                certificates: ReadCertificates(connection),
                asymmetricKeys: ReadAsymmetricKeys(connection),
                credentials: ReadCredentials(connection));
        }

        /// <summary>
        /// dbo.fn_BackupStatus: this replica's state and its own backup history, joined per database. Reading msdb needs
        /// SELECT on its backupset and backupmediafamily tables, and a missing one is named.
        /// </summary>
        public static IReadOnlyList<BackupStatusRow> ReadBackupStatus(DbConnection connection, string? databaseName, DateTime nowUtc)
        {
            ServerState server = ReadForStatus(connection, databaseName);
            using (DbCommand command = Command(connection, StateQueries.BackupHistoryPermission))
            using (DbDataReader reader = command.ExecuteReader())
            {
                if (!reader.Read() || NullableInt(reader, "can_read_backupset") != 1 || NullableInt(reader, "can_read_backupmediafamily") != 1
                    || NullableInt(reader, "can_read_restorehistory") != 1)
                {
                    throw new StateReadException("Reading the backup history needs SELECT on msdb.dbo.backupset, msdb.dbo.backupmediafamily and msdb.dbo.restorehistory; "
                        + "GRANT SELECT ON the three TO the caller's user in msdb (or add it to msdb's db_datareader role).");
                }
            }

            var history = new List<LocalBackup>();
            using (DbCommand command = Command(connection, StateQueries.BackupHistory))
            {
                AddParameter(command, DatabaseNameParameter, DbType.String, 128, (object?)databaseName ?? DBNull.Value);
                using (DbDataReader reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        string type = Text(reader, "type") ?? string.Empty;
                        history.Add(new LocalBackup(
                            Text(reader, "database_name") ?? string.Empty,
                            type.Length == 1 ? type[0] : ' ',
                            BackupFinishUtc(NullableDate(reader, "backup_finish_date")!.Value, NullableInt(reader, "time_zone"), server.Instance),
                            NullableDecimal(reader, "last_lsn")!.Value,
                            Text(reader, "physical_device_name")));
                    }
                }
            }

            return BackupStatusReport.Rows(server, history, ReadWatchedLogBackupLsns(connection), nowUtc);
        }

        /// <summary>The log watch's rows (dbo.ObservedLogBackupLsn), read as the caller: a missing SELECT is named.</summary>
        private static IReadOnlyList<LogBackupLsnSeen> ReadWatchedLogBackupLsns(DbConnection connection)
        {
            using (DbCommand command = Command(connection, EngineSql.ObservedLogBackupLsnPermission))
            using (DbDataReader reader = command.ExecuteReader())
            {
                if (!reader.Read() || NullableInt(reader, "can_read_observed_log_backup_lsn") != 1)
                {
                    throw new StateReadException("Reading when this replica first saw each last_log_backup_lsn needs SELECT on dbo.ObservedLogBackupLsn; "
                        + "GRANT SELECT ON dbo.ObservedLogBackupLsn TO the caller's user in this database.");
                }
            }

            var watched = new List<LogBackupLsnSeen>();
            using (DbCommand command = Command(connection, EngineSql.ObservedLogBackupLsns))
            using (DbDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    watched.Add(new LogBackupLsnSeen(
                        Text(reader, "database_name") ?? string.Empty,
                        NullableDecimal(reader, "last_log_backup_lsn")!.Value,
                        DateTime.SpecifyKind(NullableDate(reader, "first_seen_utc")!.Value, DateTimeKind.Utc)));
                }
            }

            return watched;
        }

        /// <summary>
        /// The docs give sys.dm_db_log_stats.log_backup_time no time zone: read as this instance's local time and as UTC, the
        /// later of the two is what fn_BackupStatus shows, never older than the log backup where the value is either clock of
        /// this instance. No decision reads it: @MaxLogAgeMinutes watches last_log_backup_lsn on this replica's clock instead.
        /// </summary>
        private static DateTime LaterReading(DateTime logBackupTime, InstanceFacts instance)
        {
            DateTime asLocal = instance.ToUtc(logBackupTime);
            DateTime asUtc = DateTime.SpecifyKind(logBackupTime, DateTimeKind.Utc);
            return asLocal > asUtc ? asLocal : asUtc;
        }

        /// <summary>
        /// backupset.backup_finish_date is the local time of the instance that took the backup, and time_zone its offset from
        /// UTC in 15-minute intervals, 127 when unknown: then this instance's current offset is the best guess.
        /// </summary>
        private static DateTime BackupFinishUtc(DateTime local, int? timeZone, InstanceFacts instance) =>
            timeZone is int quarters && quarters != UnknownTimeZone
                ? DateTime.SpecifyKind(local.AddMinutes(-15 * quarters), DateTimeKind.Utc)
                : instance.ToUtc(local);

        /// <summary>
        /// Whether a secondary's sys.database_recovery_status.last_log_backup_lsn and sys.master_files.differential_base_lsn
        /// show the backups taken on other replicas is not documented (the integration tests pin it). On a secondary the
        /// bases are therefore unknown: nothing is refused on a guess, and SQL Server's own refusal is a FAILED row.
        /// </summary>
        private static IReadOnlyList<DatabaseFacts> BasesKnownOnlyOnThePrimary(IReadOnlyList<DatabaseFacts> databases, IReadOnlyList<AvailabilityGroupFacts> groups)
        {
            var known = new List<DatabaseFacts>(databases.Count);
            foreach (DatabaseFacts database in databases)
            {
                bool onPrimary = database.AvailabilityGroupName == null || IsPrimaryOf(database.AvailabilityGroupName, groups);
                known.Add(onPrimary ? database : database.With(hasLogBackupBase: null, hasDifferentialBase: null));
            }

            return known;
        }

        private static bool IsPrimaryOf(string groupName, IReadOnlyList<AvailabilityGroupFacts> groups)
        {
            foreach (AvailabilityGroupFacts group in groups)
            {
                if (string.Equals(group.Name, groupName, StringComparison.Ordinal))
                {
                    return group.LocalRole == ReplicaRole.Primary;
                }
            }

            return false;
        }

        /// <summary>Null when the caller may read everything; otherwise which permission is missing and how to grant it.</summary>
        public static string? MissingPermission(bool hasViewServerState, bool hasViewAnyDefinition)
        {
            if (!hasViewServerState)
            {
                return "Reading availability group state needs the VIEW SERVER STATE permission (sys.dm_hadr_* views); GRANT VIEW SERVER STATE TO the login that runs the job.";
            }

            return hasViewAnyDefinition
                ? null
                : "Reading availability group and database metadata needs the VIEW ANY DEFINITION permission (sys.availability_groups, sys.master_files); GRANT VIEW ANY DEFINITION TO the login that runs the job.";
        }

        private static InstanceFacts ReadInstance(DbConnection connection)
        {
            using (DbCommand command = Command(connection, StateQueries.Instance))
            using (DbDataReader reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    throw new StateReadException("SERVERPROPERTY returned no row.");
                }

                string? missing = MissingPermission(Int(reader, "has_view_server_state") == 1, Int(reader, "has_view_any_definition") == 1);
                if (missing != null)
                {
                    throw new StateReadException(missing);
                }

                return new InstanceFacts(
                    Text(reader, "server_name") ?? string.Empty,
                    Text(reader, "machine_name") ?? string.Empty,
                    Text(reader, "instance_name"),
                    Int(reader, "product_major_version"),
                    Int(reader, "engine_edition"),
                    Int(reader, "is_hadr_enabled") == 1,
                    Int(reader, "tran_count"),
                    Int(reader, "collation_ignores_case") == 1,
                    utcOffsetMinutes: Int(reader, "utc_offset_minutes"));
            }
        }

        private static bool ReadIsLinux(DbConnection connection)
        {
            using (DbCommand command = Command(connection, StateQueries.HostPlatform))
            using (DbDataReader reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    throw new StateReadException("sys.dm_os_host_info returned no row.");
                }

                string platform = Text(reader, "host_platform") ?? string.Empty;
                if (platform != "Windows" && platform != "Linux")
                {
                    throw new StateReadException("sys.dm_os_host_info.host_platform is '" + platform
                        + "', which this version of AgBackupClr does not know; upgrade AgBackupClr.");
                }

                return platform == "Linux";
            }
        }

        /// <summary>
        /// Each database's log since its last log backup and the time of that backup, by name (StateQueries.LogStats); the
        /// databases the view has no row for keep NULL.
        /// </summary>
        private static IReadOnlyList<DatabaseFacts> WithLogStats(DbConnection connection, string? databaseName, IReadOnlyList<DatabaseFacts> databases, InstanceFacts instance)
        {
            var stats = new Dictionary<string, DatabaseFacts>(StringComparer.Ordinal);
            foreach (DatabaseFacts database in databases)
            {
                stats[database.Name] = database;
            }

            using (DbCommand command = Command(connection, StateQueries.LogStats))
            {
                AddParameter(command, DatabaseNameParameter, DbType.String, 128, (object?)databaseName ?? DBNull.Value);
                using (DbDataReader reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        string name = Text(reader, "name") ?? string.Empty;
                        if (stats.TryGetValue(name, out DatabaseFacts? database))
                        {
                            int megabytes = reader.GetOrdinal("log_since_last_log_backup_mb");
                            DateTime? backedUp = NullableDate(reader, "log_backup_time");
                            stats[name] = database.With(
                                logSinceLastLogBackupMb: reader.IsDBNull(megabytes) ? null : Convert.ToDouble(reader.GetValue(megabytes), CultureInfo.InvariantCulture),
                                lastLogBackupUtc: backedUp is DateTime time && time.Year > NeverBackedUpYear ? LaterReading(time, instance) : null);
                        }
                    }
                }
            }

            var read = new List<DatabaseFacts>(databases.Count);
            foreach (DatabaseFacts database in databases)
            {
                read.Add(stats[database.Name]);
            }

            return read;
        }

        /// <summary>Each database's rows of StateQueries.OtherReplicaDatabases, by name; a database without any keeps none.</summary>
        private static IReadOnlyList<DatabaseFacts> WithOtherReplicas(DbConnection connection, string? databaseName, IReadOnlyList<DatabaseFacts> databases)
        {
            var others = new Dictionary<string, List<OtherReplicaDatabaseFacts>>(StringComparer.Ordinal);
            using (DbCommand command = Command(connection, StateQueries.OtherReplicaDatabases))
            {
                AddParameter(command, DatabaseNameParameter, DbType.String, 128, (object?)databaseName ?? DBNull.Value);
                using (DbDataReader reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        // Only an advisory check reads these rows: one SQL Server shows in a way this version does not know is left
                        // out (never healthy, never unhealthy) instead of stopping every backup of the run.
                        string name = Text(reader, "name") ?? string.Empty;
                        int? state = NullableInt(reader, "synchronization_state");
                        int? suspended = NullableInt(reader, "is_suspended");
                        if (state == null || suspended == null || !Enum.IsDefined(typeof(SynchronizationState), state.Value))
                        {
                            continue;
                        }

                        if (!others.TryGetValue(name, out List<OtherReplicaDatabaseFacts>? states))
                        {
                            states = new List<OtherReplicaDatabaseFacts>();
                            others.Add(name, states);
                        }

                        states.Add(new OtherReplicaDatabaseFacts(
                            Text(reader, "replica_server_name") ?? string.Empty,
                            new DatabaseReplicaFacts((SynchronizationState)state.Value, suspended.Value == 1)));
                    }
                }
            }

            var read = new List<DatabaseFacts>(databases.Count);
            foreach (DatabaseFacts database in databases)
            {
                read.Add(others.TryGetValue(database.Name, out List<OtherReplicaDatabaseFacts>? states) ? database.With(otherReplicas: states) : database);
            }

            return read;
        }

        private static IReadOnlyList<CertificateFacts> ReadCertificates(DbConnection connection)
        {
            var certificates = new List<CertificateFacts>();
            using (DbCommand command = Command(connection, StateQueries.Certificates))
            using (DbDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    int backedUp = reader.GetOrdinal("pvt_key_last_backup_date");
                    certificates.Add(new CertificateFacts(
                        Text(reader, "name") ?? string.Empty, reader.IsDBNull(backedUp) ? null : reader.GetDateTime(backedUp)));
                }
            }

            return certificates;
        }

        private static IReadOnlyList<AsymmetricKeyFacts> ReadAsymmetricKeys(DbConnection connection)
        {
            var keys = new List<AsymmetricKeyFacts>();
            using (DbCommand command = Command(connection, StateQueries.AsymmetricKeys))
            using (DbDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(new AsymmetricKeyFacts(Text(reader, "name") ?? string.Empty, Text(reader, "provider_type") == "CRYPTOGRAPHIC PROVIDER"));
                }
            }

            return keys;
        }

        private static IReadOnlyList<CredentialFacts> ReadCredentials(DbConnection connection)
        {
            var credentials = new List<CredentialFacts>();
            using (DbCommand command = Command(connection, StateQueries.Credentials))
            using (DbDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    credentials.Add(new CredentialFacts(Text(reader, "name") ?? string.Empty, Text(reader, "credential_identity") ?? string.Empty));
                }
            }

            return credentials;
        }

        private static IReadOnlyList<DatabaseFacts> ReadDatabases(DbConnection connection, string? databaseName, bool askPreferredReplica, InstanceFacts instance)
        {
            var databases = new List<DatabaseFacts>();
            using (DbCommand command = Command(connection, StateQueries.Databases))
            {
                AddParameter(command, DatabaseNameParameter, DbType.String, 128, (object?)databaseName ?? DBNull.Value);
                AddParameter(command, AskPreferredReplicaParameter, DbType.Boolean, 0, askPreferredReplica);
                ReadDatabaseRows(command, databases, instance);
            }

            return databases;
        }

        private static void AddParameter(DbCommand command, string name, DbType type, int size, object value)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            if (size > 0)
            {
                parameter.Size = size;
            }

            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        private static void ReadDatabaseRows(DbCommand command, List<DatabaseFacts> databases, InstanceFacts instance)
        {
            using (DbDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    int? synchronizationState = NullableInt(reader, "synchronization_state");
                    DatabaseReplicaFacts? replica = synchronizationState.HasValue
                        ? new DatabaseReplicaFacts(Known<SynchronizationState>(synchronizationState.Value, "synchronization_state"), Int(reader, "is_suspended") == 1)
                        : null;
                    int? preferred = NullableInt(reader, "is_preferred_backup_replica");
                    databases.Add(new DatabaseFacts(
                        Text(reader, "name") ?? string.Empty,
                        Int(reader, "database_id"),
                        Known<DatabaseState>(Int(reader, "state"), "sys.databases.state"),
                        Int(reader, "is_snapshot") == 1,
                        Int(reader, "is_in_standby") == 1,
                        Known<RecoveryModel>(Int(reader, "recovery_model"), "sys.databases.recovery_model"),
                        Flag(reader, "has_log_backup_base"),
                        Int(reader, "has_differential_base") == 1,
                        Int(reader, "is_seeding") == 1,
                        Text(reader, "availability_group_name"),
                        replica,
                        preferred.HasValue ? preferred.Value == 1 : null,
                        dataPages: NullableLong(reader, "data_pages"),
                        logPages: NullableLong(reader, "log_pages"),
                        groupDatabaseId: NullableGuid(reader, "group_database_id"),
                        differentialBaseLsn: NullableDecimal(reader, "differential_base_lsn"),
                        differentialBaseTimeUtc: NullableDate(reader, "differential_base_time") is DateTime baseTime ? instance.ToUtc(baseTime) : null,
                        lastLogBackupLsn: NullableDecimal(reader, "last_log_backup_lsn")));
                }
            }
        }

        private static IReadOnlyList<AvailabilityGroupFacts> ReadGroups(
            DbConnection connection,
            Dictionary<string, string> clusterTypes,
            Dictionary<string, string> contained,
            Dictionary<string, string> distributed)
        {
            var groups = new List<AvailabilityGroupFacts>();
            using (DbCommand command = Command(connection, StateQueries.Replicas))
            using (DbDataReader reader = command.ExecuteReader())
            {
                string? current = null;
                var replicas = new List<ReplicaFacts>();
                AutomatedBackupPreference preference = AutomatedBackupPreference.Secondary;
                bool isBasic = false;
                while (reader.Read())
                {
                    string name = Text(reader, "availability_group_name") ?? string.Empty;
                    if (current != null && !string.Equals(current, name, StringComparison.Ordinal))
                    {
                        groups.Add(Group(current, preference, isBasic, replicas, clusterTypes, contained, distributed));
                        replicas = new List<ReplicaFacts>();
                    }

                    current = name;
                    preference = Known<AutomatedBackupPreference>(Int(reader, "automated_backup_preference"), "automated_backup_preference");
                    isBasic = Int(reader, "basic_features") == 1;
                    int? role = NullableInt(reader, "role");
                    int? connected = NullableInt(reader, "connected_state");
                    int? operational = NullableInt(reader, "operational_state");
                    replicas.Add(new ReplicaFacts(
                        Text(reader, "replica_server_name") ?? string.Empty,
                        Int(reader, "backup_priority"),
                        Known<AvailabilityMode>(Int(reader, "availability_mode"), "availability_mode"),
                        role.HasValue ? Known<ReplicaRole>(role.Value, "role") : null,
                        connected.HasValue ? Known<ConnectedState>(connected.Value, "connected_state") == ConnectedState.Connected : null,
                        // operational_state is NULL for replicas that are not local.
                        operational.HasValue ? Known<OperationalState>(operational.Value, "operational_state") == OperationalState.Online : null,
                        Int(reader, "is_local") == 1));
                }

                if (current != null)
                {
                    groups.Add(Group(current, preference, isBasic, replicas, clusterTypes, contained, distributed));
                }
            }

            return groups;
        }

        private static AvailabilityGroupFacts Group(
            string name,
            AutomatedBackupPreference preference,
            bool isBasic,
            List<ReplicaFacts> replicas,
            Dictionary<string, string> clusterTypes,
            Dictionary<string, string> contained,
            Dictionary<string, string> distributed)
        {
            return new AvailabilityGroupFacts(
                name,
                preference,
                isBasic,
                ReadDistributedRole(distributed, name),
                contained.TryGetValue(name, out string? isContained) && isContained == "1",
                clusterTypes.TryGetValue(name, out string? clusterType) ? clusterType : "WSFC",
                replicas.ToArray());
        }

        /// <summary>The role of the group's own row in its distributed AG (StateQueries.DistributedMembers), if it is a member of one.</summary>
        private static DistributedRole ReadDistributedRole(Dictionary<string, string> distributed, string name)
        {
            if (!distributed.TryGetValue(name, out string? role))
            {
                return DistributedRole.NotDistributed;
            }

            // Only a member AG's primary sees its role in the distributed AG. Where it is not visible (NULL) or RESOLVING, the
            // ordinary rules apply: if they are wrong, SQL Server refuses the BACKUP loudly (Msg 3059) rather than nothing running.
            if (role.Length == 0)
            {
                return DistributedRole.GlobalPrimary;
            }

            ReplicaRole memberRole = Known<ReplicaRole>(int.Parse(role, CultureInfo.InvariantCulture), "role of " + name + " in its distributed availability group");
            return memberRole == ReplicaRole.Secondary ? DistributedRole.Secondary : DistributedRole.GlobalPrimary;
        }

        /// <summary>Two-column queries: the first column names a row, the second is its value as invariant text.</summary>
        private static Dictionary<string, string> ReadNameValues(DbConnection connection, string query)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            using (DbCommand command = Command(connection, query))
            using (DbDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (reader.IsDBNull(0))
                    {
                        continue;
                    }

                    object value = reader.GetValue(1);
                    values[reader.GetString(0)] = value is DBNull ? string.Empty : Convert.ToString(value is bool flag ? (flag ? 1 : 0) : value, CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }

            return values;
        }

        private static DbCommand Command(DbConnection connection, string text)
        {
            DbCommand command = connection.CreateCommand();
            command.CommandText = text;
            return command;
        }

        private static string? Text(DbDataReader reader, string column)
        {
            int ordinal = reader.GetOrdinal(column);
            return reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        }

        private static int Int(DbDataReader reader, string column) =>
            NullableInt(reader, column) ?? throw new StateReadException("Column " + column + " was NULL where SQL Server documents a value.");

        /// <summary>A bit column that is NULL where SQL Server cannot tell (unknown, never false).</summary>
        private static bool? Flag(DbDataReader reader, string column)
        {
            int? value = NullableInt(reader, column);
            return value.HasValue ? value.Value == 1 : null;
        }

        private static int? NullableInt(DbDataReader reader, string column)
        {
            int ordinal = reader.GetOrdinal(column);
            if (reader.IsDBNull(ordinal))
            {
                return null;
            }

            object value = reader.GetValue(ordinal);
            return value is bool flag ? (flag ? 1 : 0) : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }

        private static DateTime? NullableDate(DbDataReader reader, string column)
        {
            int ordinal = reader.GetOrdinal(column);
            return reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);
        }

        private static Guid? NullableGuid(DbDataReader reader, string column)
        {
            int ordinal = reader.GetOrdinal(column);
            return reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
        }

        /// <summary>An LSN: numeric(25,0), which fits a decimal.</summary>
        private static decimal? NullableDecimal(DbDataReader reader, string column)
        {
            int ordinal = reader.GetOrdinal(column);
            return reader.IsDBNull(ordinal) ? null : Convert.ToDecimal(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        }

        private static long? NullableLong(DbDataReader reader, string column)
        {
            int ordinal = reader.GetOrdinal(column);
            return reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        }

        /// <summary>sys.dm_hadr_availability_replica_states.connected_state: only CONNECTED is connected.</summary>
        private enum ConnectedState
        {
            Disconnected = 0,
            Connected = 1,
        }

        /// <summary>sys.dm_hadr_availability_replica_states.operational_state: only ONLINE is online.</summary>
        private enum OperationalState
        {
            PendingFailover = 0,
            Pending = 1,
            Online = 2,
            Offline = 3,
            Failed = 4,
            FailedNoQuorum = 5,
        }

        /// <summary>A value this version does not know is a loud error, never a guess.</summary>
        private static T Known<T>(int value, string column)
            where T : struct, Enum
        {
            if (!Enum.IsDefined(typeof(T), value))
            {
                throw new StateReadException(column + " has the value " + value.ToString(CultureInfo.InvariantCulture)
                    + ", which this version of AgBackupClr does not know; upgrade AgBackupClr.");
            }

            return (T)(object)value;
        }
    }
}
