using System;
using System.Globalization;

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

    /// <summary>Developer up to SQL Server 2022 (docs/linux/sql-server-linux-configure-environment-variables.md, MSSQL_PID).</summary>
    public const string Developer = "Developer";

    /// <summary>From SQL Server 2025 Developer is split in two, and Enterprise Developer is the half with EngineEdition 3; its
    /// MSSQL_PID is EnterpriseDeveloper (docs/linux/sql-server-linux-editions-and-components-2025.md, SQL Server editions).</summary>
    public const string EnterpriseDeveloper = "EnterpriseDeveloper";

    // SQL Server 2022 on Ubuntu, a fixed cumulative update: a run next month tests the same engine build.
    private const string Pinned = "mcr.microsoft.com/mssql/server:2022-CU27-ubuntu-22.04";

    // SQL Server 2025 (17.x), a fixed cumulative update, later than 17.0.4085.5, the build
    // olahallengren/sql-server-maintenance-solution#1173 reports sys.fn_hadr_backup_is_preferred_replica wrong on.
    private const string Pinned2025 = "mcr.microsoft.com/mssql/server:2025-CU9-ubuntu-24.04";

    /// <summary>Every fixture's image unless it needs a particular version, with the edition its tag's version calls for.</summary>
    public static SqlServerImage Default => Named(Chosen(EnvironmentVariable, Pinned));

    /// <summary>SQL Server 2025 whatever the image's tag says: the fixtures that use it are about 2025.</summary>
    public static SqlServerImage Sql2025 => new(Chosen(Sql2025EnvironmentVariable, Pinned2025), EnterpriseDeveloper);

    /// <summary>An image and the MSSQL_PID of its version: EnterpriseDeveloper when the tag starts with a year from 2025 on
    /// (mcr.microsoft.com/mssql/server:2025-latest), Developer for earlier years and for a reference without a tag.</summary>
    public static SqlServerImage Named(string name)
    {
        // The tag follows the last ':' after the last '/', before any '@sha256:' digest; a registry's port
        // (localhost:5000/mssql/server) is no tag.
        string reference = name.Split('@')[0];
        int colon = reference.LastIndexOf(':');
        string tag = colon > reference.LastIndexOf('/') ? reference[(colon + 1)..] : string.Empty;
        bool from2025 = tag.Length >= 4
            && int.TryParse(tag.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            && year >= 2025;
        return new SqlServerImage(name, from2025 ? EnterpriseDeveloper : Developer);
    }

    private static string Chosen(string environmentVariable, string pinned)
    {
        string? requested = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(requested) ? pinned : requested.Trim();
    }
}
