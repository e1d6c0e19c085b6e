using System;
using System.IO;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The T-SQL these tests run, kept in Sql/ as plain .sql files so the unit tests can parse them.</summary>
internal static class TestSql
{
    public static string Load(string relativePath)
    {
        return File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sql", relativePath));
    }
}
