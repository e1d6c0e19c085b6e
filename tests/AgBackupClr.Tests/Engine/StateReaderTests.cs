using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>The state reader turns the query results into facts in SQL Server's vocabulary, and never guesses.</summary>
    public class StateReaderTests
    {
        // The fake's columns are the ones each query really returns, parsed from its text: a column dropped from a query is
        // missing here too, and the reader, which reads it by name, fails these tests.
        private static readonly string InstanceColumns = string.Join(", ", QueryColumns.Of(StateQueries.Instance));

        private static readonly Guid SalesGroupDatabaseId = new Guid("5b1c6a3e-3d0f-4a4e-9a41-7f7c2d1b9e10");

        private static readonly string DatabaseColumns = string.Join(", ", QueryColumns.Of(StateQueries.Databases));

        private static readonly string ReplicaColumns = string.Join(", ", QueryColumns.Of(StateQueries.Replicas));

        private static readonly string DistributedColumns = string.Join(", ", QueryColumns.Of(StateQueries.DistributedMembers));

        private static readonly string OtherReplicaColumns = string.Join(", ", QueryColumns.Of(StateQueries.OtherReplicaDatabases));

        /// <summary>What a primary shows of Sales on its two secondaries: SQL3 suspended, as after ALTER DATABASE ... SET HADR SUSPEND there.</summary>
        private static readonly object?[][] PrimaryRowsOfOtherReplicas =
        {
            new object?[] { "Sales", "SQL1", (byte)2, false },
            new object?[] { "Sales", "SQL3", (byte)0, true },
        };

        [Test]
        public void A_secondary_reads_its_own_state_and_only_the_priorities_of_the_others()
        {
            FakeConnection connection = Secondary(version: 16);

            ServerState state = StateReader.Read(connection);

            Assert.That(state.Instance, Is.EqualTo(new InstanceFacts("SQL2\\AG", "SQL2", "AG", 16, 3, true, 0, true, utcOffsetMinutes: 60)).UsingPropertiesComparer());
            AvailabilityGroupFacts group = state.AvailabilityGroups[0];
            Assert.That(group, Has.Property("Name").EqualTo("AG1").And.Property("AutomatedBackupPreference").EqualTo(AutomatedBackupPreference.SecondaryOnly)
                .And.Property("ClusterType").EqualTo("NONE").And.Property("IsContained").False.And.Property("DistributedRole").EqualTo(DistributedRole.NotDistributed));
            Assert.That(group.Replicas, Is.EqualTo(new[]
            {
                new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, null, null, null, false),
                new ReplicaFacts("SQL2", 60, AvailabilityMode.AsynchronousCommit, ReplicaRole.Secondary, true, true, true),
            }).UsingPropertiesComparer());
            Assert.That(state.Databases, Is.EqualTo(new[]
            {
                new DatabaseFacts("master", 1, DatabaseState.Online, false, false, RecoveryModel.Simple, false, true, false, null, null, null,
                    dataPages: 640,
                    logPages: 256,
                    logSinceLastLogBackupMb: 0.5),
                // On a secondary the bases are unknown: whether its LSN columns show other replicas' backups is not documented.
                new DatabaseFacts("Sales", 5, DatabaseState.Online, false, false, RecoveryModel.Full, null, null, false, "AG1",
                    new DatabaseReplicaFacts(SynchronizationState.Synchronizing, false), true,
                    dataPages: 131072,
                    logPages: 8192,
                    lastLogBackupUtc: new DateTime(2026, 11, 26, 1, 45, 0, DateTimeKind.Utc),
                    groupDatabaseId: SalesGroupDatabaseId,
                    differentialBaseLsn: 41000000001200001m,
                    differentialBaseTimeUtc: new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc),
                    lastLogBackupLsn: 42000000003100001m),
            }).UsingPropertiesComparer());
        }

        [TestCase(1, true)]
        [TestCase(0, false)]
        public void The_server_collation_says_whether_database_names_ignore_case(int ignoresCase, bool expected)
        {
            FakeConnection connection = Secondary(version: 16, new Columns { CollationIgnoresCase = ignoresCase });

            Assert.That(StateReader.Read(connection).Instance.CollationIgnoresCase, Is.EqualTo(expected));
        }

        [Test]
        public void A_database_snapshot_and_a_database_in_standby_are_read_with_their_database_id()
        {
            FakeConnection snapshot = Secondary(version: 16, new Columns { ThirdDatabase = new object?[] { "Sales_Monday", 9, (byte)0, true, false, (byte)1, false, false, false, null, null, null, null, 1024L, null, null, null, null, null } });
            FakeConnection standby = Secondary(version: 16, new Columns { ThirdDatabase = new object?[] { "Shipped", 10, (byte)0, false, true, (byte)1, true, true, false, null, null, null, null, null, null, null, null, null, null } });

            Assert.That(StateReader.Read(snapshot).Databases[2], Is.EqualTo(
                new DatabaseFacts("Sales_Monday", 9, DatabaseState.Online, true, false, RecoveryModel.Full, false, false, false, null, null, null, dataPages: 1024)).UsingPropertiesComparer());
            Assert.That(StateReader.Read(standby).Databases[2], Is.EqualTo(
                new DatabaseFacts("Shipped", 10, DatabaseState.Online, false, true, RecoveryModel.Full, true, true, false, null, null, null)).UsingPropertiesComparer());
        }

        [Test]
        public void On_sql_server_2016_no_column_added_later_is_asked_for()
        {
            FakeConnection connection = Secondary(version: 13);

            StateReader.Read(connection);

            Assert.That(connection.Asked, Is.EqualTo(new[]
            {
                StateQueries.Instance, StateQueries.DistributedMembers, StateQueries.Replicas, StateQueries.Databases, StateQueries.OtherReplicaDatabases,
                StateQueries.Certificates, StateQueries.AsymmetricKeys, StateQueries.Credentials,
            }));
        }

        [Test]
        public void The_state_of_each_database_on_the_other_replicas_is_read_by_replica_name()
        {
            FakeConnection connection = Secondary(version: 16, new Columns { OtherReplicaRows = PrimaryRowsOfOtherReplicas });

            ServerState state = StateReader.Read(connection);

            DatabaseFacts sales = state.Databases.Single(database => database.Name == "Sales");
            Assert.That(sales.OtherReplicas, Is.EqualTo(new[]
            {
                new OtherReplicaDatabaseFacts("SQL1", new DatabaseReplicaFacts(SynchronizationState.Synchronized, false)),
                new OtherReplicaDatabaseFacts("SQL3", new DatabaseReplicaFacts(SynchronizationState.NotSynchronizing, true)),
            }).UsingPropertiesComparer());
            Assert.That(sales.StateOn("sql3"), Is.EqualTo(new DatabaseReplicaFacts(SynchronizationState.NotSynchronizing, true)).UsingPropertiesComparer(), "replica names compare as sys.availability_replicas names them");
            Assert.That(sales.StateOn("SQL4"), Is.Null);
            Assert.That(state.Databases.Single(database => database.Name == "master").OtherReplicas, Is.Empty);
            Assert.That(connection.Sent[connection.Asked.IndexOf(StateQueries.OtherReplicaDatabases)]["@database_name"], Is.EqualTo(DBNull.Value));
        }

        [Test]
        public void Another_replica_s_row_with_an_undocumented_or_null_state_is_left_out_and_the_run_goes_on()
        {
            // The rows only feed the primary's advisory check: one unreadable row must not stop every backup of the run.
            DatabaseFacts sales = Sales(new Columns
            {
                OtherReplicaRows = new[]
                {
                    new object?[] { "Sales", "SQL3", (byte)9, false },
                    new object?[] { "Sales", "SQL4", null, false },
                    new object?[] { "Sales", "SQL5", (byte)1, null },
                    new object?[] { "Sales", "SQL1", (byte)2, false },
                },
            });

            Assert.That(sales.OtherReplicas, Is.EqualTo(new[] { new OtherReplicaDatabaseFacts("SQL1", new DatabaseReplicaFacts(SynchronizationState.Synchronized, false)) }).UsingPropertiesComparer());
        }

        [Test]
        public void The_certificates_and_asymmetric_keys_of_master_are_read_with_what_backup_encryption_needs_to_know()
        {
            ServerState state = StateReader.Read(Secondary(version: 16));

            Assert.That(state.Certificates, Is.EqualTo(new[]
            {
                new CertificateFacts("BackupCertificate", new System.DateTime(2026, 1, 2, 3, 4, 5)),
                new CertificateFacts("NeverExported", null),
            }).UsingPropertiesComparer());
            Assert.That(state.AsymmetricKeys, Is.EqualTo(new[] { new AsymmetricKeyFacts("VaultKey", true), new AsymmetricKeyFacts("LocalKey", false) }).UsingPropertiesComparer());
            Assert.That(StateQueries.Certificates + StateQueries.AsymmetricKeys, Does.Contain("FROM master.sys.certificates").And.Contain("FROM master.sys.asymmetric_keys"),
                "backup encryption's keys are in master, whatever database the procedure runs in");
        }

        [Test]
        public void The_log_since_the_last_log_backup_is_read_from_sql_server_2017_and_only_for_the_database_asked_about()
        {
            FakeConnection sql2016 = Secondary(version: 13);
            FakeConnection one = Secondary(version: 14);

            Assert.That(StateReader.Read(sql2016).Databases[0].LogSinceLastLogBackupMb, Is.Null);
            Assert.That(sql2016.Asked, Does.Not.Contain(StateQueries.LogStats));
            StateReader.Read(one, "Sales", BackupType.Log, false);
            Assert.That(one.Sent[one.Asked.IndexOf(StateQueries.LogStats)]["@database_name"], Is.EqualTo("Sales"));
            Assert.That(StateQueries.LogStats, Does.Contain("WHERE d.state = 0 AND d.source_database_id IS NULL"), "sys.dm_db_log_stats(NULL) would read the current database");
        }

        [Test]
        public void The_server_credentials_are_read_with_their_identity()
        {
            Assert.That(StateReader.Read(Secondary(version: 16)).Credentials, Is.EqualTo(new[]
            {
                new CredentialFacts("https://account.blob.core.windows.net/backups", "SHARED ACCESS SIGNATURE"),
            }).UsingPropertiesComparer());
        }

        [TestCase("Windows", false)]
        [TestCase("Linux", true)]
        public void The_host_platform_says_whether_the_replica_runs_on_linux(string platform, bool isLinux)
        {
            FakeConnection connection = Secondary(version: 14, new Columns { HostPlatform = platform });

            Assert.That(StateReader.Read(connection).Instance.IsLinux, Is.EqualTo(isLinux));
        }

        [TestCase("Darwin")]
        [TestCase("")]
        [TestCase(null)]
        public void An_undocumented_host_platform_stops_the_read(string? platform)
        {
            Assert.That(ReadError(new Columns { HostPlatform = platform }), Is.EqualTo(
                "sys.dm_os_host_info.host_platform is '" + platform + "', which this version of AgBackupClr does not know; upgrade AgBackupClr."));
        }

        [Test]
        public void Sql_server_2016_runs_on_windows_and_is_not_asked_for_its_platform()
        {
            FakeConnection connection = Secondary(version: 13, new Columns { HostPlatform = "Linux" });

            Assert.That(StateReader.Read(connection).Instance.IsLinux, Is.False);
            Assert.That(connection.Asked, Does.Not.Contain(StateQueries.HostPlatform));
        }

        [Test]
        public void Validation_asks_sql_server_for_one_database_and_the_procedure_for_all()
        {
            FakeConnection one = Secondary(version: 16);
            FakeConnection all = Secondary(version: 16);

            StateReader.Read(one, "Sales", BackupType.Log, false);
            StateReader.Read(all);

            Assert.That(one.Sent[one.Asked.IndexOf(StateQueries.Databases)]["@database_name"], Is.EqualTo("Sales"));
            Assert.That(all.Sent[all.Asked.IndexOf(StateQueries.Databases)]["@database_name"], Is.EqualTo(System.DBNull.Value));
        }

        // sys.fn_hadr_backup_is_preferred_replica can take seconds with many availability groups (docs/rules.md F7): the reader asks it
        // only for backup types a secondary of this instance may take, where the preference can decide.
        [TestCase(16, 3, BackupType.Log, false, true)]
        [TestCase(16, 3, BackupType.Full, true, true)]
        [TestCase(16, 3, BackupType.Full, false, false)]
        [TestCase(16, 3, BackupType.Diff, false, false)]
        [TestCase(16, 3, BackupType.Log, true, false)]
        [TestCase(17, 3, BackupType.Full, false, true)]
        [TestCase(17, 3, BackupType.Diff, false, true)]
        [TestCase(16, 2, BackupType.Log, false, false)]
        [TestCase(16, 3, BackupType.Restore, false, false)]
        public void The_preferred_replica_is_asked_only_for_a_backup_a_secondary_may_take(
            int version, int engineEdition, BackupType type, bool copyOnly, bool asked)
        {
            FakeConnection connection = Secondary(version, new Columns { EngineEdition = engineEdition });

            StateReader.Read(connection, null, type, copyOnly);

            Assert.That(connection.Sent[connection.Asked.IndexOf(StateQueries.Databases)]["@ask_preferred_replica"], Is.EqualTo(asked));
        }

        [Test]
        public void The_planner_reading_every_backup_type_asks_the_preferred_replica()
        {
            FakeConnection connection = Secondary(version: 16, new Columns { EngineEdition = 2 });

            StateReader.Read(connection);

            Assert.That(connection.Sent[connection.Asked.IndexOf(StateQueries.Databases)]["@ask_preferred_replica"], Is.EqualTo(true));
        }

        [Test]
        public void The_databases_query_calls_the_preferred_replica_function_only_behind_the_ask_flag_and_never_for_a_basic_group()
        {
            TSqlScript script = TSqlParsing.ParseValid(StateQueries.Databases, "StateQueries.Databases");
            FunctionCall call = TSqlParsing.Descendants(script).OfType<FunctionCall>()
                .Single(f => f.FunctionName.Value.Equals("fn_hadr_backup_is_preferred_replica", System.StringComparison.OrdinalIgnoreCase));
            SearchedCaseExpression guard = TSqlParsing.Descendants(script).OfType<SearchedCaseExpression>()
                .Single(c => c.WhenClauses.Any(w => w.ThenExpression == call));
            BooleanExpression when = guard.WhenClauses.Single().WhenExpression;
            string condition = StateQueries.Databases.Substring(when.StartOffset, when.FragmentLength);

            Assert.That(guard.ElseExpression, Is.Null, "not asked is NULL, never a made-up answer");
            Assert.That(condition, Is.EqualTo("ag.name IS NOT NULL AND ag.basic_features = 0 AND @ask_preferred_replica = 1"));
            Assert.That(((ColumnReferenceExpression)call.Parameters.Single()).MultiPartIdentifier.Identifiers.Select(i => i.Value), Is.EqualTo(new[] { "d", "name" }));
        }

        [Test]
        public void A_database_that_will_not_start_has_an_unknown_log_backup_base_not_a_missing_one()
        {
            // sys.database_recovery_status: last_log_backup_lsn is NULL also when the database is offline or will not start;
            // the query then returns NULL, and the engine refuses nothing on it.
            FakeConnection connection = Secondary(version: 16, new Columns
            {
                ThirdDatabase = new object?[] { "Closed", 9, (byte)0, false, false, (byte)1, null, true, false, null, null, null, null, null, null, null, null, null, null },
            });

            Assert.That(StateReader.Read(connection).Databases[2].HasLogBackupBase, Is.Null);
            Assert.That(StateQueries.Databases, Does.Contain(
                "CASE WHEN rs.database_guid IS NULL THEN NULL WHEN rs.last_log_backup_lsn IS NULL THEN 0 ELSE 1 END AS bit) AS has_log_backup_base"));
        }

        [Test]
        public void The_local_times_the_catalog_shows_are_read_in_utc_with_the_database_facts_status_shows()
        {
            DatabaseFacts sales = Sales(new Columns());

            Assert.That(sales.DifferentialBaseTimeUtc, Is.EqualTo(new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc)));
            Assert.That(sales.LastLogBackupUtc, Is.EqualTo(new DateTime(2026, 11, 26, 1, 45, 0, DateTimeKind.Utc)), "log_backup_time read as UTC, the later reading an hour east of UTC");
            Assert.That(sales.LastLogBackupUtc!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(Sales(new Columns { UtcOffsetMinutes = -300 }).LastLogBackupUtc, Is.EqualTo(new DateTime(2026, 11, 26, 6, 45, 0, DateTimeKind.Utc)),
                "read as local time five hours west of UTC, the later reading");
            Assert.That(sales.GroupDatabaseId, Is.EqualTo(SalesGroupDatabaseId));
            Assert.That(sales.DifferentialBaseLsn, Is.EqualTo(41000000001200001m));
            Assert.That(sales.LastLogBackupLsn, Is.EqualTo(42000000003100001m));
        }

        [Test]
        public void A_log_never_backed_up_has_no_log_backup_time_and_before_sql_server_2017_the_time_is_not_read()
        {
            Assert.That(StateReader.Read(Secondary(version: 14)).Databases[0].LastLogBackupUtc, Is.Null, "log_backup_time 1900-01-01 means never");
            Assert.That(StateReader.Read(Secondary(version: 14)).Databases[1].LastLogBackupUtc, Is.Not.Null);
            Assert.That(StateReader.Read(Secondary(version: 13)).Databases[1].LastLogBackupUtc, Is.Null);
        }

        [Test]
        public void The_backup_status_joins_this_instance_s_history_to_each_database_in_utc_and_never_asks_the_preferred_replica()
        {
            FakeConnection connection = WithHistory(Secondary(version: 16),
                new object?[] { "Sales", "D", new DateTime(2026, 11, 25, 3, 0, 0), (short)4, 41000000001300001m, @"\\share\Sales_FULL.bak" },
                new object?[] { "Sales", "L", new DateTime(2026, 11, 26, 1, 30, 0), (short)127, 42000000003000001m, null },
                new object?[] { "Sales", "L", new DateTime(2026, 11, 26, 1, 15, 0), (short)4, 42000000002000001m, @"\\share\Sales_LOG_0115.trn" });

            BackupStatusRow sales = StateReader.ReadBackupStatus(connection, "Sales", new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc)).Single(row => row.DatabaseName == "Sales");

            Assert.That(sales.LastFull, Is.EqualTo(new LocalBackup("Sales", 'D', new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc), 41000000001300001m, @"\\share\Sales_FULL.bak")).UsingPropertiesComparer(),
                "time_zone 4 is four quarter hours ahead of UTC");
            Assert.That(sales.LastLog!.FinishedUtc, Is.EqualTo(new DateTime(2026, 11, 26, 0, 30, 0, DateTimeKind.Utc)), "time_zone 127 is unknown: the instance's own offset");
            Assert.That(sales.LastDiff, Is.Null);
            Assert.That(sales.NewestLogBackupUtc, Is.EqualTo(new DateTime(2026, 11, 26, 1, 45, 0, DateTimeKind.Utc)), "log_backup_time is newer than this instance's own log backups");
            Assert.That(sales.AvailabilityGroupName, Is.EqualTo("AG1"));
            Assert.That(sales.ReplicaRole, Is.EqualTo("SECONDARY"));
            Assert.That(connection.Sent[connection.Asked.IndexOf(StateQueries.Databases)]["@ask_preferred_replica"], Is.EqualTo(false));
            Assert.That(connection.Sent[connection.Asked.IndexOf(StateQueries.BackupHistory)]["@database_name"], Is.EqualTo("Sales"));
        }

        [TestCase(0, 1, 1)]
        [TestCase(1, 0, 1)]
        [TestCase(1, 1, 0)]
        [TestCase(null, 1, 1)]
        public void Reading_the_backup_status_without_select_on_msdb_s_history_says_what_to_grant(int? backupset, int? mediaFamily, int? restoreHistory)
        {
            FakeConnection connection = WithHistory(Secondary(version: 16));
            connection.Answers[StateQueries.BackupHistoryPermission] = Answers.Table(
                string.Join(", ", QueryColumns.Of(StateQueries.BackupHistoryPermission)), new object?[] { backupset, mediaFamily, restoreHistory });

            var error = Assert.Throws<StateReadException>(() => StateReader.ReadBackupStatus(connection, null, DateTime.UtcNow));

            Assert.That(error!.Message, Is.EqualTo("Reading the backup history needs SELECT on msdb.dbo.backupset, msdb.dbo.backupmediafamily and msdb.dbo.restorehistory; "
                + "GRANT SELECT ON the three TO the caller's user in msdb (or add it to msdb's db_datareader role)."));
            Assert.That(connection.Asked, Does.Not.Contain(StateQueries.BackupHistory));
        }

        public static IEnumerable<TestCaseData> EveryColumnOfTheHistory() =>
            QueryColumns.Of(StateQueries.BackupHistory).Select(column => new TestCaseData(column).SetArgDisplayNames(column));

        [TestCaseSource(nameof(EveryColumnOfTheHistory))]
        public void The_status_reader_reads_every_column_of_the_history(string column)
        {
            FakeConnection connection = WithHistory(Secondary(version: 16),
                new object?[] { "Sales", "D", new DateTime(2026, 11, 25, 3, 0, 0), (short)4, 41000000001300001m, "Sales_FULL.bak" });
            connection.Drop(StateQueries.BackupHistory, column);

            Assert.That(() => StateReader.ReadBackupStatus(connection, null, DateTime.UtcNow), Throws.Exception, column);
        }

        private static FakeConnection WithHistory(FakeConnection connection, params object?[][] history)
        {
            connection.Answers[StateQueries.BackupHistoryPermission] = Answers.Table(
                string.Join(", ", QueryColumns.Of(StateQueries.BackupHistoryPermission)), new object?[] { 1, 1, 1 });
            connection.Answers[StateQueries.BackupHistory] = Answers.Table(string.Join(", ", QueryColumns.Of(StateQueries.BackupHistory)), history);
            return WithWatch(connection);
        }

        /// <summary>dbo.ObservedLogBackupLsn as the caller reads it: with SELECT on it, these rows.</summary>
        private static FakeConnection WithWatch(FakeConnection connection, int? canRead = 1, params object?[][] watched)
        {
            connection.Answers[EngineSql.ObservedLogBackupLsnPermission] = Answers.Table(
                string.Join(", ", QueryColumns.Of(EngineSql.ObservedLogBackupLsnPermission)), new object?[] { canRead });
            connection.Answers[EngineSql.ObservedLogBackupLsns] = Answers.Table(string.Join(", ", QueryColumns.Of(EngineSql.ObservedLogBackupLsns)), watched);
            return connection;
        }

        [Test]
        public void The_backup_status_says_since_when_the_log_watch_saw_the_lsn_by_the_replicas_utc_clock()
        {
            FakeConnection connection = WithWatch(WithHistory(Secondary(version: 16)), 1,
                new object?[] { "Sales", 42000000003100001m, new DateTime(2026, 11, 26, 1, 50, 0) },
                new object?[] { "Sales", 42000000003000001m, new DateTime(2026, 11, 26, 1, 35, 0) });

            BackupStatusRow sales = StateReader.ReadBackupStatus(connection, "Sales", new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc)).Single(row => row.DatabaseName == "Sales");

            Assert.That(sales.LastLogBackupLsnFirstSeenUtc, Is.EqualTo(new DateTime(2026, 11, 26, 1, 50, 0, DateTimeKind.Utc)), "SYSUTCDATETIME() as recorded: no offset applied");
            Assert.That(sales.LastLogBackupLsnFirstSeenUtc!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
        }

        [TestCase(0)]
        [TestCase(null)]
        public void Reading_the_backup_status_without_select_on_the_log_watch_says_what_to_grant(int? canRead)
        {
            FakeConnection connection = WithWatch(WithHistory(Secondary(version: 16)), canRead);

            var error = Assert.Throws<StateReadException>(() => StateReader.ReadBackupStatus(connection, null, DateTime.UtcNow));

            Assert.That(error!.Message, Is.EqualTo("Reading when this replica first saw each last_log_backup_lsn needs SELECT on dbo.ObservedLogBackupLsn; "
                + "GRANT SELECT ON dbo.ObservedLogBackupLsn TO the caller's user in this database."));
            Assert.That(connection.Asked, Does.Not.Contain(EngineSql.ObservedLogBackupLsns));
        }

        public static IEnumerable<TestCaseData> EveryColumnOfTheWatch() =>
            QueryColumns.Of(EngineSql.ObservedLogBackupLsns).Select(column => new TestCaseData(column).SetArgDisplayNames(column));

        [TestCaseSource(nameof(EveryColumnOfTheWatch))]
        public void The_status_reader_reads_every_column_of_the_log_watch(string column)
        {
            FakeConnection connection = WithWatch(WithHistory(Secondary(version: 16)), 1, new object?[] { "Sales", 42000000003100001m, new DateTime(2026, 11, 26, 1, 50, 0) });
            connection.Drop(EngineSql.ObservedLogBackupLsns, column);

            Assert.That(() => StateReader.ReadBackupStatus(connection, null, DateTime.UtcNow), Throws.Exception, column);
        }

        public static IEnumerable<TestCaseData> EveryColumnOfEveryStateQuery() =>
            new[] { StateQueries.Instance, StateQueries.Databases, StateQueries.OtherReplicaDatabases, StateQueries.Replicas, StateQueries.DistributedMembers, StateQueries.ClusterTypes, StateQueries.Contained, StateQueries.HostPlatform, StateQueries.Certificates, StateQueries.AsymmetricKeys, StateQueries.Credentials, StateQueries.LogStats }
                .SelectMany(query => QueryColumns.Of(query).Select(column => new TestCaseData(query, column).SetArgDisplayNames(QueryColumns.Of(query)[0] + "...", column)));

        [TestCaseSource(nameof(EveryColumnOfEveryStateQuery))]
        public void The_reader_reads_every_column_its_queries_return(string query, string column)
        {
            // With one column missing from one query's answer, reading must fail: a query that returns a column the reader
            // never reads is a query that can drift from the reader unnoticed.
            FakeConnection connection = Secondary(version: 16, new Columns { IsDistributedMember = true, DistributedRole = 1, OtherReplicaRows = PrimaryRowsOfOtherReplicas });
            connection.Drop(query, column);

            Assert.That(() => StateReader.Read(connection), Throws.Exception, query + " returns " + column + ", which the reader does not read");
        }

        [TestCase(0, 1, "Reading availability group state needs the VIEW SERVER STATE permission (sys.dm_hadr_* views); GRANT VIEW SERVER STATE TO the login that runs the job.")]
        [TestCase(1, 0, "Reading availability group and database metadata needs the VIEW ANY DEFINITION permission (sys.availability_groups, sys.master_files); GRANT VIEW ANY DEFINITION TO the login that runs the job.")]
        public void A_missing_permission_stops_the_read_with_the_permission_to_grant(int viewServerState, int viewAnyDefinition, string message)
        {
            var connection = new FakeConnection(new Dictionary<string, DataTable>
            {
                [StateQueries.Instance] = Answers.Table(InstanceColumns, new object?[] { "SQL2", "SQL2", null, 16, 3, 1, 0, 1, viewServerState, viewAnyDefinition, 60 }),
            });

            var error = Assert.Throws<StateReadException>(() => StateReader.Read(connection));

            Assert.That(error!.Message, Is.EqualTo(message));
        }

        // role: docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md
        [TestCase(0, ReplicaRole.Resolving)]
        [TestCase(1, ReplicaRole.Primary)]
        [TestCase(2, ReplicaRole.Secondary)]
        public void Each_documented_role_is_read_as_that_role(int role, ReplicaRole expected)
        {
            Assert.That(LocalReplica(new Columns { Role = (byte)role }).Role, Is.EqualTo(expected));
        }

        [Test]
        public void A_null_role_is_read_as_not_visible()
        {
            Assert.That(LocalReplica(new Columns { Role = null }).Role, Is.Null);
        }

        [TestCase(3)]
        [TestCase(255)]
        public void An_undocumented_role_stops_the_read(int role)
        {
            Assert.That(ReadError(new Columns { Role = (byte)role }), Is.EqualTo(UnknownValue("role", role)));
        }

        // operational_state: docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md
        [TestCase(0, false)]
        [TestCase(1, false)]
        [TestCase(2, true)]
        [TestCase(3, false)]
        [TestCase(4, false)]
        [TestCase(5, false)]
        public void Only_the_operational_state_online_is_read_as_online(int operationalState, bool isOnline)
        {
            Assert.That(LocalReplica(new Columns { OperationalState = (byte)operationalState }).IsOnline, Is.EqualTo(isOnline));
        }

        [Test]
        public void A_null_operational_state_is_read_as_not_visible()
        {
            Assert.That(LocalReplica(new Columns { OperationalState = null }).IsOnline, Is.Null);
        }

        [TestCase(6)]
        [TestCase(9)]
        public void An_undocumented_operational_state_stops_the_read(int operationalState)
        {
            Assert.That(ReadError(new Columns { OperationalState = (byte)operationalState }), Is.EqualTo(UnknownValue("operational_state", operationalState)));
        }

        // connected_state: docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md
        [TestCase(0, false)]
        [TestCase(1, true)]
        public void Only_the_connected_state_connected_is_read_as_connected(int connectedState, bool isConnected)
        {
            Assert.That(LocalReplica(new Columns { ConnectedState = (byte)connectedState }).IsConnected, Is.EqualTo(isConnected));
        }

        [Test]
        public void A_null_connected_state_is_read_as_not_visible()
        {
            Assert.That(LocalReplica(new Columns { ConnectedState = null }).IsConnected, Is.Null);
        }

        [TestCase(2)]
        [TestCase(7)]
        public void An_undocumented_connected_state_stops_the_read(int connectedState)
        {
            Assert.That(ReadError(new Columns { ConnectedState = (byte)connectedState }), Is.EqualTo(UnknownValue("connected_state", connectedState)));
        }

        // synchronization_state: docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md
        [TestCase(0, SynchronizationState.NotSynchronizing)]
        [TestCase(1, SynchronizationState.Synchronizing)]
        [TestCase(2, SynchronizationState.Synchronized)]
        [TestCase(3, SynchronizationState.Reverting)]
        [TestCase(4, SynchronizationState.Initializing)]
        public void Each_documented_synchronization_state_is_read_as_that_state(int synchronizationState, SynchronizationState expected)
        {
            Assert.That(Sales(new Columns { SynchronizationState = (byte)synchronizationState }).LocalReplica!.SynchronizationState, Is.EqualTo(expected));
        }

        [Test]
        public void A_null_synchronization_state_is_read_as_no_visible_database_replica()
        {
            Assert.That(Sales(new Columns { SynchronizationState = null }).LocalReplica, Is.Null);
        }

        [TestCase(5)]
        [TestCase(9)]
        public void An_undocumented_synchronization_state_stops_the_read(int synchronizationState)
        {
            Assert.That(ReadError(new Columns { SynchronizationState = (byte)synchronizationState }), Is.EqualTo(UnknownValue("synchronization_state", synchronizationState)));
        }

        // recovery_model: docs/relational-databases/system-catalog-views/sys-databases-transact-sql.md
        [TestCase(1, RecoveryModel.Full)]
        [TestCase(2, RecoveryModel.BulkLogged)]
        [TestCase(3, RecoveryModel.Simple)]
        public void Each_documented_recovery_model_is_read_as_that_model(int recoveryModel, RecoveryModel expected)
        {
            Assert.That(Sales(new Columns { RecoveryModel = (byte)recoveryModel }).RecoveryModel, Is.EqualTo(expected));
        }

        [Test]
        public void A_null_recovery_model_stops_the_read()
        {
            Assert.That(ReadError(new Columns { RecoveryModel = null }), Is.EqualTo(NullValue("recovery_model")));
        }

        [TestCase(0)]
        [TestCase(4)]
        public void An_undocumented_recovery_model_stops_the_read(int recoveryModel)
        {
            Assert.That(ReadError(new Columns { RecoveryModel = (byte)recoveryModel }), Is.EqualTo(UnknownValue("sys.databases.recovery_model", recoveryModel)));
        }

        // state: docs/relational-databases/system-catalog-views/sys-databases-transact-sql.md
        [TestCase(0, DatabaseState.Online)]
        [TestCase(1, DatabaseState.Restoring)]
        [TestCase(2, DatabaseState.Recovering)]
        [TestCase(3, DatabaseState.RecoveryPending)]
        [TestCase(4, DatabaseState.Suspect)]
        [TestCase(5, DatabaseState.Emergency)]
        [TestCase(6, DatabaseState.Offline)]
        [TestCase(7, DatabaseState.Copying)]
        [TestCase(10, DatabaseState.OfflineSecondary)]
        public void Each_documented_database_state_is_read_as_that_state(int databaseState, DatabaseState expected)
        {
            Assert.That(Sales(new Columns { DatabaseState = (byte)databaseState }).State, Is.EqualTo(expected));
        }

        [Test]
        public void A_null_database_state_stops_the_read()
        {
            Assert.That(ReadError(new Columns { DatabaseState = null }), Is.EqualTo(NullValue("state")));
        }

        [TestCase(8)]
        [TestCase(9)]
        [TestCase(11)]
        public void An_undocumented_database_state_stops_the_read(int databaseState)
        {
            Assert.That(ReadError(new Columns { DatabaseState = (byte)databaseState }), Is.EqualTo(UnknownValue("sys.databases.state", databaseState)));
        }

        // availability_mode: docs/relational-databases/system-catalog-views/sys-availability-replicas-transact-sql.md
        [TestCase(0, AvailabilityMode.AsynchronousCommit)]
        [TestCase(1, AvailabilityMode.SynchronousCommit)]
        [TestCase(4, AvailabilityMode.ConfigurationOnly)]
        public void Each_documented_availability_mode_is_read_as_that_mode(int availabilityMode, AvailabilityMode expected)
        {
            Assert.That(LocalReplica(new Columns { AvailabilityMode = (byte)availabilityMode }).AvailabilityMode, Is.EqualTo(expected));
        }

        [Test]
        public void A_null_availability_mode_stops_the_read()
        {
            Assert.That(ReadError(new Columns { AvailabilityMode = null }), Is.EqualTo(NullValue("availability_mode")));
        }

        [TestCase(2)]
        [TestCase(3)]
        [TestCase(5)]
        public void An_undocumented_availability_mode_stops_the_read(int availabilityMode)
        {
            Assert.That(ReadError(new Columns { AvailabilityMode = (byte)availabilityMode }), Is.EqualTo(UnknownValue("availability_mode", availabilityMode)));
        }

        // automated_backup_preference: docs/relational-databases/system-catalog-views/sys-availability-groups-transact-sql.md
        [TestCase(0, AutomatedBackupPreference.Primary)]
        [TestCase(1, AutomatedBackupPreference.SecondaryOnly)]
        [TestCase(2, AutomatedBackupPreference.Secondary)]
        [TestCase(3, AutomatedBackupPreference.None)]
        public void Each_documented_backup_preference_is_read_as_that_preference(int preference, AutomatedBackupPreference expected)
        {
            Assert.That(Group(new Columns { AutomatedBackupPreference = (byte)preference }).AutomatedBackupPreference, Is.EqualTo(expected));
        }

        [Test]
        public void A_null_backup_preference_stops_the_read()
        {
            Assert.That(ReadError(new Columns { AutomatedBackupPreference = null }), Is.EqualTo(NullValue("automated_backup_preference")));
        }

        [TestCase(4)]
        public void An_undocumented_backup_preference_stops_the_read(int preference)
        {
            Assert.That(ReadError(new Columns { AutomatedBackupPreference = (byte)preference }), Is.EqualTo(UnknownValue("automated_backup_preference", preference)));
        }

        // The role of the member group's row in its distributed group (StateQueries.DistributedMembers):
        // docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md
        [TestCase(1, DistributedRole.GlobalPrimary)]
        [TestCase(2, DistributedRole.Secondary)]
        public void Each_documented_role_in_a_distributed_group_is_read_as_that_role(int role, DistributedRole expected)
        {
            Assert.That(Group(new Columns { IsDistributedMember = true, DistributedRole = (byte)role }).DistributedRole, Is.EqualTo(expected));
        }

        // RESOLVING and NULL say nothing about where the global primary is, so the group's own rules apply (GlobalPrimary
        // adds no rule); where that is wrong, SQL Server refuses the BACKUP with Msg 3059.
        [TestCase((byte)0)]
        [TestCase(null)]
        public void A_role_in_a_distributed_group_that_is_resolving_or_not_visible_leaves_the_ordinary_rules(byte? role)
        {
            Assert.That(Group(new Columns { IsDistributedMember = true, DistributedRole = role }).DistributedRole, Is.EqualTo(DistributedRole.GlobalPrimary));
        }

        [TestCase(3)]
        [TestCase(255)]
        public void An_undocumented_role_in_a_distributed_group_stops_the_read(int role)
        {
            Assert.That(
                ReadError(new Columns { IsDistributedMember = true, DistributedRole = (byte)role }),
                Is.EqualTo(UnknownValue("role of AG1 in its distributed availability group", role)));
        }

        [Test]
        public void A_group_in_no_distributed_group_is_read_as_not_distributed()
        {
            Assert.That(Group(new Columns { IsDistributedMember = false }).DistributedRole, Is.EqualTo(DistributedRole.NotDistributed));
        }

        private static string UnknownValue(string column, int value) =>
            column + " has the value " + value.ToString(CultureInfo.InvariantCulture) + ", which this version of AgBackupClr does not know; upgrade AgBackupClr.";

        private static string NullValue(string column) => "Column " + column + " was NULL where SQL Server documents a value.";

        private static ReplicaFacts LocalReplica(Columns columns) => Group(columns).Replicas.Single(replica => replica.IsLocal);

        private static AvailabilityGroupFacts Group(Columns columns) => StateReader.Read(Secondary(version: 16, columns)).AvailabilityGroups.Single();

        private static DatabaseFacts Sales(Columns columns) =>
            StateReader.Read(Secondary(version: 16, columns)).Databases.Single(database => database.Name == "Sales");

        private static string ReadError(Columns columns) =>
            Assert.Throws<StateReadException>(() => StateReader.Read(Secondary(version: 16, columns)))!.Message;

        private static FakeConnection Secondary(int version, Columns? columns = null)
        {
            Columns values = columns ?? new Columns();
            return new FakeConnection(new Dictionary<string, DataTable>
            {
                [StateQueries.Instance] = Answers.Table(InstanceColumns, new object?[] { "SQL2\\AG", "SQL2", "AG", version, values.EngineEdition, 1, 0, values.CollationIgnoresCase, 1, 1, values.UtcOffsetMinutes }),
                [StateQueries.Certificates] = Answers.Table(
                    string.Join(", ", QueryColumns.Of(StateQueries.Certificates)),
                    new object?[] { "BackupCertificate", new System.DateTime(2026, 1, 2, 3, 4, 5) },
                    new object?[] { "NeverExported", null }),
                [StateQueries.AsymmetricKeys] = Answers.Table(
                    string.Join(", ", QueryColumns.Of(StateQueries.AsymmetricKeys)),
                    new object?[] { "VaultKey", "CRYPTOGRAPHIC PROVIDER" },
                    new object?[] { "LocalKey", null }),
                [StateQueries.Credentials] = Answers.Table(
                    string.Join(", ", QueryColumns.Of(StateQueries.Credentials)),
                    new object?[] { "https://account.blob.core.windows.net/backups", "SHARED ACCESS SIGNATURE" }),
                [StateQueries.LogStats] = Answers.Table(string.Join(", ", QueryColumns.Of(StateQueries.LogStats)), new object?[] { "master", 0.5, new DateTime(1900, 1, 1) }, new object?[] { "Sales", null, values.LogBackupTime }),
                [StateQueries.HostPlatform] = Answers.Table(string.Join(", ", QueryColumns.Of(StateQueries.HostPlatform)), new object?[] { values.HostPlatform }),
                [StateQueries.ClusterTypes] = Answers.Table(string.Join(", ", QueryColumns.Of(StateQueries.ClusterTypes)), new object?[] { "AG1", "NONE" }),
                [StateQueries.Contained] = Answers.Table(string.Join(", ", QueryColumns.Of(StateQueries.Contained)), new object?[] { "AG1", false }),
                [StateQueries.DistributedMembers] = values.IsDistributedMember
                    ? Answers.Table(DistributedColumns, new object?[] { "AG1", values.DistributedRole })
                    : Answers.Table(DistributedColumns),
                [StateQueries.Replicas] = Answers.Table(
                    ReplicaColumns,
                    new object?[] { "AG1", values.AutomatedBackupPreference, false, "SQL1", 50, (byte)1, null, null, null, false },
                    new object?[] { "AG1", values.AutomatedBackupPreference, false, "SQL2", 60, values.AvailabilityMode, values.Role, values.ConnectedState, values.OperationalState, true }),
                [StateQueries.OtherReplicaDatabases] = Answers.Table(OtherReplicaColumns, values.OtherReplicaRows),
                [StateQueries.Databases] = Answers.Table(
                    DatabaseColumns,
                    new[]
                    {
                        new object?[] { "master", 1, (byte)0, false, false, (byte)3, false, true, false, null, null, null, null, 640L, 256L, null, null, null, null },
                        new object?[]
                        {
                            "Sales", 5, values.DatabaseState, false, false, values.RecoveryModel, true, true, false, "AG1", values.SynchronizationState, false, true, 131072L, 8192L,
                            SalesGroupDatabaseId, 41000000001200001m, new DateTime(2026, 11, 25, 2, 0, 0), 42000000003100001m,
                        },
                        values.ThirdDatabase,
                    }.OfType<object?[]>().ToArray()),
            });
        }

        /// <summary>The values of the columns the mapping tests vary, as SQL Server types them (tinyint); null is NULL.</summary>
        private sealed record Columns
        {
            public int EngineEdition { get; init; } = 3;

            /// <summary>DATEPART(TZOFFSET, SYSDATETIMEOFFSET()): the replica's clock runs an hour ahead of UTC.</summary>
            public int UtcOffsetMinutes { get; init; } = 60;

            /// <summary>sys.dm_db_log_stats.log_backup_time of Sales, local time.</summary>
            public DateTime? LogBackupTime { get; init; } = new DateTime(2026, 11, 26, 1, 45, 0);

            /// <summary>sys.dm_os_host_info.host_platform.</summary>
            public string? HostPlatform { get; init; } = "Windows";

            /// <summary>Bit 1 of the server collation's ComparisonStyle: 1 when names compare ignoring case.</summary>
            public int CollationIgnoresCase { get; init; } = 1;

            /// <summary>A third row of StateQueries.Databases, in its column order, or null for none.</summary>
            public object?[]? ThirdDatabase { get; init; }

            public byte? AutomatedBackupPreference { get; init; } = 1;

            public byte? AvailabilityMode { get; init; } = 0;

            public byte? Role { get; init; } = 2;

            public byte? ConnectedState { get; init; } = 1;

            public byte? OperationalState { get; init; } = 2;

            public byte? DatabaseState { get; init; } = 0;

            public byte? RecoveryModel { get; init; } = 1;

            public byte? SynchronizationState { get; init; } = 1;

            /// <summary>The rows of StateQueries.OtherReplicaDatabases: none, as on a secondary, unless a test gives a primary's.</summary>
            public object?[][] OtherReplicaRows { get; init; } = System.Array.Empty<object?[]>();

            /// <summary>Whether StateQueries.DistributedMembers has a row for AG1, whose role is DistributedRole.</summary>
            public bool IsDistributedMember { get; init; }

            public byte? DistributedRole { get; init; }
        }
    }
}
