using System;

namespace AgBackupClr.IntegrationTests;

/// <summary>The one place that says which SQL Server image, and which edition of it, every container of these tests runs.</summary>
/// <param name="Name">The image reference.</param>
/// <param name="ProductId">MSSQL_PID: an edition with EngineEdition 3, the only one that allows backups on secondary replicas.</param>
internal sealed record SqlServerImage(string Name, string ProductId)
{
    /// <summary>Lets a run target 2019, 2022 or 2025 without editing code, for example
    /// <c>mcr.microsoft.com/mssql/server:2025-latest</c>.</summary>
    public const string EnvironmentVariable = "AGBACKUPCLR_MSSQL_IMAGE";

    /// <summary>Lets a run choose the build of the SQL Server 2025 fixtures, for example the build an issue was reported on.</summary>
    public const string Sql2025EnvironmentVariable = "AGBACKUPCLR_MSSQL2025_IMAGE";

    // SQL Server 2022 on Ubuntu, a fixed cumulative update: a run next month tests the same engine build.
    private const string Pinned = "mcr.microsoft.com/mssql/server:2022-CU27-ubuntu-22.04";

    // SQL Server 2025 (17.x), a fixed cumulative update, later than 17.0.4085.5, the build
    // olahallengren/sql-server-maintenance-solution#1173 reports sys.fn_hadr_backup_is_preferred_replica wrong on.
    private const string Pinned2025 = "mcr.microsoft.com/mssql/server:2025-CU9-ubuntu-24.04";

    /// <summary>Every fixture's image unless it needs a particular version.</summary>
    public static SqlServerImage Default => new(Chosen(EnvironmentVariable, Pinned), "Developer");

    /// <summary>SQL Server 2025, whose Developer edition is split in two: EnterpriseDeveloper is the one with EngineEdition 3
    /// (docs/linux/sql-server-linux-editions-and-components-2025.md).</summary>
    public static SqlServerImage Sql2025 => new(Chosen(Sql2025EnvironmentVariable, Pinned2025), "EnterpriseDeveloper");

    private static string Chosen(string environmentVariable, string pinned)
    {
        string? requested = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(requested) ? pinned : requested.Trim();
    }
}
