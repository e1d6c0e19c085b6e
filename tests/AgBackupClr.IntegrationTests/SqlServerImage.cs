using System;

namespace AgBackupClr.IntegrationTests;

/// <summary>The one place that says which SQL Server image every container of these tests runs.</summary>
internal static class SqlServerImage
{
    /// <summary>Lets a run target 2019, 2022 or 2025 without editing code, for example
    /// <c>mcr.microsoft.com/mssql/server:2025-latest</c>.</summary>
    public const string EnvironmentVariable = "AGBACKUPCLR_MSSQL_IMAGE";

    // SQL Server 2022 on Ubuntu, a fixed cumulative update: a run next month tests the same engine build.
    private const string Pinned = "mcr.microsoft.com/mssql/server:2022-CU27-ubuntu-22.04";

    public static string Name
    {
        get
        {
            string? requested = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(requested) ? Pinned : requested.Trim();
        }
    }
}
