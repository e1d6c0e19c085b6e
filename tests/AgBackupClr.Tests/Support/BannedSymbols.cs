using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// src/AgBackupClr/BannedSymbols.txt as the banned-API analyzer reads it: one documentation-comment ID a line, then
    /// optionally ";" and the reason; lines starting with "//" are comments.
    /// </summary>
    public sealed class BannedSymbols
    {
        private BannedSymbols(IReadOnlyList<KeyValuePair<string, string>> entries)
        {
            Entries = entries;
        }

        /// <summary>ID ("T:System.Lazy`1") and reason, in file order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

        public static BannedSymbols Read() => Parse(File.ReadAllLines(Repository.BannedSymbolsPath));

        public static BannedSymbols Parse(IEnumerable<string> lines) => new BannedSymbols(lines
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            .Select(line => line.Split(';', 2))
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : string.Empty))
            .ToList());

        /// <summary>
        /// The reason a type is banned, by its own "T:" entry or its namespace's "N:" entry; null when it is not. The name
        /// is C#'s (nested types joined by "."), as in a documentation-comment ID.
        /// </summary>
        public string? ReasonFor(string typeName, string typeNamespace)
        {
            foreach (KeyValuePair<string, string> entry in Entries)
            {
                bool banned = entry.Key == "T:" + typeName
                    || (entry.Key.StartsWith("N:", StringComparison.Ordinal)
                        && (typeNamespace == entry.Key[2..] || typeNamespace.StartsWith(entry.Key[2..] + ".", StringComparison.Ordinal)));
                if (banned)
                {
                    return entry.Key + (entry.Value.Length > 0 ? " (" + entry.Value + ")" : string.Empty);
                }
            }

            return null;
        }
    }
}
