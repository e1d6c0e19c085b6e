using AgBackupClr.IntegrationTests.Infrastructure;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>One replica: its container and what it says about itself.</summary>
internal sealed record Replica(ReplicaSide Side, SqlServerInstance Server, ServerFacts Facts)
{
    /// <summary>The replica name in the availability group: the instance's @@SERVERNAME.</summary>
    public string Name => Facts.ServerName;

    public bool IsPrimary => Side == ReplicaSide.Primary;
}
