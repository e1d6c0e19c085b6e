using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AgBackupClr.Tests.Support
{
    /// <summary>SQL Server's own T-SQL parser (ScriptDom), at the SQL Server 2025 grammar.</summary>
    public static class TSqlParsing
    {
        public static TSqlFragment Parse(string text, out IList<ParseError> errors)
        {
            var parser = new TSql170Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(text);
            return parser.Parse(reader, out errors);
        }

        /// <summary>Parses and fails with every error's line, column and message when there is any.</summary>
        public static TSqlScript ParseValid(string text, string what)
        {
            TSqlFragment fragment = Parse(text, out IList<ParseError> errors);
            NUnit.Framework.Assert.That(
                errors.Select(e => what + " line " + e.Line + ", column " + e.Column + ": " + e.Message),
                NUnit.Framework.Is.Empty);
            return (TSqlScript)fragment;
        }

        public static IEnumerable<TSqlStatement> Statements(TSqlScript script) =>
            script.Batches.SelectMany(batch => batch.Statements);

        /// <summary>Every node of a fragment, depth first.</summary>
        public static IReadOnlyList<TSqlFragment> Descendants(TSqlFragment fragment)
        {
            var visitor = new CollectingVisitor();
            fragment.Accept(visitor);
            return visitor.Nodes;
        }

        private sealed class CollectingVisitor : TSqlFragmentVisitor
        {
            public List<TSqlFragment> Nodes { get; } = new List<TSqlFragment>();

            public override void Visit(TSqlFragment fragment) => Nodes.Add(fragment);
        }
    }
}
