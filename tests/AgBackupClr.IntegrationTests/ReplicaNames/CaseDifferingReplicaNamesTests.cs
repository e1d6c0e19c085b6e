using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;
using Testcontainers.MsSql;

namespace AgBackupClr.IntegrationTests.ReplicaNames;

/// <summary>docs/rules.md F7's tie-break by lowest name cannot decide between names that differ only in case, but such names cannot
/// meet in one group: a replica is named by its server, whose name ignores case
/// (docs/t-sql/statements/create-availability-group-transact-sql.md, server_instance: the system's NetBIOS name; the
/// instance name is case insensitive). This pins that CREATE AVAILABILITY GROUP refuses them, and that the same statement
/// with names that differ in more than case creates the group. One instance: CREATE AVAILABILITY GROUP does not reach
/// the secondary replicas it names.</summary>
[TestFixture]
public sealed class CaseDifferingReplicaNamesTests : OwnInstanceFixture
{
    private const string OtherReplicaName = "agb-other";

    [Test]
    public async Task CreateAvailabilityGroupRefusesAReplicaNamedLikeThisOneInTheOtherCase()
    {
        // Given this instance's endpoint and a database ready to join a group
        string here = (await Server.ReadServerFactsAsync()).ServerName;
        string twin = ReplicaName.InTheOtherCase(here);
        await Server.ExecuteFileAsync(
            "master", "AvailabilityGroup/01-CreateEndpoint.sql", new Dictionary<string, object?> { ["@MasterKeyPassword"] = SqlLogin.NewPassword() });
        await Server.ExecuteFileAsync("master", "AvailabilityGroup/03-CreateAvailabilityDatabase.sql");

        // When a group is created with this replica and a secondary named like it in the other case
        SqlException? refused = Assert.ThrowsAsync<SqlException>(() => CreateGroupAsync(here, twin), $"replicas '{here}' and '{twin}' in one group");
        await TestContext.Out.WriteLineAsync($"CREATE AVAILABILITY GROUP with replicas '{here}' and '{twin}': {Describe(refused)}");

        // Then SQL Server refused it, and the same statement with a secondary named otherwise creates the group
        await CreateGroupAsync(here, OtherReplicaName);
        IReadOnlyList<SqlRow> replicas = await Server.QueryFileAsync("master", "AvailabilityGroup/BackupSettings.sql");
        string[] names = replicas.Select(row => row.Text("replica_server_name") ?? string.Empty).ToArray();
        await TestContext.Out.WriteLineAsync($"sys.availability_replicas.replica_server_name: {string.Join(", ", names)}");
        Assert.That(names, Is.EquivalentTo(new[] { here, OtherReplicaName }).IgnoreCase, "the replicas of the group created with distinct names");
    }

    private protected override MsSqlBuilder CreateBuilder()
    {
        // The host name becomes @@SERVERNAME, the replica name; letters in both cases make its twin plainly different.
        return SqlServerContainers.CreateBuilder().WithHostname("agb-Case");
    }

    private Task CreateGroupAsync(string primaryName, string secondaryName)
    {
        return Server.ExecuteFileAsync(
            "master",
            "AvailabilityGroup/04-CreateAvailabilityGroup.sql",
            new Dictionary<string, object?>
            {
                ["@PrimaryReplicaName"] = primaryName,
                ["@PrimaryEndpointUrl"] = EndpointUrl(primaryName),
                ["@SecondaryReplicaName"] = secondaryName,
                ["@SecondaryEndpointUrl"] = EndpointUrl(secondaryName),
            });
    }

    private static string EndpointUrl(string host) => string.Create(CultureInfo.InvariantCulture, $"TCP://{host}:{SqlServerContainers.EndpointPort}");

    private static string Describe(SqlException? error) =>
        error is null ? "no error" : string.Create(CultureInfo.InvariantCulture, $"Msg {error.Number}, level {error.Class}: {error.Message}");
}
