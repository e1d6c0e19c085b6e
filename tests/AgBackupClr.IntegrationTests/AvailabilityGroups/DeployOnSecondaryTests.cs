using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>Issue 20: deploy.sql's last step drops the hashes earlier installs into this utility database trusted and no
/// assembly on the instance has, and drops none when some database cannot be read. On a secondary whose copy of the
/// availability database allows no connection, that copy is not readable here, but it holds no assembly of its own (it is
/// the primary's copy): it must not stop the clean-up on every such replica.</summary>
[TestFixture]
public sealed class DeployOnSecondaryTests : AvailabilityGroupTestBase
{
    [Test]
    public async Task DeployingOnANonReadableSecondaryDropsAHashNoAssemblyHas()
    {
        // Given the secondary, whose availability database allows no connection there, and a hash an earlier install into
        // its utility database trusted that no assembly has
        Replica secondary = Cluster.Secondary;
        SqlRow state = await Cluster.DatabaseStateAsync(secondary);
        Assert.That(state.Text("secondary_role_allow_connections_desc"), Is.EqualTo("NO"), "the test's secondary is not readable");
        await secondary.Server.ExecuteFileAsync(
            "master",
            "AvailabilityGroup/TrustUnusedHash.sql",
            new Dictionary<string, object?> { ["@Description"] = InstalledAssembly.TrustDescriptionFor("0.0.1", SqlServerInstance.UtilityDatabase) });

        // When deploy.sql runs again there, as sqlcmd would, keeping what it prints
        var messages = new List<string>();
        await using (SqlConnection connection = await secondary.Server.OpenAsync(SqlServerInstance.UtilityDatabase))
        {
            connection.InfoMessage += (_, e) => messages.Add(e.Message);
            await SqlRunner.ExecuteScriptAsync(connection, RepositoryFiles.ReadDeployScript());
        }

        // Then the unused hash is dropped, and no database is named as one that could not be read
        SqlRow trusted = await secondary.Server.QuerySingleFileAsync("master", "AvailabilityGroup/UnusedHashTrusted.sql");
        string printed = string.Join(" | ", messages);
        Assert.Multiple(() =>
        {
            Assert.That(trusted.Number("trusted"), Is.EqualTo(0), "the hash no assembly has is no longer trusted; deploy.sql printed: " + printed);
            Assert.That(messages, Has.None.Contains("could not be read"), printed);
            Assert.That(messages, Has.Some.Contains("removed the trust of the unused assembly hash"), printed);
        });
    }
}
