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
        public void There_are_fourteen_state_queries()
        {
            Assert.That(Queries().Count(), Is.EqualTo(14));
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
            IEnumerable<string> undocumented = TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "state query"))
                .OfType<ColumnReferenceExpression>()
                .Where(column => column.MultiPartIdentifier != null && column.MultiPartIdentifier.Count == 2)
                .Select(column => (Alias: column.MultiPartIdentifier.Identifiers[0].Value, Column: column.MultiPartIdentifier.Identifiers[1].Value))
                .Where(reference => !DocumentedColumns.Has(aliases[reference.Alias], reference.Column))
                .Select(reference => aliases[reference.Alias] + "." + reference.Column);

            Assert.That(undocumented, Is.Empty);
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
