using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// BACKUP syntax newer than the newest ScriptDom grammar (TSql170Parser of package 180.140.0), made parseable so the rest
    /// of the statement is still checked by SQL Server's parser. COMPRESSION (ALGORITHM = ..., LEVEL = ...) of SQL Server
    /// 2022 and 2025 (docs/t-sql/statements/backup-transact-sql.md) is taken out and returned whole (without spaces).
    /// CREDENTIAL = N'...' and BACKUP_OPTIONS / RESTORE_OPTIONS = N'...' (sql-server-backup-to-url-s3-compatible-object-storage.md)
    /// are renamed to options ScriptDom knows that take a string literal the same way (MEDIANAME, MEDIADESCRIPTION,
    /// MEDIAPASSWORD), so the literal is still parsed where it stands, and their names are returned. It works on SQL
    /// Server's own tokens, so text inside a string literal or a quoted identifier can never be taken for any of it.
    /// </summary>
    public static class NewerBackupSyntax
    {
        public static string Strip(string text, out List<string> clauses)
        {
            IList<TSqlParserToken> tokens = new TSql170Parser(initialQuotedIdentifiers: true).GetTokenStream(new StringReader(text), out IList<ParseError> errors);
            Assert.That(errors.Select(e => e.Message), Is.Empty, text);
            clauses = new List<string>();
            var kept = new StringBuilder(text.Length);
            for (int i = 0; i < tokens.Count; i++)
            {
                int open = NextSignificant(tokens, i + 1);
                if (IsWord(tokens[i], "COMPRESSION") && open < tokens.Count && tokens[open].TokenType == TSqlTokenType.LeftParenthesis)
                {
                    var clause = new StringBuilder("COMPRESSION(");
                    int close = open + 1;
                    while (close < tokens.Count && tokens[close].TokenType != TSqlTokenType.RightParenthesis)
                    {
                        TSqlTokenType type = tokens[close].TokenType;
                        Assert.That(
                            type is TSqlTokenType.Identifier or TSqlTokenType.EqualsSign or TSqlTokenType.Comma or TSqlTokenType.WhiteSpace,
                            Is.True,
                            "only keywords, = and , belong in COMPRESSION (...): " + text);
                        clause.Append(type == TSqlTokenType.WhiteSpace ? string.Empty : tokens[close].Text);
                        close++;
                    }

                    clauses.Add(clause.Append(')').ToString());
                    kept.Append("COMPRESSION");
                    i = close;
                    continue;
                }

                string? renamed = IsWord(tokens[i], "CREDENTIAL") ? "MEDIANAME"
                    : IsWord(tokens[i], "BACKUP_OPTIONS") ? "MEDIADESCRIPTION"
                    : IsWord(tokens[i], "RESTORE_OPTIONS") ? "MEDIAPASSWORD"
                    : null;
                if (renamed != null && open < tokens.Count && tokens[open].TokenType == TSqlTokenType.EqualsSign)
                {
                    clauses.Add(tokens[i].Text.ToUpperInvariant());
                    kept.Append(renamed);
                    continue;
                }

                kept.Append(tokens[i].Text);
            }

            return kept.ToString();
        }

        private static int NextSignificant(IList<TSqlParserToken> tokens, int from)
        {
            while (from < tokens.Count && tokens[from].TokenType == TSqlTokenType.WhiteSpace)
            {
                from++;
            }

            return from;
        }

        private static bool IsWord(TSqlParserToken token, string word) =>
            token.TokenType == TSqlTokenType.Identifier && string.Equals(token.Text, word, System.StringComparison.OrdinalIgnoreCase);
    }
}
