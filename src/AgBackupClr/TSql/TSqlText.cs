namespace AgBackupClr.TSql
{
    /// <summary>Quoting exactly as SQL Server does, so no input can leave the identifier or literal it belongs to.</summary>
    public static class TSqlText
    {
        /// <summary>QUOTENAME(name, '['): brackets around, every ] doubled.</summary>
        public static string QuoteName(string identifier) => "[" + InsideBrackets(identifier) + "]";

        /// <summary>A Unicode string literal: N'...' with every ' doubled.</summary>
        public static string Literal(string value) => "N'" + InsideQuotes(value) + "'";

        /// <summary>What goes between [ and ]: every ] doubled.</summary>
        public static string InsideBrackets(string identifier) => identifier.Replace("]", "]]");

        /// <summary>What goes between N' and ': every ' doubled.</summary>
        public static string InsideQuotes(string value) => value.Replace("'", "''");
    }
}
