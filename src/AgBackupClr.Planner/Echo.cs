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

    /// <summary>A value as the file writes it (a JSON string with its quotes): escaped, since a JSON string may hold U+2028 or a C1 control as it is, and cut.</summary>
    public static string Written(string text) => Escape(text, Longest, false);

    /// <summary>A message of another library that repeats the file (the JSON reader quotes what follows a bad literal).</summary>
    public static string Sentence(string text) => Escape(text, 4 * Longest, false);

    /// <summary>A name or a reason in a plan: whole, but never more than one line.</summary>
    public static string Line(string text) => Escape(text, int.MaxValue, false);

    /// <summary>"1 backup", "2 backups".</summary>
    public static string Count(int count, string noun) => count.ToString("N0", CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Escape(string text, int longest, bool quoted)
    {
        int length = text.Length <= longest ? text.Length : longest;

        // Cutting between the two halves of a surrogate pair would leave half a character.
        if (length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        // Most names and sentences need nothing: they are returned as they are, not copied (a plan has millions).
        if (length == text.Length && !quoted && !NeedsEscape(text))
        {
            return text;
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
                _ when BreaksLine(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        escaped.Append(quoted ? "\"" : string.Empty);
        return length == text.Length ? escaped.ToString() : escaped + "... (" + text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters)";
    }

    /// <summary>The first five names, quoted (or only escaped), and how many more there are; "none" for none.</summary>
    public static string List(IReadOnlyList<string> names, bool quoted = true)
    {
        const int Listed = 5;
        if (names.Count == 0)
        {
            return "none";
        }

        var shown = new List<string>(Listed);
        for (int i = 0; i < names.Count && i < Listed; i++)
        {
            shown.Add(quoted ? Quote(names[i]) : Line(names[i]));
        }

        string more = names.Count > Listed ? " and " + (names.Count - Listed).ToString("N0", CultureInfo.InvariantCulture) + " more" : string.Empty;
        return string.Join(", ", shown) + more;
    }

    private static bool NeedsEscape(string text)
    {
        foreach (char c in text)
        {
            if (BreaksLine(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters (ESC starts a terminal sequence) and the Unicode line separators end or redraw a line.</summary>
    private static bool BreaksLine(char c) => char.IsControl(c) || c == '\u2028' || c == '\u2029';
}
