using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>The decision log call and the closing THROW parse, and the call fits the procedure and table deploy.sql creates.</summary>
    public class EngineSqlTests
    {
        /// <summary>docs/usp_BackupIfPreferred.md, Result columns: the result columns of usp_BackupIfPreferred, in order.</summary>
        public static readonly string[] ResultColumns =
        {
            "database_name", "availability_group_name", "replica_role", "backup_type", "copy_only", "action", "reason_code", "reason",
            "is_preferred_replica", "preferred_replica_name", "command", "backup_file", "started_at", "finished_at", "error_number", "error_message",
        };

        private static CreateProcedureStatement DeleteProcedure() =>
            DeployStatements().OfType<CreateProcedureStatement>().Single(p => p.ProcedureReference.Name.BaseIdentifier.Value == "usp_DeleteBackupDecisionLog");

        /// <summary>The queries of the log in docs/usp_BackupIfPreferred.md, "Why did nothing back up?".</summary>
        private static IEnumerable<QuerySpecification> DocumentedDecisionLogQueries() =>
            System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Repository.ProcedureDocPath), "```sql\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
                .SelectMany(match => TSqlParsing.Descendants(TSqlParsing.ParseValid(match.Groups[1].Value, "usp_BackupIfPreferred.md example")))
                .OfType<QuerySpecification>()
                .Where(query => query.FromClause?.TableReferences.SingleOrDefault() is NamedTableReference table && table.SchemaObject.BaseIdentifier.Value == "BackupDecisionLog");

        private static IEnumerable<TSqlStatement> DeployStatements() =>
            TSqlParsing.Statements(TSqlParsing.ParseValid(File.ReadAllText(Repository.DeployScriptPath), "deploy.sql"))
                .SelectMany(statement => TSqlParsing.Descendants(statement)).OfType<TSqlStatement>();

        [Test]
        public void The_decision_log_call_passes_every_result_column_to_the_log_procedure_by_name()
        {
            var call = (ExecuteStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.LogDecision, "log call")).Single();
            var procedure = (ExecutableProcedureReference)call.ExecuteSpecification.ExecutableEntity;
            string[] names = procedure.Parameters.Select(p => p.Variable.Name.TrimStart('@')).ToArray();
            string[] values = procedure.Parameters.Select(p => ((VariableReference)p.ParameterValue).Name.TrimStart('@')).ToArray();

            Assert.That(EngineSql.LogProcedure, Is.EqualTo(
                procedure.ProcedureReference.ProcedureReference.Name.SchemaIdentifier.Value + "." + procedure.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value));
            Assert.That(names, Is.EqualTo(new[] { "id" }.Concat(ResultColumns)));
            Assert.That(values, Is.EqualTo(names), "each value is the parameter named after its column");
            Assert.That(procedure.Parameters[0].IsOutput, Is.True, "the id of a new row comes back to complete it later");
        }

        [Test]
        public void The_log_procedure_deploy_creates_takes_exactly_the_result_columns_and_inserts_them_into_the_log_table()
        {
            CreateProcedureStatement procedure = DeployStatements().OfType<CreateProcedureStatement>()
                .Single(p => p.ProcedureReference.Name.BaseIdentifier.Value == "usp_LogBackupDecision");
            InsertStatement insert = TSqlParsing.Descendants(procedure).OfType<InsertStatement>().Single();
            string[] columns = insert.InsertSpecification.Columns.Select(c => c.MultiPartIdentifier.Identifiers.Last().Value).ToArray();
            string[] values = ((ValuesInsertSource)insert.InsertSpecification.InsertSource).RowValues.Single().ColumnValues
                .Cast<VariableReference>().Select(v => v.Name.TrimStart('@')).ToArray();
            string[] tableColumns = DeployStatements().OfType<CreateTableStatement>()
                .Single(table => table.SchemaObjectName.BaseIdentifier.Value == "BackupDecisionLog")
                .Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value).ToArray();

            Assert.That(procedure.Parameters.Select(p => p.VariableName.Value.TrimStart('@')), Is.EqualTo(new[] { "id" }.Concat(ResultColumns)));
            Assert.That(procedure.Parameters[0].Modifier, Is.EqualTo(ParameterModifier.Output));
            UpdateStatement update = TSqlParsing.Descendants(procedure).OfType<UpdateStatement>().Single();
            Assert.That(
                update.UpdateSpecification.SetClauses.Cast<AssignmentSetClause>().Select(c => c.Column.MultiPartIdentifier.Identifiers.Last().Value),
                Is.EqualTo(ResultColumns),
                "completing a row sets every result column");
            Assert.That(columns, Is.EqualTo(ResultColumns));
            Assert.That(values, Is.EqualTo(columns), "each value is the parameter named after its column");
            Assert.That(tableColumns.Except(columns), Is.EquivalentTo(new[] { "id", "logged_at", "server_name" }), "the table adds only its own bookkeeping");
        }

        [Test]
        public void Backup_file_takes_every_file_of_a_striped_backup_in_the_table_the_log_procedure_and_an_upgraded_table()
        {
            CreateTableStatement table = DeployStatements().OfType<CreateTableStatement>().Single(t => t.SchemaObjectName.BaseIdentifier.Value == "BackupDecisionLog");
            CreateProcedureStatement procedure = DeployStatements().OfType<CreateProcedureStatement>()
                .Single(p => p.ProcedureReference.Name.BaseIdentifier.Value == "usp_LogBackupDecision");
            AlterTableAlterColumnStatement upgrade = DeployStatements().OfType<AlterTableAlterColumnStatement>()
                .Single(a => a.SchemaObjectName.BaseIdentifier.Value == "BackupDecisionLog");

            Assert.That(IsMax(table.Definition.ColumnDefinitions.Single(c => c.ColumnIdentifier.Value == "backup_file").DataType), Is.True);
            Assert.That(IsMax(procedure.Parameters.Single(p => p.VariableName.Value == "@backup_file").DataType), Is.True);
            Assert.That((upgrade.ColumnIdentifier.Value, IsMax(upgrade.DataType)), Is.EqualTo(("backup_file", true)), "a table kept from an earlier version is widened");
        }

        private static bool IsMax(DataTypeReference type) =>
            type is SqlDataTypeReference sql && sql.SqlDataTypeOption == SqlDataTypeOption.NVarChar && sql.Parameters.Single() is MaxLiteral;

        [Test]
        public void The_install_keeps_grants_and_denies_on_every_object_it_re_creates()
        {
            string assemblyStep = File.ReadAllText(Repository.PathOf("sql", "install", "03-assembly.sql"));

            Assert.That(assemblyStep, Does.Contain(
                "AND o.name IN (N'usp_BackupIfPreferred', N'fn_ValidateBackupRequest', N'fn_BackupStatus', N'usp_LogBackupDecision', N'usp_DeleteBackupDecisionLog',\n      N'usp_ObserveLogBackupLsn');"));
            Assert.That(assemblyStep, Does.Contain("AND p.state IN ('G', 'W', 'D')"));
        }

        /// <summary>Every dbo procedure usp_BackupIfPreferred calls through the context connection, as EngineSql names them.</summary>
        private static IEnumerable<string> CalledProcedures() =>
            typeof(EngineSql).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(field => field.IsLiteral && field.Name.EndsWith("Procedure", StringComparison.Ordinal))
                .Select(field => ((string)field.GetRawConstantValue()!).Substring("dbo.".Length));

        [Test]
        public void An_upgrade_grants_every_procedure_the_job_step_calls_to_whoever_may_run_the_job_step()
        {
            TSqlScript commit = TSqlParsing.ParseValid(File.ReadAllText(Repository.PathOf("sql", "install", "08-commit.sql")), "08-commit.sql");
            InlineDerivedTable called = TSqlParsing.Descendants(commit).OfType<InlineDerivedTable>().Single();
            IEnumerable<string> names = called.RowValues.Select(row => ((StringLiteral)row.ColumnValues.Single()).Value);
            string assemblyStep = File.ReadAllText(Repository.PathOf("sql", "install", "03-assembly.sql"));

            Assert.That(names, Is.EquivalentTo(CalledProcedures()));
            Assert.That(CalledProcedures(), Has.All.Matches<string>(name => assemblyStep.Contains("N'" + name + "'", StringComparison.Ordinal)),
                "the grants and denies on each are kept across the re-create too");
            Assert.That(File.ReadAllText(Repository.PathOf("sql", "install", "08-commit.sql")),
                Does.Contain("AND p.major_id = OBJECT_ID(N'dbo.usp_BackupIfPreferred')").And.Contain("AND p.state IN ('G', 'W')"),
                "derived from who may execute the job step's procedure, never from a DENY");
        }

        [Test]
        public void The_retention_call_passes_the_cutoff_and_the_batch_size_by_name_and_reads_back_how_many_rows_went()
        {
            var call = (ExecuteStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.DeleteLogBatch, "retention call")).Single();
            var procedure = (ExecutableProcedureReference)call.ExecuteSpecification.ExecutableEntity;
            CreateProcedureStatement created = DeleteProcedure();

            Assert.That(EngineSql.DeleteLogProcedure, Is.EqualTo(
                procedure.ProcedureReference.ProcedureReference.Name.SchemaIdentifier.Value + "." + procedure.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value));
            Assert.That(procedure.Parameters.Select(p => (p.Variable.Name, ((VariableReference)p.ParameterValue).Name, p.IsOutput)), Is.EqualTo(new[]
            {
                ("@logged_before", "@logged_before", false),
                ("@batch_size", "@batch_size", false),
                ("@deleted_rows", "@deleted_rows", true),
            }));
            Assert.That(
                created.Parameters.Select(p => (p.VariableName.Value, p.Modifier == ParameterModifier.Output)),
                Is.EqualTo(procedure.Parameters.Select(p => (p.Variable.Name, p.IsOutput))),
                "the procedure deploy.sql creates takes exactly these parameters");
        }

        [Test]
        public void The_retention_procedure_deletes_one_batch_of_rows_logged_before_the_cutoff_in_one_statement_and_nothing_else()
        {
            CreateProcedureStatement procedure = DeleteProcedure();
            TSqlFragment[] inside = TSqlParsing.Descendants(procedure).ToArray();
            DeleteStatement delete = inside.OfType<DeleteStatement>().Single();
            var comparison = (BooleanComparisonExpression)delete.DeleteSpecification.WhereClause.SearchCondition;
            var cutoffType = (SqlDataTypeReference)procedure.Parameters.Single(p => p.VariableName.Value == "@logged_before").DataType;
            var loggedAtType = (SqlDataTypeReference)DeployStatements().OfType<CreateTableStatement>()
                .Single(t => t.SchemaObjectName.BaseIdentifier.Value == "BackupDecisionLog")
                .Definition.ColumnDefinitions.Single(c => c.ColumnIdentifier.Value == "logged_at").DataType;
            var count = inside.OfType<SetVariableStatement>().Single();

            Assert.That(inside.OfType<DataModificationStatement>(), Is.EqualTo(new[] { delete }), "no other row is changed");
            Assert.That(((NamedTableReference)delete.DeleteSpecification.Target).SchemaObject.BaseIdentifier.Value, Is.EqualTo("BackupDecisionLog"));
            Assert.That(((VariableReference)((ParenthesisExpression)delete.DeleteSpecification.TopRowFilter.Expression).Expression).Name, Is.EqualTo("@batch_size"));
            Assert.That(delete.DeleteSpecification.TopRowFilter.Percent, Is.False);
            Assert.That(
                (((ColumnReferenceExpression)comparison.FirstExpression).MultiPartIdentifier.Identifiers.Single().Value, comparison.ComparisonType, ((VariableReference)comparison.SecondExpression).Name),
                Is.EqualTo(("logged_at", BooleanComparisonType.LessThan, "@logged_before")),
                "a row logged exactly at the cutoff is kept");
            Assert.That(
                (cutoffType.SqlDataTypeOption, ((IntegerLiteral)cutoffType.Parameters.Single()).Value),
                Is.EqualTo((loggedAtType.SqlDataTypeOption, ((IntegerLiteral)loggedAtType.Parameters.Single()).Value)),
                "the cutoff has logged_at's type, so no row is compared at another precision");
            Assert.That((count.Variable.Name, ((GlobalVariableExpression)count.Expression).Name), Is.EqualTo(("@deleted_rows", "@@ROWCOUNT")));
        }

        [Test]
        public void The_decision_log_gets_an_index_on_logged_at_also_when_the_table_is_kept_from_an_earlier_version()
        {
            TSqlStatement[] deploy = DeployStatements().ToArray();
            CreateIndexStatement index = deploy.OfType<CreateIndexStatement>().Single(i => i.Name.Value == "IX_BackupDecisionLog_logged_at");
            IfStatement guard = deploy.OfType<IfStatement>().Single(statement => statement.ThenStatement == index);
            string[] guardLiterals = TSqlParsing.Descendants(guard.Predicate).OfType<StringLiteral>().Select(literal => literal.Value).ToArray();

            Assert.That(index.OnName.BaseIdentifier.Value, Is.EqualTo("BackupDecisionLog"));
            Assert.That(index.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Single().Value), Is.EqualTo(new[] { "logged_at" }));
            Assert.That(index.IncludeColumns.Select(c => c.MultiPartIdentifier.Identifiers.Single().Value), Is.EquivalentTo(new[] { "action", "reason_code" }));
            Assert.That(((BooleanNotExpression)guard.Predicate).Expression, Is.InstanceOf<ExistsPredicate>(), "created only when missing, so the install can run again");
            Assert.That(guardLiterals, Is.SupersetOf(new[] { "dbo.BackupDecisionLog", "IX_BackupDecisionLog_logged_at" }));
            Assert.That(
                deploy.OfType<IfStatement>().Where(statement => TSqlParsing.Descendants(statement.ThenStatement).Contains(index)),
                Is.EqualTo(new[] { guard }),
                "not inside the block that creates a new table: a kept table needs the index too");
        }

        [Test]
        public void The_documented_count_of_the_last_days_decisions_reads_only_the_logged_at_index()
        {
            CreateIndexStatement index = DeployStatements().OfType<CreateIndexStatement>().Single(i => i.Name.Value == "IX_BackupDecisionLog_logged_at");
            string[] indexed = index.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Single().Value)
                .Concat(index.IncludeColumns.Select(c => c.MultiPartIdentifier.Identifiers.Single().Value)).ToArray();
            QuerySpecification count = DocumentedDecisionLogQueries().Single(query => query.GroupByClause != null);
            string[] aliases = count.SelectElements.OfType<SelectScalarExpression>().Where(e => e.ColumnName != null).Select(e => e.ColumnName.Value).ToArray();

            Assert.That(
                TSqlParsing.Descendants(count).OfType<ColumnReferenceExpression>().Where(c => c.MultiPartIdentifier != null)
                    .Select(c => c.MultiPartIdentifier.Identifiers.Last().Value).Except(aliases),
                Is.SubsetOf(indexed));
        }

        [Test]
        public void The_documented_lookup_of_a_databases_decisions_is_in_the_order_of_the_database_name_index()
        {
            CreateIndexStatement index = DeployStatements().OfType<CreateIndexStatement>().Single(i => i.Name.Value == "IX_BackupDecisionLog_database_name");
            QuerySpecification lookup = DocumentedDecisionLogQueries().Single(query => query.GroupByClause == null);
            var equality = (BooleanComparisonExpression)lookup.WhereClause.SearchCondition;

            Assert.That(((ColumnReferenceExpression)equality.FirstExpression).MultiPartIdentifier.Identifiers.Single().Value, Is.EqualTo("database_name"));
            Assert.That(
                lookup.OrderByClause.OrderByElements.Select(e => (((ColumnReferenceExpression)e.Expression).MultiPartIdentifier.Identifiers.Single().Value, e.SortOrder)),
                Is.EqualTo(new[] { ("logged_at", SortOrder.Descending), ("id", SortOrder.Descending) }));
            Assert.That(
                index.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Single().Value),
                Is.EqualTo(new[] { "database_name", "logged_at" }),
                "SQL Server ends the key of this nonunique index with the clustered key, id, so the rows come in the query's order");
        }

        [Test]
        public void The_recorded_fulls_come_in_the_order_the_reader_takes_them_by_position()
        {
            Assert.That(QueryColumns.Of(StateQueries.RecordedFulls), Is.EqualTo(new[]
            {
                "checkpoint_lsn", "is_copy_only", "backup_start_date", "backup_finish_date", "media_family_count", "family_sequence_number", "physical_device_name", "backup_set_id", "family_guid",
            }));
        }

        [Test]
        public void The_chain_guard_lists_a_folder_and_reads_a_files_label_and_header_with_one_statement_each()
        {
            var list = (ExecuteStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ListFolder, "folder listing")).Single();
            var reference = (ExecutableProcedureReference)list.ExecuteSpecification.ExecutableEntity;

            Assert.That(reference.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value, Is.EqualTo("xp_dirtree"));
            Assert.That(reference.Parameters.Select(p => p.ParameterValue is VariableReference v ? v.Name : ((Literal)p.ParameterValue).Value), Is.EqualTo(new[] { "@folder", "1", "1" }),
                "depth 1 and files: the folder's own files, not its subfolders'");
            Assert.That(TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ReadLabel, "label")).Single(), Is.InstanceOf<RestoreStatement>());
            Assert.That(TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ReadHeader, "header")).Single(), Is.InstanceOf<RestoreStatement>());
        }

        [Test]
        public void Every_label_and_header_column_the_guard_reads_is_documented()
        {
            string[] label = typeof(EngineSql.LabelColumns).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToArray();
            string[] header = typeof(EngineSql.HeaderColumns).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToArray();

            Assert.That(label.Where(column => !DocumentedColumns.Has("RESTORE LABELONLY", column)), Is.Empty);
            Assert.That(header.Where(column => !DocumentedColumns.Has("RESTORE HEADERONLY", column)), Is.Empty);
            Assert.That(label.Length + header.Length, Is.EqualTo(12));
        }

        private static CreateProcedureStatement ObserveLogBackupLsnProcedure() =>
            DeployStatements().OfType<CreateProcedureStatement>().Single(p => p.ProcedureReference.Name.BaseIdentifier.Value == "usp_ObserveLogBackupLsn");

        private static string TextOf(TSqlFragment fragment) =>
            string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(i => fragment.ScriptTokenStream[i].Text));

        [Test]
        public void The_log_backup_lsn_observation_call_fits_the_procedure_deploy_creates_and_reads_its_answers_as_outputs()
        {
            var call = (ExecuteStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ObserveLogBackupLsn, "observe log backup lsn call")).Single();
            var reference = (ExecutableProcedureReference)call.ExecuteSpecification.ExecutableEntity;
            CreateProcedureStatement procedure = ObserveLogBackupLsnProcedure();

            Assert.That(EngineSql.ObserveLogBackupLsnProcedure, Is.EqualTo(
                reference.ProcedureReference.ProcedureReference.Name.SchemaIdentifier.Value + "." + reference.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value));
            Assert.That(reference.Parameters.Select(p => (p.Variable.Name, ((VariableReference)p.ParameterValue).Name, p.IsOutput)), Is.EqualTo(new[]
            {
                ("@database_name", "@database_name", false),
                ("@record", "@record", false),
                ("@utc_now", "@utc_now", true),
                ("@last_log_backup_lsn", "@last_log_backup_lsn", true),
                ("@first_seen_utc", "@first_seen_utc", true),
            }), "ContextLogBackupLsnHistory sends and reads these parameters by name");
            Assert.That(
                procedure.Parameters.Select(p => (p.VariableName.Value, p.Modifier == ParameterModifier.Output)),
                Is.EqualTo(reference.Parameters.Select(p => (p.Variable.Name, p.IsOutput))),
                "the procedure deploy.sql creates takes exactly these parameters");
            Assert.That(TSqlParsing.Descendants(procedure).OfType<SelectStatement>().Where(select => select.Into == null && !IsAssignment(select)), Is.Empty,
                "the answers come back as outputs, never as a result set the caller would have to read");
            Assert.That(DocumentedColumns.Has("sys.database_recovery_status", "last_log_backup_lsn") && DocumentedColumns.Has("sys.database_recovery_status", "database_id"), Is.True);
        }

        private static bool IsAssignment(SelectStatement select) =>
            select.QueryExpression is QuerySpecification query && query.SelectElements.All(element => element is SelectSetVariable);

        [Test]
        public void The_log_backup_lsn_is_recorded_on_this_replicas_utc_clock_whenever_it_differs_from_the_newest_recorded()
        {
            CreateProcedureStatement procedure = ObserveLogBackupLsnProcedure();
            CreateTableStatement table = DeployStatements().OfType<CreateTableStatement>().Single(t => t.SchemaObjectName.BaseIdentifier.Value == "ObservedLogBackupLsn");
            UniqueConstraintDefinition key = table.Definition.TableConstraints.OfType<UniqueConstraintDefinition>().Single(c => c.IsPrimaryKey);
            InsertStatement insert = TSqlParsing.Descendants(procedure).OfType<InsertStatement>().Single();
            string insertText = TextOf(insert);
            string text = TextOf(procedure);

            Assert.That(table.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value), Is.EqualTo(new[] { "database_name", "last_log_backup_lsn", "first_seen_utc" }));
            Assert.That(TextOf(table.Definition.ColumnDefinitions[0]), Does.Contain("COLLATE Latin1_General_100_BIN2"), "'Sales' and 'SALES' are two databases on a case-sensitive server");
            Assert.That(key.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Single().Value), Is.EqualTo(new[] { "database_name", "first_seen_utc", "last_log_backup_lsn" }));
            Assert.That(text, Does.Contain("SET @utc_now = SYSUTCDATETIME();"), "this replica's own clock, in no time zone");
            Assert.That(insertText, Does.Contain("SELECT @database_name, @last_log_backup_lsn, @utc_now"));
            Assert.That(insertText, Does.Contain("ORDER BY o.first_seen_utc DESC, o.last_log_backup_lsn DESC), -1) <> @last_log_backup_lsn"), "compared with the newest recorded, not with any");
            Assert.That(insertText, Does.Contain("WITH (UPDLOCK, HOLDLOCK)"), "two jobs observing at once record it once");
            Assert.That(text, Does.Contain("SELECT TOP (1) @first_seen_utc = CASE WHEN o.last_log_backup_lsn = @last_log_backup_lsn THEN o.first_seen_utc END"),
                "first seen is the newest row's time only while the LSN still stands there");
            Assert.That(text, Does.Contain("SET @first_seen_utc = ISNULL(@first_seen_utc, @utc_now);"), "an LSN this run sees first (a dry run records nothing) is first seen now");
        }

        [Test]
        public void Only_a_run_that_records_changes_the_table_and_it_keeps_only_each_databases_newest_row_of_a_database_that_exists()
        {
            CreateProcedureStatement procedure = ObserveLogBackupLsnProcedure();
            IfStatement recording = TSqlParsing.Descendants(procedure).OfType<IfStatement>()
                .Single(statement => statement.Predicate is BooleanComparisonExpression comparison && TextOf(comparison) == "@record = 1");
            DataModificationStatement[] changes = TSqlParsing.Descendants(procedure).OfType<DataModificationStatement>().ToArray();
            DeleteStatement[] deletes = changes.OfType<DeleteStatement>().ToArray();

            Assert.That(changes, Has.All.Matches<DataModificationStatement>(change => TSqlParsing.Descendants(recording.ThenStatement).Contains(change)),
                "a dry run (@record = 0) changes nothing");
            Assert.That(deletes.Select(TextOf), Is.EqualTo(new[]
            {
                "DELETE o FROM dbo.ObservedLogBackupLsn AS o\n    WHERE o.database_name = @database_name\n"
                    + "      AND o.first_seen_utc < (SELECT MAX(n.first_seen_utc) FROM dbo.ObservedLogBackupLsn AS n WHERE n.database_name = @database_name);",
                "DELETE o FROM dbo.ObservedLogBackupLsn AS o\n"
                    + "    WHERE NOT EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.name COLLATE Latin1_General_100_BIN2 = o.database_name);",
            }), "the newest row of each database that exists is all the watch reads");
        }

        [Test]
        public void The_status_function_reads_the_whole_log_watch_from_the_table_deploy_creates()
        {
            CreateTableStatement table = DeployStatements().OfType<CreateTableStatement>().Single(t => t.SchemaObjectName.BaseIdentifier.Value == "ObservedLogBackupLsn");
            var query = (QuerySpecification)((SelectStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ObservedLogBackupLsns, "watch read")).Single()).QueryExpression;
            var from = (NamedTableReference)query.FromClause.TableReferences.Single();

            Assert.That(QueryColumns.Of(EngineSql.ObservedLogBackupLsns), Is.EqualTo(table.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value)));
            Assert.That((from.SchemaObject.SchemaIdentifier.Value, from.SchemaObject.BaseIdentifier.Value), Is.EqualTo(("dbo", "ObservedLogBackupLsn")));
            Assert.That(query.WhereClause, Is.Null,
                "read whole and matched to sys.databases' exact names: a name typed in another case would find no row of a binary-collated table");
            Assert.That(EngineSql.ObservedLogBackupLsnPermission, Does.Contain("HAS_PERMS_BY_NAME(N'dbo.ObservedLogBackupLsn', N'OBJECT', N'SELECT')"));
        }

        [Test]
        public void An_upgrade_grants_select_on_the_log_watch_to_whoever_may_read_the_status_function()
        {
            TSqlScript commit = TSqlParsing.ParseValid(File.ReadAllText(Repository.PathOf("sql", "install", "08-commit.sql")), "08-commit.sql");
            DeclareCursorStatement readers = TSqlParsing.Descendants(commit).OfType<DeclareCursorStatement>().Single(cursor => cursor.Name.Value == "readers");
            string text = TextOf(readers);

            Assert.That(text, Does.Contain("SELECT N'GRANT SELECT ON dbo.ObservedLogBackupLsn TO ' + QUOTENAME(pr.name) + N';'"));
            Assert.That(text, Does.Contain("AND p.major_id = OBJECT_ID(N'dbo.fn_BackupStatus')").And.Contain("AND p.permission_name = N'SELECT'"));
            Assert.That(text, Does.Contain("AND p.state IN ('G', 'W')"), "derived from who may read the function, never from a DENY");
            Assert.That(text, Does.Contain("q.major_id = OBJECT_ID(N'dbo.ObservedLogBackupLsn')"), "a GRANT or DENY on the table already there is left as it is");
        }

        [Test]
        public void The_destination_check_reads_three_columns_in_the_same_order_on_every_version()
        {
            var select = (QuerySpecification)((SelectStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.FolderExists, "folder check")).Single()).QueryExpression;
            var execute = (ExecuteStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.FolderExistsBefore2017, "folder check 2016")).Single();
            var procedure = (ExecutableProcedureReference)execute.ExecuteSpecification.ExecutableEntity;

            Assert.That(QueryColumns.Of(EngineSql.FolderExists), Is.EqualTo(new[] { "file_exists", "file_is_a_directory", "parent_directory_exists" }));
            Assert.That(select.FromClause.TableReferences.Single(), Is.InstanceOf<SchemaObjectFunctionTableReference>());
            Assert.That(procedure.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value, Is.EqualTo("xp_fileexist"));
            Assert.That(((VariableReference)procedure.Parameters.Single().ParameterValue).Name, Is.EqualTo("@path"));
        }

        [Test]
        public void The_closing_error_is_a_throw_with_the_message_as_a_parameter()
        {
            ThrowStatement statement = (ThrowStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ThrowFinalError, "throw")).Single();

            Assert.That(((VariableReference)statement.Message).Name, Is.EqualTo("@message"));
        }
    }
}
