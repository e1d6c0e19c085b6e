using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests;

/// <summary>Builds every SQL Server container the same way.</summary>
internal static class SqlServerContainers
{
    /// <summary>Port of the DATA_MIRRORING endpoint inside the container network; never published to the host.</summary>
    public const int EndpointPort = 5022;

    public static MsSqlBuilder CreateBuilder() => CreateBuilder(SqlServerImage.Default);

    /// <param name="timeZone">A TZ name such as America/New_York for an instance whose local clock is not UTC
    /// (docs/linux/sql-server-linux-docker-container-configure.md, Configure the time zone); null keeps the image's UTC.</param>
    public static MsSqlBuilder CreateBuilder(SqlServerImage image, string? timeZone = null)
    {
        // HADR must be on at start-up (mssql-conf hadr.hadrenabled); the edition must be EngineEdition 3,
        // the one that allows backups on secondary replicas. Testcontainers publishes 1433 on a
        // random host port and names the container itself.
        MsSqlBuilder builder = new MsSqlBuilder(image.Name)
            .WithEnvironment("MSSQL_ENABLE_HADR", "1")
            .WithEnvironment("MSSQL_PID", image.ProductId);
        return timeZone is null ? builder : builder.WithEnvironment("TZ", timeZone);
    }

    /// <summary>With SQL Server Agent running (docs/linux/sql-server-linux-configure-environment-variables.md),
    /// for the scripts that create Agent jobs.</summary>
    public static MsSqlBuilder CreateBuilderWithAgent()
    {
        return CreateBuilder().WithEnvironment("MSSQL_AGENT_ENABLED", "true");
    }
}
