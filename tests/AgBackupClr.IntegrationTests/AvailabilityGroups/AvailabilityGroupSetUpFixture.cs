using System;
using System.Threading.Tasks;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>Forms the availability group once for every fixture of this namespace: forming it takes
/// minutes, and each scenario sets the backup preference and priorities it needs in its own Given.</summary>
[SetUpFixture]
public sealed class AvailabilityGroupSetUpFixture
{
    private static AvailabilityGroupCluster? cluster;

    internal static AvailabilityGroupCluster Cluster =>
        cluster ?? throw new InvalidOperationException("The availability group has not been formed.");

    [OneTimeSetUp]
    public async Task FormAvailabilityGroup()
    {
        cluster = await AvailabilityGroupCluster.StartAsync(ReplicaNameOrder.PrimarySortsFirst);
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
