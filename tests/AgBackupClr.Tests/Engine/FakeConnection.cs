using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

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

        /// <summary>The table each query is answered with; a test may add or replace one.</summary>
        public Dictionary<string, DataTable> Answers => answers;

        public List<string> Asked { get; } = new List<string>();

        /// <summary>The parameters each query was sent with, by parameter name.</summary>
        public List<Dictionary<string, object?>> Sent { get; } = new List<Dictionary<string, object?>>();

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

        /// <summary>Removes one column from the answer to one query, as if the query no longer returned it.</summary>
        public void Drop(string query, string column) => answers[query].Columns.Remove(column);

        internal DbDataReader Answer(string text, FakeParameters parameters)
        {
            Asked.Add(text);
            Sent.Add(parameters.Items.ToDictionary(p => p.ParameterName, p => p.Value));
            return answers.TryGetValue(text, out DataTable? table)
                ? table.CreateDataReader()
                : throw new InvalidOperationException("The fake has no answer for: " + text);
        }

        private sealed class FakeCommand : DbCommand
        {
            private readonly FakeConnection connection;
            private readonly FakeParameters parameters = new FakeParameters();

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

            protected override DbParameterCollection DbParameterCollection => parameters;

            protected override DbTransaction? DbTransaction { get; set; }

            public override void Cancel()
            {
            }

            public override int ExecuteNonQuery() => throw new NotSupportedException();

            public override object ExecuteScalar() => throw new NotSupportedException();

            public override void Prepare()
            {
            }

            protected override DbParameter CreateDbParameter() => new FakeParameter();

            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => connection.Answer(CommandText, parameters);
        }
    }

    internal sealed class FakeParameter : DbParameter
    {
        public override DbType DbType { get; set; }

        public override ParameterDirection Direction { get; set; }

        public override bool IsNullable { get; set; }

        [AllowNull]
        public override string ParameterName { get; set; } = string.Empty;

        public override int Size { get; set; }

        [AllowNull]
        public override string SourceColumn { get; set; } = string.Empty;

        public override bool SourceColumnNullMapping { get; set; }

        public override object? Value { get; set; }

        public override void ResetDbType()
        {
        }
    }

    /// <summary>Only what the state reader uses: Add. Everything else is not needed and says so.</summary>
    internal sealed class FakeParameters : DbParameterCollection
    {
        public List<DbParameter> Items { get; } = new List<DbParameter>();

        public override int Count => Items.Count;

        public override object SyncRoot => Items;

        public override int Add(object value)
        {
            Items.Add((DbParameter)value);
            return Items.Count - 1;
        }

        public override void AddRange(Array values) => throw new NotSupportedException();

        public override void Clear() => Items.Clear();

        public override bool Contains(object value) => Items.Contains((DbParameter)value);

        public override bool Contains(string value) => Items.Exists(p => p.ParameterName == value);

        public override void CopyTo(Array array, int index) => throw new NotSupportedException();

        public override System.Collections.IEnumerator GetEnumerator() => Items.GetEnumerator();

        public override int IndexOf(object value) => Items.IndexOf((DbParameter)value);

        public override int IndexOf(string parameterName) => Items.FindIndex(p => p.ParameterName == parameterName);

        public override void Insert(int index, object value) => Items.Insert(index, (DbParameter)value);

        public override void Remove(object value) => Items.Remove((DbParameter)value);

        public override void RemoveAt(int index) => Items.RemoveAt(index);

        public override void RemoveAt(string parameterName) => Items.RemoveAt(IndexOf(parameterName));

        protected override DbParameter GetParameter(int index) => Items[index];

        protected override DbParameter GetParameter(string parameterName) => Items[IndexOf(parameterName)];

        protected override void SetParameter(int index, DbParameter value) => Items[index] = value;

        protected override void SetParameter(string parameterName, DbParameter value) => Items[IndexOf(parameterName)] = value;
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
