using System.Collections.Generic;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>Each AUTOMATED_BACKUP_PREFERENCE with different and equal priorities: the engine elects the
/// replica docs/rules.md F6 names, and the procedure follows the engine on both replicas, dry and real.
/// NONE with equal priorities is the tie-break, pinned in <see cref="EqualPriorityTieBreakingTests"/>.</summary>
[TestFixture]
public sealed class BackupPreferenceTests : AvailabilityGroupTestBase
{
    /// <summary>The backups a secondary may take on every supported version, so the preference applies.</summary>
    private static readonly BackupKind[] PreferenceKinds = [BackupKind.CopyOnlyFull, BackupKind.Log];

    public static IEnumerable<PreferenceCase> Cases()
    {
        yield return new PreferenceCase("PRIMARY", 50, 50, ReplicaSide.Primary);
        yield return new PreferenceCase("PRIMARY", 90, 10, ReplicaSide.Primary);
        yield return new PreferenceCase("PRIMARY", 10, 90, ReplicaSide.Primary);
        yield return new PreferenceCase("SECONDARY_ONLY", 50, 50, ReplicaSide.Secondary);
        yield return new PreferenceCase("SECONDARY_ONLY", 90, 10, ReplicaSide.Secondary);
        yield return new PreferenceCase("SECONDARY_ONLY", 10, 90, ReplicaSide.Secondary);
        yield return new PreferenceCase("SECONDARY", 50, 50, ReplicaSide.Secondary);
        yield return new PreferenceCase("SECONDARY", 90, 10, ReplicaSide.Secondary);
        yield return new PreferenceCase("SECONDARY", 10, 90, ReplicaSide.Secondary);
        yield return new PreferenceCase("NONE", 90, 10, ReplicaSide.Primary);
        yield return new PreferenceCase("NONE", 10, 90, ReplicaSide.Secondary);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task TheEngineElectsTheReplicaTheSpecificationNames(PreferenceCase scenario)
    {
        // Given the preference and priorities
        await Cluster.ConfigureBackupAsync(scenario.Preference, scenario.PrimaryPriority, scenario.SecondaryPriority);

        // When each replica asks sys.fn_hadr_backup_is_preferred_replica
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);

        // Then exactly the named replica answers 1
        Assert.Multiple(() =>
        {
            Assert.That(primaryPreferred, Is.EqualTo(scenario.Preferred == ReplicaSide.Primary), "on the primary");
            Assert.That(secondaryPreferred, Is.EqualTo(scenario.Preferred == ReplicaSide.Secondary), "on the secondary");
        });
    }

    [TestCaseSource(nameof(Cases))]
    public async Task TheDryRunFollowsTheEngineOnBothReplicas(PreferenceCase scenario)
    {
        // Given the preference and priorities
        await Cluster.ConfigureBackupAsync(scenario.Preference, scenario.PrimaryPriority, scenario.SecondaryPriority);

        foreach (BackupKind kind in PreferenceKinds)
        {
            // When the procedure runs as a dry run on each replica
            BackupDecision onPrimary = await AssertDryRunFollowsTheEngineAsync(Cluster.Primary, kind);
            await AssertDryRunFollowsTheEngineAsync(Cluster.Secondary, kind);

            // Then, besides following the engine, the primary (which sees every replica) names the one that backs up
            if (scenario.Preferred == ReplicaSide.Secondary)
            {
                Assert.That(onPrimary.PreferredReplicaName, Is.EqualTo(Cluster.Secondary.Name).IgnoreCase, $"{kind} on the primary");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task TheRealRunBacksUpOnlyOnThePreferredReplica(PreferenceCase scenario)
    {
        // Given the preference and priorities
        await Cluster.ConfigureBackupAsync(scenario.Preference, scenario.PrimaryPriority, scenario.SecondaryPriority);

        foreach (BackupKind kind in PreferenceKinds)
        {
            // When the same job step runs on both replicas
            BackupDecision onPrimary = await AssertRealRunDoesWhatItSaysAsync(Cluster.Primary, kind);
            BackupDecision onSecondary = await AssertRealRunDoesWhatItSaysAsync(Cluster.Secondary, kind);

            // Then the backup is taken once, on the named replica
            Assert.Multiple(() =>
            {
                Assert.That(onPrimary.Action, Is.EqualTo(scenario.Preferred == ReplicaSide.Primary ? "BACKUP" : "SKIP"), $"{kind} on the primary");
                Assert.That(onSecondary.Action, Is.EqualTo(scenario.Preferred == ReplicaSide.Secondary ? "BACKUP" : "SKIP"), $"{kind} on the secondary");
            });
        }
    }
}
