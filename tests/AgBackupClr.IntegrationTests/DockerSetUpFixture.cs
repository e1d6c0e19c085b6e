using System;
using System.Threading.Tasks;
using DotNet.Testcontainers.Builders;
using NUnit.Framework;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests;

/// <summary>Runs before every fixture of the project: without a Docker engine nothing here can run,
/// so every test is reported as skipped with the reason instead of failing or passing vacuously.</summary>
[SetUpFixture]
public sealed class DockerSetUpFixture
{
    public const string DockerRequiredMessage =
        "Skipped: these integration tests start SQL Server in containers and need a running Docker engine " +
        "that Testcontainers can reach (the default socket or DOCKER_HOST).";

    /// <summary>Set to 1 where a Docker engine is promised (a CI lane with Docker): there a missing engine is a failure,
    /// so the lane cannot go green with every integration test skipped.</summary>
    private const string RequireDockerVariable = "AGBACKUPCLR_REQUIRE_DOCKER";

    private const string DockerMissingMessage =
        RequireDockerVariable + "=1 promises a Docker engine, but Testcontainers cannot reach one (the default socket or DOCKER_HOST): " +
        "start the engine, or unset " + RequireDockerVariable + " where there is none.";

    [OneTimeSetUp]
    public async Task RequireDockerEngine()
    {
        try
        {
            // Build() only creates the client-side container object, and throws when no engine answers.
            await using MsSqlContainer probe = SqlServerContainers.CreateBuilder().Build();
        }
        catch (DockerUnavailableException)
        {
            if (Environment.GetEnvironmentVariable(RequireDockerVariable) == "1")
            {
                Assert.Fail(DockerMissingMessage);
            }

            // Progress output reaches the console of `dotnet test` once, whatever the logger's verbosity.
            TestContext.Progress.WriteLine("AgBackupClr.IntegrationTests: " + DockerRequiredMessage);
            Assert.Ignore(DockerRequiredMessage);
        }
    }
}
