using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One started SQL Server container and the T-SQL the tests send to it.</summary>
internal sealed class SqlServerInstance : IAsyncDisposable
{
    /// <summary>The utility database deploy.sql installs into unless a test names another.</summary>
    public const string UtilityDatabase = "AgBackupUtility";

    private SqlServerInstance(MsSqlContainer container)
    {
        Container = container;
    }

    public MsSqlContainer Container { get; }

    public static async Task<SqlServerInstance> StartAsync(MsSqlBuilder builder)
    {
        MsSqlContainer container = builder.Build();
        try
        {
            await container.StartAsync();
        }
        catch (TimeoutException timeout)
        {
            // Testcontainers' TimeoutException says nothing; SQL Server's own log says why it never accepted the login.
            (string output, string errors) = await container.GetLogsAsync();
            await container.DisposeAsync();
            throw new TimeoutException(
                $"SQL Server in {container.Image.FullName} did not accept the login within {SqlServerContainers.ReadinessTimeout}. " +
                $"Its log ends:\n{LastLines(output + errors, 40)}",
                timeout);
        }

        return new SqlServerInstance(container);
    }

    /// <summary>A connection as sa, or as <paramref name="login"/> when given.</summary>
    public async Task<SqlConnection> OpenAsync(string database, SqlLogin? login = null)
    {
        var connection = new SqlConnection(ConnectionString(database, login));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>What OpenAsync connects with, for a tool run as its own process (agbackup).</summary>
    public string ConnectionString(string database, SqlLogin? login = null)
    {
        var connectionString = new SqlConnectionStringBuilder(Container.GetConnectionString())
        {
            InitialCatalog = database,
            // A fresh session per connection: no transaction or SET option leaks from one test into the next.
            Pooling = false,
        };
        if (login is not null)
        {
            connectionString.UserID = login.Name;
            connectionString.Password = login.Password;
        }

        return connectionString.ConnectionString;
    }

    public async Task ExecuteFileAsync(
        string database, string testSqlFile, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await ExecuteScriptAsync(database, TestSql.Load(testSqlFile), arguments);
    }

    /// <summary>Runs a script batch by batch, as sqlcmd -b does: the first error stops it.</summary>
    public async Task ExecuteScriptAsync(
        string database, string script, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await using SqlConnection connection = await OpenAsync(database);
        await SqlRunner.ExecuteScriptAsync(connection, script, arguments);
    }

    public async Task<IReadOnlyList<SqlRow>> QueryFileAsync(
        string database, string testSqlFile, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        await using SqlConnection connection = await OpenAsync(database);
        return await SqlRunner.QueryAsync(connection, TestSql.Load(testSqlFile), arguments);
    }

    public async Task<SqlRow> QuerySingleFileAsync(
        string database, string testSqlFile, IReadOnlyDictionary<string, object?>? arguments = null, SqlLogin? login = null)
    {
        await using SqlConnection connection = await OpenAsync(database, login);
        return await SqlRunner.QuerySingleAsync(connection, TestSql.Load(testSqlFile), arguments);
    }

    public Task CreateDatabaseAsync(string database)
    {
        return ExecuteFileAsync(
            "master", "Common/CreateUtilityDatabase.sql", new Dictionary<string, object?> { ["@DatabaseName"] = database });
    }

    /// <summary>Creates the utility database if needed and runs deploy.sql in it, as a DBA would with sqlcmd -d:
    /// the repository's deploy.sql, or <paramref name="deployScript"/> (an earlier release) when given.</summary>
    public async Task DeployAsync(string database = UtilityDatabase, string? deployScript = null)
    {
        await CreateDatabaseAsync(database);
        await ExecuteScriptAsync(database, deployScript ?? RepositoryFiles.ReadDeployScript());
    }

    public Task UninstallAsync(string database = UtilityDatabase)
    {
        return ExecuteScriptAsync(database, RepositoryFiles.ReadUninstallScript());
    }

    /// <summary>dbo.usp_BackupIfPreferred in the utility database, as sa or as <paramref name="login"/>.</summary>
    public async Task<ProcedureOutcome> BackUpAsync(BackupRequest request, SqlLogin? login = null, string database = UtilityDatabase)
    {
        await using SqlConnection connection = await OpenAsync(database, login);
        return await BackupProcedure.RunAsync(connection, request);
    }

    /// <summary>The procedure, and the backups of <paramref name="backedUpDatabase"/> msdb recorded while it ran.</summary>
    public async Task<RecordedRun> BackUpRecordedAsync(
        BackupRequest request, string backedUpDatabase, SqlLogin? login = null, string database = UtilityDatabase)
    {
        int mark = await MarkBackupHistoryAsync();
        ProcedureOutcome outcome = await BackUpAsync(request, login, database);
        return new RecordedRun(outcome, await BackupsTakenSinceAsync(backedUpDatabase, mark));
    }

    public async Task<ServerFacts> ReadServerFactsAsync()
    {
        SqlRow row = await QuerySingleFileAsync("master", "Common/ServerFacts.sql");
        return new ServerFacts(
            row.Text("server_name") ?? throw new InvalidOperationException("SERVERPROPERTY('ServerName') is NULL."),
            row.Number("product_major_version") ?? 0,
            row.Number("engine_edition") ?? 0,
            row.Text("product_version") ?? "?");
    }

    /// <summary>This instance's clock, in UTC.</summary>
    public async Task<DateTime> UtcNowAsync()
    {
        SqlRow row = await QuerySingleFileAsync("master", "Common/Clocks.sql");
        return row.Time("utc_now") ?? throw new InvalidOperationException("SYSUTCDATETIME() is NULL.");
    }

    /// <summary>How many backups of the database this instance's msdb has recorded.</summary>
    public async Task<int> CountBackupsAsync(string database)
    {
        SqlRow row = await QuerySingleFileAsync(
            "master", "Common/BackupCount.sql", new Dictionary<string, object?> { ["@DatabaseName"] = database });
        return row.Number("backup_count") ?? 0;
    }

    /// <summary>A mark in this instance's backup history; <see cref="BackupsTakenSinceAsync"/> lists what came after it.</summary>
    public async Task<int> MarkBackupHistoryAsync()
    {
        SqlRow row = await QuerySingleFileAsync("master", "Common/LastBackupSetId.sql");
        return row.Number("last_backup_set_id") ?? 0;
    }

    public async Task<IReadOnlyList<RecordedBackup>> BackupsTakenSinceAsync(string database, int mark)
    {
        IReadOnlyList<SqlRow> rows = await QueryFileAsync(
            "master",
            "Common/BackupsTaken.sql",
            new Dictionary<string, object?> { ["@DatabaseName"] = database, ["@AfterBackupSetId"] = mark });
        return rows.Select(RecordedBackup.From).ToArray();
    }

    public ValueTask DisposeAsync() => Container.DisposeAsync();

    private static string LastLines(string log, int count)
    {
        string[] lines = log.TrimEnd().Split('\n');
        return string.Join('\n', lines[Math.Max(0, lines.Length - count)..]);
    }
}
