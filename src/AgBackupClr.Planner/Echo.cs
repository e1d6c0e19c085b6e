using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AgBackupClr.Planner;

/// <summary>
/// What an error message repeats from the file: quoted, with control characters escaped so that a name with a newline
/// cannot forge a line of output, and cut so that a 10 MB name does not become a 10 MB message.
/// </summary>
internal static class Echo
{
    /// <summary>Long enough to recognise a name, short enough to keep a message on one line of a terminal.</summary>
    private const int Longest = 60;

    public static string Quote(string text) => Escape(text, Longest, true);

    /// <summary>A message of another library that repeats the file (the JSON reader quotes what follows a bad literal).</summary>
    public static string Sentence(string text) => Escape(text, 4 * Longest, false);

    private static string Escape(string text, int longest, bool quoted)
    {
        int length = text.Length <= longest ? text.Length : longest;

        // Cutting between the two halves of a surrogate pair would leave half a character.
        if (length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        var escaped = new StringBuilder(length + 2);
        escaped.Append(quoted ? "\"" : string.Empty);
        for (int i = 0; i < length; i++)
        {
            char c = text[i];
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' or '\\' when quoted => "\\" + c,

                // Other control characters (ESC starts a terminal sequence) and the Unicode line separators end or redraw lines too.
                _ when char.IsControl(c) || c == '\u2028' || c == '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        escaped.Append(quoted ? "\"" : string.Empty);
        return length == text.Length ? escaped.ToString() : escaped + "... (" + text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters)";
    }

    /// <summary>The first five names, quoted, and how many more there are; "none" for none.</summary>
    public static string List(IReadOnlyList<string> names)
    {
        const int Listed = 5;
        if (names.Count == 0)
        {
            return "none";
        }

        var shown = new List<string>(Listed);
        for (int i = 0; i < names.Count && i < Listed; i++)
        {
            shown.Add(Quote(names[i]));
        }

        string more = names.Count > Listed ? " and " + (names.Count - Listed).ToString("N0", CultureInfo.InvariantCulture) + " more" : string.Empty;
        return string.Join(", ", shown) + more;
    }
}
