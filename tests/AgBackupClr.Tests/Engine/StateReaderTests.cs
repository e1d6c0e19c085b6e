using System.Collections.Generic;
using System.Data;
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
        private const string InstanceColumns =
            "server_name, machine_name, instance_name, product_major_version, engine_edition, is_hadr_enabled, tran_count, collation_ignores_case, has_view_server_state, has_view_any_definition";

        private const string DatabaseColumns =
            "name, database_id, state, is_snapshot, is_in_standby, recovery_model, has_log_backup_base, has_differential_base, is_seeding, availability_group_name, synchronization_state, is_suspended, is_preferred_backup_replica";

        private const string ReplicaColumns =
            "availability_group_name, automated_backup_preference, basic_features, replica_server_name, backup_priority, availability_mode, role, connected_state, operational_state, is_local";

        [Test]
        public void A_secondary_reads_its_own_state_and_only_the_priorities_of_the_others()
        {
            FakeConnection connection = Secondary(version: 16);

            ServerState state = StateReader.Read(connection);

            Assert.That(state.Instance, Is.EqualTo(new InstanceFacts("SQL2\\AG", "SQL2", "AG", 16, 3, true, 0, true)));
            AvailabilityGroupFacts group = state.AvailabilityGroups[0];
            Assert.That(group, Has.Property("Name").EqualTo("AG1").And.Property("AutomatedBackupPreference").EqualTo(AutomatedBackupPreference.SecondaryOnly)
                .And.Property("ClusterType").EqualTo("NONE").And.Property("IsContained").False.And.Property("DistributedRole").EqualTo(DistributedRole.NotDistributed));
            Assert.That(group.Replicas, Is.EqualTo(new[]
            {
                new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, null, null, null, false),
                new ReplicaFacts("SQL2", 60, AvailabilityMode.AsynchronousCommit, ReplicaRole.Secondary, true, true, true),
            }));
            Assert.That(state.Databases, Is.EqualTo(new[]
            {
                new DatabaseFacts("master", 1, DatabaseState.Online, false, false, RecoveryModel.Simple, false, true, false, null, null, null),
                // On a secondary the bases are unknown: whether its LSN columns show other replicas' backups is not documented.
                new DatabaseFacts("Sales", 5, DatabaseState.Online, false, false, RecoveryModel.Full, null, null, false, "AG1",
                    new DatabaseReplicaFacts(SynchronizationState.Synchronizing, false), true),
            }));
        }

        [TestCase(1, true)]
        [TestCase(0, false)]
        public void The_server_collation_says_whether_database_names_ignore_case(int ignoresCase, bool expected)
        {
            FakeConnection connection = Secondary(version: 16, collationIgnoresCase: ignoresCase);

            Assert.That(StateReader.Read(connection).Instance.CollationIgnoresCase, Is.EqualTo(expected));
        }

        [Test]
        public void A_database_snapshot_and_a_database_in_standby_are_read_with_their_database_id()
        {
            FakeConnection snapshot = Secondary(version: 16, thirdDatabase: new object?[] { "Sales_Monday", 9, (byte)0, true, false, (byte)1, false, false, false, null, null, null, null });
            FakeConnection standby = Secondary(version: 16, thirdDatabase: new object?[] { "Shipped", 10, (byte)0, false, true, (byte)1, true, true, false, null, null, null, null });

            Assert.That(StateReader.Read(snapshot).Databases[2], Is.EqualTo(
                new DatabaseFacts("Sales_Monday", 9, DatabaseState.Online, true, false, RecoveryModel.Full, false, false, false, null, null, null)));
            Assert.That(StateReader.Read(standby).Databases[2], Is.EqualTo(
                new DatabaseFacts("Shipped", 10, DatabaseState.Online, false, true, RecoveryModel.Full, true, true, false, null, null, null)));
        }

        [Test]
        public void On_sql_server_2016_no_column_added_later_is_asked_for()
        {
            FakeConnection connection = Secondary(version: 13);

            StateReader.Read(connection);

            Assert.That(connection.Asked, Is.EqualTo(new[] { StateQueries.Instance, StateQueries.DistributedMembers, StateQueries.Replicas, StateQueries.Databases }));
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

        // sys.fn_hadr_backup_is_preferred_replica can take seconds with many availability groups (F7): the reader asks it
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
            FakeConnection connection = Secondary(version, engineEdition: engineEdition);

            StateReader.Read(connection, null, type, copyOnly);

            Assert.That(connection.Sent[connection.Asked.IndexOf(StateQueries.Databases)]["@ask_preferred_replica"], Is.EqualTo(asked));
        }

        [Test]
        public void The_planner_reading_every_backup_type_asks_the_preferred_replica()
        {
            FakeConnection connection = Secondary(version: 16, engineEdition: 2);

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
        public void The_secondary_availability_group_of_a_distributed_group_is_recognised()
        {
            FakeConnection connection = Secondary(version: 16, distributedRole: 2);

            Assert.That(StateReader.Read(connection).AvailabilityGroups[0].DistributedRole, Is.EqualTo(DistributedRole.Secondary));
        }

        [TestCase(0, 1, "Reading availability group state needs the VIEW SERVER STATE permission (sys.dm_hadr_* views); GRANT VIEW SERVER STATE TO the login that runs the job.")]
        [TestCase(1, 0, "Reading availability group and database metadata needs the VIEW ANY DEFINITION permission (sys.availability_groups, sys.master_files); GRANT VIEW ANY DEFINITION TO the login that runs the job.")]
        public void A_missing_permission_stops_the_read_with_the_permission_to_grant(int viewServerState, int viewAnyDefinition, string message)
        {
            var connection = new FakeConnection(new Dictionary<string, DataTable>
            {
                [StateQueries.Instance] = Answers.Table(InstanceColumns, new object?[] { "SQL2", "SQL2", null, 16, 3, 1, 0, 1, viewServerState, viewAnyDefinition }),
            });

            var error = Assert.Throws<StateReadException>(() => StateReader.Read(connection));

            Assert.That(error!.Message, Is.EqualTo(message));
        }

        [Test]
        public void A_value_this_version_does_not_know_is_an_error_not_a_guess()
        {
            FakeConnection connection = Secondary(version: 16, synchronizationState: 9);

            var error = Assert.Throws<StateReadException>(() => StateReader.Read(connection));

            Assert.That(error!.Message, Is.EqualTo("synchronization_state has the value 9, which this version of AgBackupClr does not know; upgrade AgBackupClr."));
        }

        private static FakeConnection Secondary(
            int version, int? distributedRole = null, int synchronizationState = 1, int engineEdition = 3, int collationIgnoresCase = 1, object?[]? thirdDatabase = null) =>
            new FakeConnection(new Dictionary<string, DataTable>
            {
                [StateQueries.Instance] = Answers.Table(InstanceColumns, new object?[] { "SQL2\\AG", "SQL2", "AG", version, engineEdition, 1, 0, collationIgnoresCase, 1, 1 }),
                [StateQueries.ClusterTypes] = Answers.Table("availability_group_name, cluster_type_desc", new object?[] { "AG1", "NONE" }),
                [StateQueries.Contained] = Answers.Table("availability_group_name, is_contained", new object?[] { "AG1", false }),
                [StateQueries.DistributedMembers] = distributedRole == null
                    ? Answers.Table("member_group_name, role")
                    : Answers.Table("member_group_name, role", new object?[] { "AG1", (byte)distributedRole.Value }),
                [StateQueries.Replicas] = Answers.Table(
                    ReplicaColumns,
                    new object?[] { "AG1", (byte)1, false, "SQL1", 50, (byte)1, null, null, null, false },
                    new object?[] { "AG1", (byte)1, false, "SQL2", 60, (byte)0, (byte)2, (byte)1, (byte)2, true }),
                [StateQueries.Databases] = Answers.Table(
                    DatabaseColumns,
                    new[]
                    {
                        new object?[] { "master", 1, (byte)0, false, false, (byte)3, false, true, false, null, null, null, null },
                        new object?[] { "Sales", 5, (byte)0, false, false, (byte)1, true, true, false, "AG1", (byte)synchronizationState, false, true },
                        thirdDatabase,
                    }.OfType<object?[]>().ToArray()),
            });
    }
}
