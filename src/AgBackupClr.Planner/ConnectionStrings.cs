using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.Planner;

/// <summary>
/// Every connection string agbackup is given is read here. SqlClient's messages about one it refuses repeat its text
/// ("Keyword not supported: 'pa55word'", "The input string 'hunter2' was not in a correct format"), and a password holding
/// a ';' outside quotes becomes such a keyword; so a refusal names the part by its number instead, and a connection
/// string is never printed (docs/agbackup.md).
/// </summary>
internal static class ConnectionStrings
{
    /// <summary>A connection over the string, not opened; throws ConnectionStringException where SqlClient refuses the string.</summary>
    public static SqlConnection Connection(string connectionString) => Read(connectionString, () => new SqlConnection(connectionString));

    /// <summary>The string's keywords, to change one; throws ConnectionStringException where SqlClient refuses the string.</summary>
    public static SqlConnectionStringBuilder Builder(string connectionString) => Read(connectionString, () => new SqlConnectionStringBuilder(connectionString));

    private static T Read<T>(string connectionString, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception refused) when (refused is ArgumentException || refused is FormatException || refused is OverflowException || refused is InvalidOperationException)
        {
            // Not kept as the inner exception: its message is the text that must not be printed.
            throw new ConnectionStringException(Problem(connectionString));
        }
    }

    /// <summary>The first part that SqlClient refuses alone, by its number; else the parts are refused together.</summary>
    private static string Problem(string connectionString)
    {
        List<(int Start, int KeywordEnd, int End)> parts = Parts(connectionString);
        for (int i = 0; i < parts.Count; i++)
        {
            (int start, int keywordEnd, int end) = parts[i];
            if (Refused(connectionString.Substring(start, end - start)))
            {
                string keyword = connectionString.Substring(start, keywordEnd - start).Trim().Replace("==", "=", StringComparison.Ordinal);
                string number = (i + 1).ToString(CultureInfo.InvariantCulture);
                return new SqlConnectionStringBuilder().ContainsKey(keyword)
                    ? "part " + number + " of the connection string (parts are separated by ';') has a value its keyword does not take."
                    : "part " + number + " of the connection string (parts are separated by ';') does not start with a keyword SqlClient knows; "
                        + "a value that holds ';' must be quoted, as Password='a;b'.";
            }
        }

        return "each part of the connection string is valid alone, but SqlClient refuses some of them together "
            + "(such as Authentication with Password, or Min Pool Size above Max Pool Size).";
    }

    private static bool Refused(string part)
    {
        try
        {
            using var connection = new SqlConnection(part);
            return false;
        }
        catch (Exception refused) when (refused is ArgumentException || refused is FormatException || refused is OverflowException || refused is InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>
    /// Where each part starts, where its keyword ends (at its first '=' that is not doubled: "==" in a keyword is an '=')
    /// and where it ends (at the ';' after its value, outside quotes, where a doubled quote stands for one): the syntax
    /// SqlClient reads, enough to cut the string into parts and ask SqlClient about each alone.
    /// </summary>
    private static List<(int Start, int KeywordEnd, int End)> Parts(string text)
    {
        var parts = new List<(int, int, int)>();
        int at = 0;
        while (true)
        {
            while (at < text.Length && (text[at] == ';' || char.IsWhiteSpace(text[at])))
            {
                at++;
            }

            if (at == text.Length)
            {
                return parts;
            }

            int start = at;
            int equals = Single(text, at, '=');
            at = Math.Min(equals + 1, text.Length);
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            if (at < text.Length && (text[at] == '"' || text[at] == '\''))
            {
                at = Math.Min(Single(text, at + 1, text[at]) + 1, text.Length);
            }

            while (at < text.Length && text[at] != ';')
            {
                at++;
            }

            parts.Add((start, equals, at));
        }
    }

    /// <summary>The first <paramref name="c"/> from <paramref name="at"/> that is not doubled, or the end of the text.</summary>
    private static int Single(string text, int at, char c)
    {
        while (at < text.Length && !(text[at] == c && (at + 1 == text.Length || text[at + 1] != c)))
        {
            at += text[at] == c ? 2 : 1;
        }

        return at;
    }
}
