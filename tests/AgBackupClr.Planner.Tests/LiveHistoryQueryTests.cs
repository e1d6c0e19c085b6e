using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AgBackupClr.Tests.Engine;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup status's queries parse with SQL Server's parser and name only documented columns of the system tables and views
/// they read (the engine's catalog, Catalog/documented-columns.tsv): no SQL Server runs here, and a wrong name would make
/// every replica unreadable.
/// </summary>
public sealed class LiveHistoryQueryTests
{
    public static IEnumerable<TestCaseData> Queries() =>
        typeof(LiveHistory).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => new TestCaseData((string)field.GetRawConstantValue()!).SetName(field.Name));

    /// <summary>The queries of system tables and views: all but Decisions, which reads AgBackupClr's own dbo.BackupDecisionLog.</summary>
    public static IEnumerable<TestCaseData> SystemQueries() => Queries().Where(query => query.TestName != "Decisions");

    [Test]
    public void There_are_six_queries()
    {
        Assert.That(Queries().Select(query => query.TestName), Is.EquivalentTo(new[] { "Backups", "Families", "Files", "Replicas", "Databases", "Decisions" }));
    }

    [TestCaseSource(nameof(Queries))]
    public void The_query_parses(string query)
    {
        TSqlParsing.ParseValid(query, "status query");
    }

    [TestCaseSource(nameof(SystemQueries))]
    public void Every_column_of_a_system_table_or_view_is_documented(string query)
    {
        // dbo.BackupDecisionLog is AgBackupClr's own table (sql/install/04-decision-log.sql), not a system one.
        List<(string Object, string Alias)> tables = TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "status query"))
            .OfType<NamedTableReference>()
            .Select(table => (
                Object: string.Join(".", table.SchemaObject.Identifiers.Select(identifier => identifier.Value)),
                Alias: table.Alias?.Value ?? table.SchemaObject.BaseIdentifier.Value))
            .Where(table => table.Object != "dbo.BackupDecisionLog")
            .ToList();
        Assert.That(tables, Is.Not.Empty, "a system query reads a system table or view");

        IEnumerable<string> undocumented = TSqlParsing.Descendants(TSqlParsing.ParseValid(query, "status query"))
            .OfType<ColumnReferenceExpression>()
            .Where(column => column.ColumnType == ColumnType.Regular)
            .Select(column => column.MultiPartIdentifier.Identifiers.Select(identifier => identifier.Value).ToArray())
            .Select(parts => parts.Length == 2
                ? (Object: tables.Single(table => string.Equals(table.Alias, parts[0], StringComparison.OrdinalIgnoreCase)).Object, Column: parts[1])
                : (Object: tables.Single().Object, Column: parts[0]))
            .Where(reference => !DocumentedColumns.Has(reference.Object, reference.Column))
            .Select(reference => reference.Object + "." + reference.Column);

        Assert.That(undocumented, Is.Empty);
    }

    [Test]
    public void The_catalog_tells_a_documented_msdb_column_from_a_misspelt_one()
    {
        Assert.That(DocumentedColumns.Has("msdb.dbo.backupset", "is_copy_only"), Is.True);
        Assert.That(DocumentedColumns.Has("msdb.dbo.backupset", "is_copyonly"), Is.False);
    }
}
