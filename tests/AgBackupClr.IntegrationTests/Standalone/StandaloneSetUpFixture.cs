using System;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Containers;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>One SQL Server instance, no availability group, deploy.sql installed once, shared by the
/// small fixtures of this namespace.</summary>
[SetUpFixture]
public sealed class StandaloneSetUpFixture
{
    public const string FullRecoveryDatabase = "StandaloneFull";
    public const string SimpleRecoveryDatabase = "StandaloneSimple";
    public const string NoBaseBackupDatabase = "StandaloneNoBaseBackup";
    public const string StatusDatabase = "StandaloneStatus";

    /// <summary>A folder on the container's own disk, owned by the mssql user that runs SQL Server.</summary>
    public const string BackupDirectory = "/var/opt/mssql/backup";

    private static SqlServerInstance? server;

    internal static SqlServerInstance Server =>
        server ?? throw new InvalidOperationException("The standalone SQL Server has not been started.");

    [OneTimeSetUp]
    public async Task StartServerAndDeploy()
    {
        server = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder());
        await server.Container.ExecAsync(["mkdir", "-p", BackupDirectory]).ThrowOnFailure();
        await server.ExecuteFileAsync("master", "Standalone/CreateStandaloneDatabases.sql");
        await server.DeployAsync();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
