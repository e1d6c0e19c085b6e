using System.Text.RegularExpressions;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// What ScriptDom cannot read in a sqlcmd script: command lines (:setvar, :on error exit, :r) and $(variable)
    /// references. Commands become comments and each variable its name, so the T-SQL around them still parses.
    /// </summary>
    public static class SqlCmdScript
    {
        public static string ToTSql(string script)
        {
            string withoutCommands = Regex.Replace(script, @"^[ \t]*:[A-Za-z].*$", match => "-- sqlcmd: " + match.Value.Trim(), RegexOptions.Multiline);
            return Regex.Replace(withoutCommands, @"\$\((\w+)\)", match => match.Groups[1].Value);
        }
    }
}
