using System.Collections.Generic;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// Whether a text is one JSON object, by the grammar of RFC 8259, checked by hand: the assembly runs in SQL Server on
    /// .NET Framework 4.8 with PERMISSION_SET = SAFE, where no JSON library is at hand. It reads iteratively, keeping the
    /// brackets still open in a list, so that text nested a million deep cannot overflow SQL Server's thread stack.
    /// </summary>
    internal static class JsonObjectSyntax
    {
        /// <summary>
        /// -1 when the text is one JSON object, with nothing but JSON white space around it; otherwise the index at which
        /// it stops being one, which is the text's length when it ends too soon.
        /// </summary>
        public static int ErrorAt(string text)
        {
            int at = Space(text, 0);
            if (at == text.Length || text[at] != '{')
            {
                return at;
            }

            // '{' or '[' for each object or array opened and not closed yet, the innermost last.
            var open = new List<char>();
            while (true)
            {
                // A value starts here: an object, an array or a scalar.
                at = Space(text, at);
                if (at == text.Length)
                {
                    return at;
                }

                char first = text[at];
                if (first == '{' || first == '[')
                {
                    at = Space(text, at + 1);
                    if (at < text.Length && text[at] == (first == '{' ? '}' : ']'))
                    {
                        at++;
                    }
                    else
                    {
                        open.Add(first);
                        if (first == '{' && !Member(text, ref at))
                        {
                            return at;
                        }

                        continue;
                    }
                }
                else if (!Scalar(text, ref at))
                {
                    return at;
                }

                // After a value: the brackets it closes, then a ',' and the next member or item, or the end of the text.
                while (true)
                {
                    at = Space(text, at);
                    if (open.Count == 0)
                    {
                        return at == text.Length ? -1 : at;
                    }

                    if (at == text.Length)
                    {
                        return at;
                    }

                    char container = open[open.Count - 1];
                    if (text[at] == (container == '{' ? '}' : ']'))
                    {
                        open.RemoveAt(open.Count - 1);
                        at++;
                        continue;
                    }

                    if (text[at] != ',')
                    {
                        return at;
                    }

                    at++;
                    if (container == '{' && !Member(text, ref at))
                    {
                        return at;
                    }

                    break;
                }
            }
        }

        /// <summary>A member's name and its ':'; <paramref name="at"/> ends after the ':', or where the text is wrong.</summary>
        private static bool Member(string text, ref int at)
        {
            at = Space(text, at);
            if (at == text.Length || text[at] != '"' || !String(text, ref at))
            {
                return false;
            }

            at = Space(text, at);
            if (at == text.Length || text[at] != ':')
            {
                return false;
            }

            at++;
            return true;
        }

        /// <summary>A string, a number, true, false or null; <paramref name="at"/> ends after it, or where the text is wrong.</summary>
        private static bool Scalar(string text, ref int at)
        {
            char first = text[at];
            if (first == '"')
            {
                return String(text, ref at);
            }

            if (first == '-' || IsDigit(first))
            {
                return Number(text, ref at);
            }

            foreach (string literal in new[] { "true", "false", "null" })
            {
                if (string.CompareOrdinal(text, at, literal, 0, literal.Length) == 0)
                {
                    at += literal.Length;
                    return true;
                }
            }

            return false;
        }

        /// <summary>From its opening quote: no control character unescaped, and only the escapes \" \\ \/ \b \f \n \r \t \uXXXX.</summary>
        private static bool String(string text, ref int at)
        {
            at++;
            while (at < text.Length)
            {
                char c = text[at];
                if (c == '"')
                {
                    at++;
                    return true;
                }

                if (c < ' ')
                {
                    return false;
                }

                if (c == '\\')
                {
                    at++;
                    if (at == text.Length)
                    {
                        return false;
                    }

                    if (text[at] == 'u')
                    {
                        for (int digit = 1; digit <= 4; digit++)
                        {
                            if (at + digit == text.Length || !IsHexDigit(text[at + digit]))
                            {
                                at += digit;
                                return false;
                            }
                        }

                        at += 4;
                    }
                    else if ("\"\\/bfnrt".IndexOf(text[at]) < 0)
                    {
                        return false;
                    }
                }

                at++;
            }

            return false;
        }

        /// <summary>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, in ASCII digits only.</summary>
        private static bool Number(string text, ref int at)
        {
            if (text[at] == '-')
            {
                at++;
            }

            if (at < text.Length && text[at] == '0')
            {
                at++;
            }
            else if (!Digits(text, ref at))
            {
                return false;
            }

            if (at < text.Length && text[at] == '.')
            {
                at++;
                if (!Digits(text, ref at))
                {
                    return false;
                }
            }

            if (at < text.Length && (text[at] == 'e' || text[at] == 'E'))
            {
                at++;
                if (at < text.Length && (text[at] == '+' || text[at] == '-'))
                {
                    at++;
                }

                return Digits(text, ref at);
            }

            return true;
        }

        /// <summary>One digit or more.</summary>
        private static bool Digits(string text, ref int at)
        {
            int start = at;
            while (at < text.Length && IsDigit(text[at]))
            {
                at++;
            }

            return at > start;
        }

        /// <summary>JSON's white space is these four only, not every char.IsWhiteSpace.</summary>
        private static int Space(string text, int at)
        {
            while (at < text.Length && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
            {
                at++;
            }

            return at;
        }

        /// <summary>ASCII only: char.IsDigit also takes other scripts' digits, which JSON does not.</summary>
        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsHexDigit(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
