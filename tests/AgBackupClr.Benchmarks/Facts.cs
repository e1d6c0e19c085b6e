using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Benchmarks;

/// <summary>The state the benchmarks decide on: an Enterprise SQL Server 2022 availability group under SECONDARY.</summary>
internal static class Facts
{
    public static readonly InstanceFacts Instance = new InstanceFacts("SQL1", "SQL1", null, 16, InstanceFacts.EnterpriseEngineEdition, true, 0, true);

    /// <summary>SQL1 is the local primary; the others are connected secondaries with falling priorities.</summary>
    public static AvailabilityGroupFacts Group(int replicaCount)
    {
        var replicas = new List<ReplicaFacts>(replicaCount);
        for (int i = 1; i <= replicaCount; i++)
        {
            replicas.Add(new ReplicaFacts(
                "SQL" + i.ToString(CultureInfo.InvariantCulture),
                100 - i,
                AvailabilityMode.SynchronousCommit,
                i == 1 ? ReplicaRole.Primary : ReplicaRole.Secondary,
                true,
                true,
                i == 1));
        }

        return new AvailabilityGroupFacts("AgSales", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, false, "WSFC", replicas);
    }

    public static DatabaseFacts Database(bool isPreferred) =>
        new DatabaseFacts(
            "Sales",
            5,
            DatabaseState.Online,
            false,
            false,
            RecoveryModel.Full,
            true,
            true,
            false,
            "AgSales",
            new DatabaseReplicaFacts(SynchronizationState.Synchronized, false),
            isPreferred);
}
