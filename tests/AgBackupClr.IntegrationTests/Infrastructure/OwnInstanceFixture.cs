using System;
using System.Threading.Tasks;
using NUnit.Framework;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>A fixture with a SQL Server instance of its own, for scenarios that change what is instance-wide
/// (trusted assembly hashes, logins, Agent jobs) and so cannot share an instance with other fixtures.</summary>
[Category("Integration")]
public abstract class OwnInstanceFixture
{
    private SqlServerInstance? server;

    internal SqlServerInstance Server =>
        server ?? throw new InvalidOperationException("This fixture's SQL Server has not been started.");

    [OneTimeSetUp]
    public async Task StartOwnInstance()
    {
        server = await SqlServerInstance.StartAsync(CreateBuilder());
    }

    [OneTimeTearDown]
    public async Task StopOwnInstance()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private protected virtual MsSqlBuilder CreateBuilder() => SqlServerContainers.CreateBuilder();
}
