using System.Text;
using CsCheck;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>
    /// Generators of names and paths made to break out of a quoted identifier or string literal: quotes, brackets,
    /// statement and comment markers, batch separators, line breaks, look-alike quotes, surrogate pairs, long runs.
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

        /// <summary>A sysname: 1 to 128 UTF-16 code units.</summary>
        public static readonly Gen<string> DatabaseName = Piece.Array[1, 128].Select(pieces => Fit(string.Concat(pieces), 128));

        /// <summary>A directory or path: empty up to a few thousand characters, sometimes one hostile piece repeated at length.</summary>
        public static readonly Gen<string> Path = Gen.Frequency(
            (6, (IGen<string>)Piece.Array[0, 200].Select(string.Concat)),
            (1, Gen.Select(Piece, Gen.Int[500, 3000], Repeat)));

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
