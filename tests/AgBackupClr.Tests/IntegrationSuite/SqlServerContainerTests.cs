using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AgBackupClr.IntegrationTests;
using DotNet.Testcontainers.Configurations;
using NUnit.Framework;
using Testcontainers.MsSql;

namespace AgBackupClr.Tests.IntegrationSuite
{
    /// <summary>
    /// How the integration tests start SQL Server, read from the container builder without starting anything: the edition
    /// each image needs, a memory cap on every instance, and a readiness wait of minutes, not Testcontainers' hour.
    /// </summary>
    public class SqlServerContainerTests
    {
        [TestCase("mcr.microsoft.com/mssql/server:2022-CU27-ubuntu-22.04", "Developer")]
        [TestCase("mcr.microsoft.com/mssql/server:2019-latest", "Developer")]
        [TestCase("mcr.microsoft.com/mssql/server:2025-latest", "EnterpriseDeveloper")]
        [TestCase("mcr.microsoft.com/mssql/server:2025-CU9-ubuntu-24.04", "EnterpriseDeveloper")]
        [TestCase("localhost:5000/mssql/server:2025-latest", "EnterpriseDeveloper")]
        [TestCase("localhost:5000/mssql/server", "Developer")]
        [TestCase("mcr.microsoft.com/mssql/server:latest", "Developer")]
        [TestCase("mcr.microsoft.com/mssql/server@sha256:2031aa0b", "Developer")]
        public void An_image_runs_the_developer_edition_with_engine_edition_3_of_its_version(string image, string productId)
        {
            Assert.That(SqlServerImage.Named(image).ProductId, Is.EqualTo(productId));
        }

        [Test]
        public void The_sql_server_2025_fixtures_run_enterprise_developer_whatever_the_tag()
        {
            Assert.That(SqlServerImage.Sql2025.ProductId, Is.EqualTo("EnterpriseDeveloper"));
        }

        [Test]
        public void Every_instance_starts_with_hadr_its_images_edition_and_a_memory_cap()
        {
            IReadOnlyDictionary<string, string> environment = SqlServerContainers.EnvironmentFor(SqlServerImage.Named("mcr.microsoft.com/mssql/server:2025-latest"), null);

            Assert.That(environment, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["MSSQL_ENABLE_HADR"] = "1",
                ["MSSQL_PID"] = "EnterpriseDeveloper",
                ["MSSQL_MEMORY_LIMIT_MB"] = "2048",
            }));
        }

        [Test]
        public void A_time_zone_reaches_the_instance_as_TZ()
        {
            IReadOnlyDictionary<string, string> environment = SqlServerContainers.EnvironmentFor(SqlServerImage.Default, "America/New_York");

            Assert.That(environment["TZ"], Is.EqualTo("America/New_York"));
        }

        [Test]
        public void The_built_container_has_that_environment()
        {
            IContainerConfiguration configuration = ConfigurationOf(SqlServerContainers.CreateBuilder(SqlServerImage.Sql2025, "Pacific/Pago_Pago"));

            Assert.That(
                configuration.Environments,
                Is.SupersetOf(SqlServerContainers.EnvironmentFor(SqlServerImage.Sql2025, "Pacific/Pago_Pago")));
        }

        [Test]
        public void A_container_that_never_accepts_the_login_fails_within_minutes()
        {
            WaitStrategy[] waits = ConfigurationOf(SqlServerContainers.CreateBuilderWithAgent()).WaitStrategies.ToArray();

            Assert.Multiple(() =>
            {
                Assert.That(waits, Is.Not.Empty, "a container is used only once it accepts the login");
                Assert.That(waits.Select(wait => wait.Timeout), Is.All.LessThanOrEqualTo(SqlServerContainers.ReadinessTimeout), "every readiness wait, the module's own included");
                Assert.That(SqlServerContainers.ReadinessTimeout, Is.InRange(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)), "long enough for a slow machine, short enough to report the log soon");
            });
        }

        /// <summary>What the builder would create. Testcontainers keeps it in a protected property: no public way reads it back
        /// before a Docker engine creates the container.</summary>
        private static IContainerConfiguration ConfigurationOf(MsSqlBuilder builder)
        {
            PropertyInfo property = typeof(MsSqlBuilder).GetProperty("DockerResourceConfiguration", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                ?? throw new InvalidOperationException("MsSqlBuilder no longer has DockerResourceConfiguration: Testcontainers changed.");
            return (IContainerConfiguration)property.GetValue(builder)!;
        }
    }
}
