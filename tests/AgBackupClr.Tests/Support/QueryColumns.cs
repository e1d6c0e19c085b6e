using System.Collections.Generic;
using System.Linq;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AgBackupClr.Tests.Support
{
    /// <summary>The names of the columns a query returns, read from the query itself with SQL Server's parser.</summary>
    public static class QueryColumns
    {
        public static IReadOnlyList<string> Of(string query)
        {
            TSqlStatement statement = TSqlParsing.Statements(TSqlParsing.ParseValid(query, "state query")).Single();
            var select = (QuerySpecification)((SelectStatement)statement).QueryExpression;
            return select.SelectElements.Cast<SelectScalarExpression>().Select(Name).ToList();
        }

        private static string Name(SelectScalarExpression element) =>
            element.ColumnName?.Value
            ?? ((ColumnReferenceExpression)element.Expression).MultiPartIdentifier.Identifiers.Last().Value;
    }
}
