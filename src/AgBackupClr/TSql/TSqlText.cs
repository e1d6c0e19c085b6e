namespace AgBackupClr.TSql
{
    /// <summary>Quoting exactly as SQL Server does, so no input can leave the identifier or literal it belongs to.</summary>
    public static class TSqlText
    {
        /// <summary>QUOTENAME(name, '['): brackets around, every ] doubled.</summary>
        public static string QuoteName(string identifier) => "[" + identifier.Replace("]", "]]") + "]";

        /// <summary>A Unicode string literal: N'...' with every ' doubled.</summary>
        public static string Literal(string value) => "N'" + value.Replace("'", "''") + "'";
    }
}
