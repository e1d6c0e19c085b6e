using System;
using System.Threading.Tasks;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.ThreeReplicas;

/// <summary>Forms the three-replica availability group once for every fixture of this namespace. It is a namespace of its
/// own so that its three containers run after the two-replica groups' have stopped (docs/testing.md: up to four instances at once).</summary>
[SetUpFixture]
public sealed class ThreeReplicaSetUpFixture
{
    private static ThreeReplicaCluster? cluster;

    internal static ThreeReplicaCluster Cluster =>
        cluster ?? throw new InvalidOperationException("The three-replica availability group has not been formed.");

    [OneTimeSetUp]
    public async Task FormAvailabilityGroup()
    {
        cluster = await ThreeReplicaCluster.StartAsync();
    }

    [OneTimeTearDown]
    public async Task RemoveAvailabilityGroup()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
