using System.Text;
using CsCheck;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>
    /// Generators of names and paths made to break out of a quoted identifier or string literal: quotes, brackets,
    /// statement and comment markers, batch separators, line breaks, look-alike quotes, surrogate pairs, long runs;
    /// and of names made to break a file name: Windows device names, trailing dots and spaces, tokens, escapes.
    /// </summary>
    internal static class HostileText
    {
        private static readonly Gen<string> Hostile = Gen.OneOfConst(
            "]", "[", "]]", "[]", "'", "''", "N'", "\"", ";", "--", "/*", "*/", "GO", "\nGO\n", "\r\nGO\r\n", "\r\n", "\n", "\r", "\t",
            " ", "\\", "/", ":", "$(x)", ":r x", "'; DROP DATABASE x; --", "]; EXEC('x'); --", "\u02BC", "\u2019", "\uFF07", "\uFF3D",
            "\u00A0", "\u2028", "\uFEFF", "\u0000", "\uD83D\uDE00", "\uD801\uDC37");

        /// <summary>Any UTF-16 code unit that is not half of a surrogate pair; pairs come whole from SurrogatePair.</summary>
        private static readonly Gen<string> AnyCharacter = Gen.Char.Where(c => !char.IsSurrogate(c)).Select(c => c.ToString());

        private static readonly Gen<string> SurrogatePair = Gen.Select(
            Gen.Char['\uD800', '\uDBFF'], Gen.Char['\uDC00', '\uDFFF'], (high, low) => new string(new[] { high, low }));

        private static readonly Gen<string> Letter = Gen.Char['a', 'z'].Select(c => c.ToString());

        private static readonly Gen<string> Piece = Gen.Frequency(
            (4, (IGen<string>)Hostile), (3, AnyCharacter), (1, SurrogatePair), (2, Letter));

        /// <summary>The names Windows opens as devices (learn.microsoft.com "Naming Files, Paths, and Namespaces"), each letter in either case.</summary>
        private static readonly Gen<string> DeviceName = Gen.Select(
            Gen.OneOfConst("CON", "PRN", "AUX", "NUL", "COM1", "COM5", "COM9", "LPT1", "LPT9", "COM\u00B9", "COM\u00B2", "LPT\u00B3"),
            Gen.Bool.Array[4],
            (name, upper) =>
            {
                var cased = new StringBuilder(name.Length);
                for (int i = 0; i < name.Length; i++)
                {
                    cased.Append(upper[i] ? char.ToUpperInvariant(name[i]) : char.ToLowerInvariant(name[i]));
                }

                return cased.ToString();
            });

        /// <summary>What troubles a file name: dots and spaces, extensions, braces and tokens, escapes and what looks like one.</summary>
        private static readonly Gen<string> FileNamePiece = Gen.OneOfConst(
            ".", " ", "..", ". ", ".txt", "_", "{", "}", "{}", "{DatabaseName}", "{BackupType}", "{CopyOnly}", "{Copy{DatabaseName}Only}",
            "%", "%2E", "%20", "%25", "%4E", "CON", "nul.", "COM1", "\\", "/", ":");

        /// <summary>A sysname: 1 to 128 UTF-16 code units.</summary>
        public static readonly Gen<string> DatabaseName = Piece.Array[1, 128].Select(pieces => Fit(string.Concat(pieces), 128));

        /// <summary>
        /// A sysname made to trouble a file name rather than T-SQL: a Windows device name in any case, with or without an
        /// extension, then hostile pieces, token texts, braces and escapes, then dots and spaces that Windows would drop.
        /// </summary>
        public static readonly Gen<string> FileDatabaseName = Gen.Select(
                Gen.Frequency((3, (IGen<string>)DeviceName), (1, Letter), (1, Piece)),
                Gen.Frequency((3, (IGen<string>)FileNamePiece), (1, Piece)).Array[0, 6],
                Gen.OneOfConst(string.Empty, ".", " ", "..", ". ", " .", "   ", ".bak", ".bak."),
                (start, middle, end) => Fit(start + string.Concat(middle) + end, 128));

        /// <summary>A directory or path: empty up to a few thousand characters, sometimes one hostile piece repeated at length.</summary>
        public static readonly Gen<string> Path = Gen.Frequency(
            (6, (IGen<string>)Piece.Array[0, 200].Select(string.Concat)),
            (1, Gen.Select(Piece, Gen.Int[500, 3000], Repeat)));

        /// <summary>A short hostile path, for statements with many of them: up to 20 pieces.</summary>
        public static readonly Gen<string> ShortPath = Piece.Array[0, 20].Select(string.Concat);

        /// <summary>Cuts text to at most maxLength code units without splitting a surrogate pair; never empty.</summary>
        private static string Fit(string text, int maxLength)
        {
            if (text.Length > maxLength)
            {
                int length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
                text = text.Substring(0, length);
            }

            return text.Length == 0 ? "x" : text;
        }

        private static string Repeat(string piece, int count)
        {
            var text = new StringBuilder(piece.Length * count);
            for (int i = 0; i < count; i++)
            {
                text.Append(piece);
            }

            return text.ToString();
        }
    }
}
