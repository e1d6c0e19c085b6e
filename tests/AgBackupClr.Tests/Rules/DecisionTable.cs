using System;
using System.Collections.Generic;
using System.Linq;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// A decision table written as text, so that expectations read as data and not as branches that could copy the
    /// engine's own. The first line names the condition columns, then '|', then the outcome columns. Each later line gives
    /// one value per condition ('*' for any, 'a,b' for either) and one per outcome; the first row that matches wins.
    /// </summary>
    internal sealed class DecisionTable
    {
        private const string Any = "*";

        private readonly string[] conditionColumns;

        /// <param name="domains">The values each condition column can take: a value outside them is a typo in the table.</param>
        public DecisionTable(string name, IReadOnlyDictionary<string, string[]> domains, params string[] lines)
        {
            Name = name;
            string[][] header = Split(lines[0]);
            conditionColumns = header[0];
            foreach (string column in conditionColumns.Where(c => !domains.ContainsKey(c)))
            {
                throw new ArgumentException("Table '" + name + "' has a condition column '" + column + "' the scenarios do not have.", nameof(lines));
            }

            Rows = lines.Skip(1).Select((line, index) => new DecisionRow(this, index + 1, line, header, domains)).ToArray();
        }

        public string Name { get; }

        public IReadOnlyList<DecisionRow> Rows { get; }

        /// <summary>The first row whose every condition holds for the values <paramref name="valueOf"/> gives per column.</summary>
        public DecisionRow Match(Func<string, string> valueOf)
        {
            string[] values = Array.ConvertAll(conditionColumns, c => valueOf(c));
            foreach (DecisionRow row in Rows)
            {
                if (row.Holds(values))
                {
                    return row;
                }
            }

            throw new InvalidOperationException(
                "No row of table '" + Name + "' matches " + string.Join(" ", conditionColumns.Select((c, i) => c + "=" + values[i]))
                + ": end the table with a row of '*'.");
        }

        /// <summary>Cells separated by blanks, conditions before '|' and outcomes after it.</summary>
        internal static string[][] Split(string line)
        {
            string[] sides = line.Split('|');
            if (sides.Length != 2)
            {
                throw new ArgumentException("A table line needs one '|' between conditions and outcomes: " + line, nameof(line));
            }

            return sides.Select(side => side.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        }

        internal static bool IsAny(string cell) => cell == Any;
    }

    /// <summary>One row of a <see cref="DecisionTable"/>, named in failures by its table and number.</summary>
    internal sealed class DecisionRow
    {
        private readonly HashSet<string>?[] conditions;
        private readonly Dictionary<string, string> outcomes;

        public DecisionRow(DecisionTable table, int number, string line, string[][] header, IReadOnlyDictionary<string, string[]> domains)
        {
            Table = table;
            Number = number;
            Text = string.Join(" ", line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            string[][] cells = DecisionTable.Split(line);
            if (cells[0].Length != header[0].Length || cells[1].Length != header[1].Length)
            {
                throw new ArgumentException(this + " has not one cell per column of: " + string.Join(" ", header[0]) + " | " + string.Join(" ", header[1]), nameof(line));
            }

            conditions = cells[0].Select((cell, i) => Condition(header[0][i], cell, domains[header[0][i]])).ToArray();
            outcomes = header[1].Select((column, i) => (column, cell: cells[1][i])).ToDictionary(o => o.column, o => o.cell, StringComparer.Ordinal);
        }

        public DecisionTable Table { get; }

        public int Number { get; }

        public string Text { get; }

        public string this[string outcomeColumn] =>
            outcomes.TryGetValue(outcomeColumn, out string? value)
                ? value
                : throw new ArgumentException(this + " has no outcome column '" + outcomeColumn + "'.", nameof(outcomeColumn));

        public bool HasOutcome(string column) => outcomes.ContainsKey(column);

        public bool Holds(string[] values)
        {
            for (int i = 0; i < conditions.Length; i++)
            {
                if (conditions[i] != null && !conditions[i]!.Contains(values[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => Table.Name + " row " + Number + " [" + Text + "]";

        private HashSet<string>? Condition(string column, string cell, string[] domain)
        {
            if (DecisionTable.IsAny(cell))
            {
                return null;
            }

            var values = new HashSet<string>(cell.Split(','), StringComparer.Ordinal);
            foreach (string value in values.Where(v => !domain.Contains(v, StringComparer.Ordinal)))
            {
                throw new ArgumentException(this + ": '" + value + "' is not a value of column '" + column + "' (" + string.Join(", ", domain) + ").", nameof(cell));
            }

            return values;
        }
    }
}
