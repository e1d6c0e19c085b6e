using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>Catalog/documented-columns.tsv: the documented columns of the system views the state queries read.</summary>
    public static class DocumentedColumns
    {
        private static readonly ILookup<string, string> Columns = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Catalog", "documented-columns.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .ToLookup(fields => fields[0], fields => fields[1], StringComparer.OrdinalIgnoreCase);

        public static IEnumerable<string> Objects => Columns.Select(group => group.Key);

        public static bool Has(string objectName, string column) =>
            Columns[objectName].Contains(column, StringComparer.OrdinalIgnoreCase);
    }
}
