namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>Which replica of the two-replica availability group a step runs on.</summary>
public enum ReplicaSide
{
    Primary,
    Secondary,
}

/// <summary>Which replica's name sorts first: the undocumented tie-break between equal priorities may
/// depend on it (docs/rules.md F7), so the test chooses the host names that become the replica names.</summary>
public enum ReplicaNameOrder
{
    PrimarySortsFirst,
    SecondarySortsFirst,
}
