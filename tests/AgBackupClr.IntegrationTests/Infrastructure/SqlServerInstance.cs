using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One started SQL Server container and the T-SQL the tests send to it.</summary>
internal sealed class SqlServerInstance : IAsyncDisposable
{
    /// <summary>The utility database deploy.sql installs into; the same name as in Sql/Common/CreateUtilityDatabase.sql.</summary>
    public const string UtilityDatabase = "AgBackupUtility";

    private SqlServerInstance(MsSqlContainer container)
    {
        Container = container;
    }

    public MsSqlContainer Container { get; }

    public static async Task<SqlServerInstance> StartAsync(MsSqlBuilder builder)
    {
        MsSqlContainer container = builder.Build();
        await container.StartAsync();
        return new SqlServerInstance(container);
    }

    public async Task<SqlConnection> OpenAsync(string database)
    {
        var connectionString = new SqlConnectionStringBuilder(Container.GetConnectionString())
        {
            InitialCatalog = database,
            // A fresh session per connection: no transaction or SET option leaks from one test into the next.
            Pooling = false,
        };
        var connection = new SqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteFileAsync(
        string database, string testSqlFile, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await using SqlConnection connection = await OpenAsync(database);
        await SqlRunner.ExecuteScriptAsync(connection, TestSql.Load(testSqlFile), arguments);
    }

    public async Task<IReadOnlyList<SqlRow>> QueryFileAsync(
        string database, string testSqlFile, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await using SqlConnection connection = await OpenAsync(database);
        return await SqlRunner.QueryAsync(connection, TestSql.Load(testSqlFile), arguments);
    }

    public async Task<SqlRow> QuerySingleFileAsync(
        string database, string testSqlFile, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await using SqlConnection connection = await OpenAsync(database);
        return await SqlRunner.QuerySingleAsync(connection, TestSql.Load(testSqlFile), arguments);
    }

    /// <summary>Creates the utility database if needed and runs deploy.sql in it, as a DBA would with sqlcmd -d.</summary>
    public async Task DeployAsync()
    {
        await ExecuteFileAsync("master", "Common/CreateUtilityDatabase.sql");
        await using SqlConnection connection = await OpenAsync(UtilityDatabase);
        await SqlRunner.ExecuteScriptAsync(connection, RepositoryFiles.ReadDeployScript());
    }

    public async Task UninstallAsync()
    {
        await using SqlConnection connection = await OpenAsync(UtilityDatabase);
        await SqlRunner.ExecuteScriptAsync(connection, RepositoryFiles.ReadUninstallScript());
    }

    public async Task<ServerFacts> ReadServerFactsAsync()
    {
        SqlRow row = await QuerySingleFileAsync("master", "Common/ServerFacts.sql");
        return new ServerFacts(
            row.Text("server_name") ?? throw new InvalidOperationException("SERVERPROPERTY('ServerName') is NULL."),
            row.Number("product_major_version") ?? 0,
            row.Number("engine_edition") ?? 0);
    }

    /// <summary>How many backups of the database this instance's msdb has recorded.</summary>
    public async Task<int> CountBackupsAsync(string database)
    {
        SqlRow row = await QuerySingleFileAsync(
            "master", "Common/BackupCount.sql", new Dictionary<string, object?> { ["@DatabaseName"] = database });
        return row.Number("backup_count") ?? 0;
    }

    public ValueTask DisposeAsync() => Container.DisposeAsync();
}
