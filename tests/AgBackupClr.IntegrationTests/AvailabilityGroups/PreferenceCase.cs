using System.Globalization;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>One AUTOMATED_BACKUP_PREFERENCE with the two replicas' BACKUP_PRIORITY, and the replica
/// docs/rules.md F6 says must be preferred.</summary>
public sealed record PreferenceCase(string Preference, int PrimaryPriority, int SecondaryPriority, ReplicaSide Preferred)
{
    public override string ToString()
    {
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Preference} primary {PrimaryPriority} secondary {SecondaryPriority} -> {Preferred}");
    }
}
