using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests;

/// <summary>Builds every SQL Server container the same way.</summary>
internal static class SqlServerContainers
{
    /// <summary>Port of the DATA_MIRRORING endpoint inside the container network; never published to the host.</summary>
    public const int EndpointPort = 5022;

    public static MsSqlBuilder CreateBuilder()
    {
        // HADR must be on at start-up (mssql-conf hadr.hadrenabled); Developer is EngineEdition 3,
        // the edition that allows backups on secondary replicas. Testcontainers publishes 1433 on a
        // random host port and names the container itself.
        return new MsSqlBuilder(SqlServerImage.Name)
            .WithEnvironment("MSSQL_ENABLE_HADR", "1")
            .WithEnvironment("MSSQL_PID", "Developer");
    }
}
