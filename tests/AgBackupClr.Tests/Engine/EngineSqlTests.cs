using System.IO;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>The decision log insert and the closing THROW parse, and the insert fits the table deploy.sql creates.</summary>
    public class EngineSqlTests
    {
        /// <summary>SPEC section 4: the result columns of usp_BackupIfPreferred, in order.</summary>
        public static readonly string[] ResultColumns =
        {
            "database_name", "availability_group_name", "replica_role", "backup_type", "copy_only", "action", "reason_code", "reason",
            "is_preferred_replica", "preferred_replica_name", "command", "backup_file", "started_at", "finished_at", "error_number", "error_message",
        };

        [Test]
        public void The_decision_log_insert_names_every_result_column_of_the_table_deploy_creates()
        {
            InsertStatement insert = (InsertStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.InsertDecision, "insert")).Single();
            string[] columns = insert.InsertSpecification.Columns.Select(c => c.MultiPartIdentifier.Identifiers.Last().Value).ToArray();
            string[] values = ((ValuesInsertSource)insert.InsertSpecification.InsertSource).RowValues.Single().ColumnValues
                .Cast<VariableReference>().Select(v => v.Name.TrimStart('@')).ToArray();

            string[] tableColumns = TSqlParsing.Statements(TSqlParsing.ParseValid(File.ReadAllText(Repository.DeployScriptPath), "deploy.sql"))
                .SelectMany(statement => TSqlParsing.Descendants(statement)).OfType<CreateTableStatement>()
                .Single(table => table.SchemaObjectName.BaseIdentifier.Value == "BackupDecisionLog")
                .Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value).ToArray();

            Assert.That(columns, Is.EqualTo(ResultColumns));
            Assert.That(values, Is.EqualTo(columns), "each value is the parameter named after its column");
            Assert.That(tableColumns.Except(columns), Is.EquivalentTo(new[] { "id", "logged_at", "server_name" }), "the table adds only its own bookkeeping");
        }

        [Test]
        public void The_closing_error_is_a_throw_with_the_message_as_a_parameter()
        {
            ThrowStatement statement = (ThrowStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(EngineSql.ThrowFinalError, "throw")).Single();

            Assert.That(((VariableReference)statement.Message).Name, Is.EqualTo("@message"));
        }
    }
}
