using System;
using System.Text.RegularExpressions;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Sets a variable that a shipped script declares at its top for the DBA to edit (for example
/// <c>DECLARE @Login sysname = N'&lt;login&gt;';</c>), the way the DBA would: by editing that one line.</summary>
/// <remarks>A typed parameter cannot stand in for it: the script declares the variable itself, and declaring a name
/// that is already a parameter of the batch fails (Msg 134). So the literal is written into the line, built safely:
/// an N'' string with every quote doubled, so no value can end the literal and add T-SQL.</remarks>
internal static class ScriptVariables
{
    public static string Set(string script, string variable, string value)
    {
        var declaration = new Regex(
            @"^(?<head>[ \t]*DECLARE[ \t]+@" + Regex.Escape(variable) + @"[ \t]+[^=\r\n]+=[ \t]*)N'(?:[^']|'')*'[ \t]*;[ \t]*$",
            RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        MatchCollection matches = declaration.Matches(script);
        if (matches.Count != 1)
        {
            throw new InvalidOperationException(
                $"Expected the script to declare @{variable} once as DECLARE @{variable} <type> = N'...'; on a line of its own, " +
                $"found {matches.Count}: the script changed, so update how the test sets @{variable}.");
        }

        string literal = "N'" + value.Replace("'", "''", StringComparison.Ordinal) + "';";
        return declaration.Replace(script, match => match.Groups["head"].Value + literal, 1);
    }
}
