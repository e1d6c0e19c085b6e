using System;
using System.Collections.Generic;
using System.Globalization;
using DotNet.Testcontainers.Configurations;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests;

/// <summary>Builds every SQL Server container the same way: the one place for the environment an image runs with, the
/// memory each instance may take and how long it may take to accept the login.</summary>
internal static class SqlServerContainers
{
    /// <summary>Port of the DATA_MIRRORING endpoint inside the container network; never published to the host.</summary>
    public const int EndpointPort = 5022;

    /// <summary>SQL Server's memory limit in each container. Without one each instance takes 80% of the engine's memory
    /// (docs/linux/sql-server-linux-configure-environment-variables.md, MSSQL_MEMORY_LIMIT_MB) and up to four run at once,
    /// so a 4 GB Docker VM kills sqlservr mid-fixture. 2 GB is SQL Server on Linux's minimum memory
    /// (docs/linux/sql-server-linux-setup.md, System requirements), plenty for the tests' small databases.</summary>
    public const int MemoryLimitMegabytes = 2048;

    /// <summary>How long a container may take to accept the login. SQL Server starts in well under a minute; one that has
    /// not accepted the login after minutes never will, and Testcontainers' default wait is an hour.</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromMinutes(5);

    static SqlServerContainers()
    {
        // MsSqlBuilder brings its own readiness check (sqlcmd's SELECT 1 in the container) and no way to set its timeout, and
        // a wait strategy added to a builder runs after the module's instead of replacing it. Each wait strategy reads
        // Testcontainers' default when it is created, so the default is set here, before the first builder exists.
        TestcontainersSettings.WaitStrategyTimeout = ReadinessTimeout;
    }

    public static MsSqlBuilder CreateBuilder() => CreateBuilder(SqlServerImage.Default);

    /// <param name="timeZone">A TZ name such as America/New_York for an instance whose local clock is not UTC
    /// (docs/linux/sql-server-linux-docker-container-configure.md, Configure the time zone); null keeps the image's UTC.</param>
    public static MsSqlBuilder CreateBuilder(SqlServerImage image, string? timeZone = null)
    {
        // Testcontainers publishes 1433 on a random host port and names the container itself.
        return new MsSqlBuilder(image.Name).WithEnvironment(EnvironmentFor(image, timeZone));
    }

    /// <summary>With SQL Server Agent running (docs/linux/sql-server-linux-configure-environment-variables.md),
    /// for the scripts that create Agent jobs.</summary>
    public static MsSqlBuilder CreateBuilderWithAgent()
    {
        return CreateBuilder().WithEnvironment("MSSQL_AGENT_ENABLED", "true");
    }

    /// <summary>The environment SQL Server starts with, besides what Testcontainers sets (ACCEPT_EULA, the sa password).</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentFor(SqlServerImage image, string? timeZone)
    {
        // HADR must be on at start-up (mssql-conf hadr.hadrenabled); the edition must be EngineEdition 3, the one that
        // allows backups on secondary replicas.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MSSQL_ENABLE_HADR"] = "1",
            ["MSSQL_PID"] = image.ProductId,
            ["MSSQL_MEMORY_LIMIT_MB"] = MemoryLimitMegabytes.ToString(CultureInfo.InvariantCulture),
        };
        if (timeZone is not null)
        {
            environment["TZ"] = timeZone;
        }

        return environment;
    }
}
