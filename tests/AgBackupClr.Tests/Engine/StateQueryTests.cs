using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AgBackupClr.Engine;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// Every state query parses with SQL Server's parser, reads only documented views, and names only their documented
    /// columns: a wrong column name would fail every job on every replica.
    /// </summary>
    public class StateQueryTests
    {
        public static IEnumerable<TestCaseData> Queries() =>
            typeof(StateQueries).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral && field.FieldType == typeof(string))
                .Select(field => new TestCaseData((string)field.GetRawConstantValue()!).SetName(field.Name));

        [Test]
        public void There_are_sixteen_state_queries()
        {
            Assert.That(Queries().Count(), Is.EqualTo(16));
        }

        [TestCaseSource(nameof(Queries))]
        public void The_query_is_one_select_that_parses(string query)
        {
            TSqlScript script = TSqlParsing.ParseValid(query, "state query");

            Assert.That(TSqlParsing.Statements(script).Single(), Is.InstanceOf<SelectStatement>());
        }

        [TestCaseSource(nameof(Queries))]
        public void The_query_reads_only_documented_views(string query)
        {
            IEnumerable<string> objects = Tables(query).Select(table => table.Object).Distinct();

            Assert.That(objects, Is.SubsetOf(DocumentedColumns.Objects));
        }

        [TestCaseSource(nameof(Queries))]
        public void Every_column_the_query_names_is_documented_for_its_view(string query)
        {
            Dictionary<string, string> aliases = Tables(query).ToDictionary(table => table.Alias, table => table.Object, StringComparer.OrdinalIgnoreCase);
            Dictionary<string, IReadOnlyList<string>> derived = DerivedTables(query);
            IEnumerable<string> undocumented = TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "state query"))
                .OfType<ColumnReferenceExpression>()
                .Where(column => column.MultiPartIdentifier != null && column.MultiPartIdentifier.Count == 2)
                .Select(column => (Alias: column.MultiPartIdentifier.Identifiers[0].Value, Column: column.MultiPartIdentifier.Identifiers[1].Value))
                .Where(reference => derived.TryGetValue(reference.Alias, out IReadOnlyList<string>? columns)
                    ? !columns.Contains(reference.Column, StringComparer.OrdinalIgnoreCase)
                    : !DocumentedColumns.Has(aliases[reference.Alias], reference.Column))
                .Select(reference => (aliases.TryGetValue(reference.Alias, out string? table) ? table : reference.Alias) + "." + reference.Column);

            Assert.That(undocumented, Is.Empty);
        }

        /// <summary>
        /// Issue 20: fn_BackupStatus's newest backup per database and type read msdb.dbo.backupset once per row it returned and
        /// again for every newer row (a correlated self-anti-join), which grows with the square of an unpurged history. It now
        /// reads backupset once and ranks each database's backups of a type by backup_finish_date, keeping ties, as the
        /// anti-join did; the integration test BackupHistoryScaleTests compares both on a real msdb.
        /// </summary>
        [Test]
        public void The_backup_history_reads_backupset_once_and_ranks_each_database_and_type_by_finish()
        {
            IReadOnlyList<TSqlFragment> nodes = TSqlParsing.Descendants(TSqlParsing.ParseValid(StateQueries.BackupHistory, "BackupHistory"));
            string[] reads = Tables(StateQueries.BackupHistory).Select(table => table.Object).ToArray();
            Assert.That(reads.Count(read => read == "msdb.dbo.backupset"), Is.EqualTo(1), string.Join(", ", reads));
            FunctionCall rank = nodes.OfType<FunctionCall>().Single(call => call.OverClause != null);
            Assert.That(rank.FunctionName.Value, Is.EqualTo("RANK"), "RANK keeps two backups finished in the same instant, as the anti-join did; ROW_NUMBER would drop one");
            Assert.That(
                rank.OverClause.Partitions.Select(partition => string.Join(".", ((ColumnReferenceExpression)partition).MultiPartIdentifier.Identifiers.Select(i => i.Value))),
                Is.EqualTo(new[] { "b.database_name", "b.type" }));
            ExpressionWithSortOrder order = rank.OverClause.OrderByClause.OrderByElements.Single();
            Assert.That(
                (string.Join(".", ((ColumnReferenceExpression)order.Expression).MultiPartIdentifier.Identifiers.Select(i => i.Value)), order.SortOrder),
                Is.EqualTo(("b.backup_finish_date", SortOrder.Descending)));
            Assert.That(StateQueries.BackupHistory, Does.Contain("WHERE h.newest = 1 AND h.last_lsn IS NOT NULL;"),
                "last_lsn is judged after ranking: a newest backup without it hides the older ones, as before");
        }

        [TestCaseSource(nameof(Queries))]
        public void Every_column_reference_names_its_view_so_the_catalog_check_sees_it(string query)
        {
            IEnumerable<string> unqualified = TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "state query"))
                .OfType<ColumnReferenceExpression>()
                .Where(column => column.ColumnType == ColumnType.Regular && (column.MultiPartIdentifier == null || column.MultiPartIdentifier.Count != 2))
                .Select(column => string.Join(".", column.MultiPartIdentifier?.Identifiers.Select(i => i.Value) ?? Array.Empty<string>()));

            Assert.That(unqualified, Is.Empty);
        }

        [Test]
        public void The_queries_take_only_the_database_name_and_whether_to_ask_the_preferred_replica()
        {
            IEnumerable<string> variables = Queries().SelectMany(query => TSqlParsing.Descendants(TSqlParsing.ParseValid((string)query.Arguments[0]!, "state query"))
                .OfType<VariableReference>().Select(variable => variable.Name)).Distinct();

            Assert.That(variables, Is.EquivalentTo(new[] { "@database_name", "@ask_preferred_replica" }));
            Assert.That(StateQueries.Databases, Does.Contain("WHERE @database_name IS NULL OR d.name = @database_name"));
        }

        [Test]
        public void The_catalog_check_catches_a_misspelt_column()
        {
            Assert.That(DocumentedColumns.Has("sys.availability_replicas", "backup_priority"), Is.True);
            Assert.That(DocumentedColumns.Has("sys.availability_replicas", "backup_priorty"), Is.False);
        }

        [Test]
        public void Only_the_version_specific_columns_are_read_by_version_specific_queries()
        {
            Assert.That(StateQueries.Replicas, Does.Not.Contain("cluster_type").And.Not.Contain("is_contained"));
            Assert.That(StateQueries.ClusterTypes, Does.Contain("cluster_type_desc"));
            Assert.That(StateQueries.Contained, Does.Contain("is_contained"));
            Assert.That(StateQueries.Instance + StateQueries.Databases + StateQueries.Replicas, Does.Not.Contain("dm_os_host_info"));
        }

        /// <summary>The derived tables of a query, by alias, with the names of the columns each returns.</summary>
        private static Dictionary<string, IReadOnlyList<string>> DerivedTables(string query) =>
            TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "state query"))
                .OfType<QueryDerivedTable>()
                .ToDictionary(
                    table => table.Alias.Value,
                    table => (IReadOnlyList<string>)((QuerySpecification)table.QueryExpression).SelectElements.Cast<SelectScalarExpression>()
                        .Select(element => element.ColumnName?.Value ?? ((ColumnReferenceExpression)element.Expression).MultiPartIdentifier.Identifiers.Last().Value)
                        .ToList(),
                    StringComparer.OrdinalIgnoreCase);

        /// <summary>The views and the table-valued functions (sys.dm_db_log_stats(...)) a query reads, with their aliases.</summary>
        private static IEnumerable<(string Object, string Alias)> Tables(string query)
        {
            IReadOnlyList<TSqlFragment> nodes = TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "state query"));
            IEnumerable<(SchemaObjectName Name, Identifier? Alias)> views = nodes.OfType<NamedTableReference>().Select(t => (t.SchemaObject, (Identifier?)t.Alias));
            IEnumerable<(SchemaObjectName Name, Identifier? Alias)> functions = nodes.OfType<SchemaObjectFunctionTableReference>().Select(t => (t.SchemaObject, (Identifier?)t.Alias));
            return views.Concat(functions).Select(table => (
                Object: (table.Name.DatabaseIdentifier?.Value == "msdb" ? "msdb." : string.Empty) + table.Name.SchemaIdentifier.Value + "." + table.Name.BaseIdentifier.Value,
                Alias: table.Alias?.Value ?? table.Name.BaseIdentifier.Value));
        }
    }
}
