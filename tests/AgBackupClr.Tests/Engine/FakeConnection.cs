using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>A DbConnection that answers each known query text with a table, and records what was asked.</summary>
    internal sealed class FakeConnection : DbConnection
    {
        private readonly Dictionary<string, DataTable> answers;

        public FakeConnection(Dictionary<string, DataTable> answers)
        {
            this.answers = answers;
        }

        public List<string> Asked { get; } = new List<string>();

        [AllowNull]
        public override string ConnectionString { get; set; } = string.Empty;

        public override string Database => "DBA";

        public override string DataSource => "fake";

        public override string ServerVersion => "16.0";

        public override ConnectionState State => ConnectionState.Open;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Close()
        {
        }

        public override void Open()
        {
        }

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException();

        protected override DbCommand CreateDbCommand() => new FakeCommand(this);

        internal DbDataReader Answer(string text)
        {
            Asked.Add(text);
            return answers.TryGetValue(text, out DataTable? table)
                ? table.CreateDataReader()
                : throw new InvalidOperationException("The fake has no answer for: " + text);
        }

        private sealed class FakeCommand : DbCommand
        {
            private readonly FakeConnection connection;

            public FakeCommand(FakeConnection connection)
            {
                this.connection = connection;
            }

            [AllowNull]
            public override string CommandText { get; set; } = string.Empty;

            public override int CommandTimeout { get; set; }

            public override CommandType CommandType { get; set; }

            public override bool DesignTimeVisible { get; set; }

            public override UpdateRowSource UpdatedRowSource { get; set; }

            protected override DbConnection? DbConnection { get; set; }

            protected override DbParameterCollection DbParameterCollection => throw new NotSupportedException();

            protected override DbTransaction? DbTransaction { get; set; }

            public override void Cancel()
            {
            }

            public override int ExecuteNonQuery() => throw new NotSupportedException();

            public override object ExecuteScalar() => throw new NotSupportedException();

            public override void Prepare()
            {
            }

            protected override DbParameter CreateDbParameter() => throw new NotSupportedException();

            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => connection.Answer(CommandText);
        }
    }

    /// <summary>Result tables shaped like the state queries' result sets.</summary>
    internal static class Answers
    {
        public static DataTable Table(string columns, params object?[][] rows)
        {
            var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
            foreach (string column in columns.Split(','))
            {
                table.Columns.Add(column.Trim(), typeof(object));
            }

            foreach (object?[] row in rows)
            {
                table.Rows.Add(Array.ConvertAll(row, value => value ?? DBNull.Value));
            }

            return table;
        }
    }
}
