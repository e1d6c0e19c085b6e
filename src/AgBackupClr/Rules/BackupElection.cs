using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>The engine's own answer to "which replica should take backups" and, when none, why.</summary>
    public readonly struct ElectionResult
    {
        private readonly AvailabilityGroupFacts? group;
        private readonly bool secondariesOnly;

        public ElectionResult(ReplicaFacts? winner, string? whyNone)
        {
            Winner = winner;
            WhyNone = whyNone;
            group = null;
            secondariesOnly = false;
        }

        /// <param name="group">Where the winner was chosen by BACKUP_PRIORITY, so that Tied can find the others with its priority.</param>
        /// <param name="secondariesOnly">Whether the winner was chosen among the secondaries only.</param>
        public ElectionResult(ReplicaFacts winner, AvailabilityGroupFacts group, bool secondariesOnly)
        {
            Winner = winner;
            WhyNone = null;
            this.group = group;
            this.secondariesOnly = secondariesOnly;
        }

        /// <summary>The winner by the engine's tie-break (the lowest name), which SQL Server does not document.</summary>
        public ReplicaFacts? Winner { get; }

        public string? WhyNone { get; }

        /// <summary>
        /// Every candidate the preference chose among that has the winner's BACKUP_PRIORITY, the winner included: any of them
        /// can be the replica sys.fn_hadr_backup_is_preferred_replica names, since SQL Server does not document how it breaks
        /// a tie. Empty when nobody wins. Read from the group at each call: only a primary that is not preferred asks.
        /// </summary>
        public IReadOnlyList<ReplicaFacts> Tied()
        {
            if (Winner == null)
            {
                return Array.Empty<ReplicaFacts>();
            }

            if (group == null)
            {
                return new[] { Winner };
            }

            var tied = new List<ReplicaFacts>(group.Replicas.Count);
            for (int i = 0; i < group.Replicas.Count; i++)
            {
                ReplicaFacts replica = group.Replicas[i];
                if (BackupElection.IsCandidate(replica) && replica.BackupPriority == Winner.BackupPriority
                    && (!secondariesOnly || replica.Role == ReplicaRole.Secondary))
                {
                    tied.Add(replica);
                }
            }

            return tied;
        }
    }

    /// <summary>
    /// AUTOMATED_BACKUP_PREFERENCE and BACKUP_PRIORITY applied to the replicas this instance can see
    /// (docs/t-sql/statements/create-availability-group-transact-sql.md). Used to explain decisions and to
    /// detect REFUSE_NO_ELIGIBLE_REPLICA; the authority for "is this replica preferred" stays
    /// sys.fn_hadr_backup_is_preferred_replica. Only the primary sees every replica's state (docs/rules.md F8).
    /// </summary>
    public static class BackupElection
    {
        public static ElectionResult Elect(AvailabilityGroupFacts group)
        {
            ReplicaFacts? primary = null;
            ReplicaFacts? bestSecondary = null;
            ReplicaFacts? best = null;

            // Indexed, not foreach: an IReadOnlyList's enumerator is boxed, and a plan elects for thousands of decisions.
            for (int i = 0; i < group.Replicas.Count; i++)
            {
                ReplicaFacts replica = group.Replicas[i];
                if (replica.Role == ReplicaRole.Primary)
                {
                    primary = replica;
                }

                if (!IsCandidate(replica))
                {
                    continue;
                }

                best = Better(best, replica);
                if (replica.Role == ReplicaRole.Secondary)
                {
                    bestSecondary = Better(bestSecondary, replica);
                }
            }

            // In a distributed availability group's secondary group only the forwarder (its primary) takes backups
            // (docs/database-engine/availability-groups/windows/distributed-availability-groups.md): a secondary there
            // would skip what it won, and nobody would take it.
            if (group.DistributedRole == DistributedRole.Secondary)
            {
                return primary != null && IsCandidate(primary)
                    ? new ElectionResult(primary, null)
                    : new ElectionResult(null, "in the secondary availability group of a distributed availability group only the forwarder takes backups, and it is not connected and online with BACKUP_PRIORITY above 0");
            }

            switch (group.AutomatedBackupPreference)
            {
                case AutomatedBackupPreference.Primary:
                    // BACKUP_PRIORITY 0 means "not for performing backups" whatever the preference.
                    if (primary == null || primary.IsOnline == false)
                    {
                        return new ElectionResult(null, "the preference is PRIMARY and no primary replica is online");
                    }

                    return IsCandidate(primary)
                        ? new ElectionResult(primary, null)
                        : new ElectionResult(null, "the preference is PRIMARY and the primary replica's BACKUP_PRIORITY is 0");
                case AutomatedBackupPreference.SecondaryOnly:
                    return bestSecondary != null
                        ? new ElectionResult(bestSecondary, group, secondariesOnly: true)
                        : new ElectionResult(null, "the preference is SECONDARY_ONLY and no secondary replica is connected and online with BACKUP_PRIORITY above 0");
                case AutomatedBackupPreference.Secondary:
                    if (bestSecondary != null)
                    {
                        return new ElectionResult(bestSecondary, group, secondariesOnly: true);
                    }

                    if (primary != null && IsCandidate(primary))
                    {
                        return new ElectionResult(primary, null);
                    }

                    return new ElectionResult(null, primary == null || primary.IsOnline == false
                        ? "no secondary replica is connected and online with BACKUP_PRIORITY above 0, and no primary replica is online"
                        : "no secondary replica is connected and online with BACKUP_PRIORITY above 0, and the primary's BACKUP_PRIORITY is 0");
                default:
                    return best != null
                        ? new ElectionResult(best, group, secondariesOnly: false)
                        : new ElectionResult(null, "no replica is connected and online with BACKUP_PRIORITY above 0");
            }
        }

        /// <summary>
        /// BACKUP_PRIORITY 0 means never; a configuration-only replica holds no databases; a replica that is
        /// RESOLVING, or whose role is not visible, can take no backup, so it must never win and leave the others
        /// skipping; a replica that is disconnected or not online cannot back up. Unknown connection or operational
        /// state (null) does not exclude a replica.
        /// </summary>
        public static bool IsCandidate(ReplicaFacts replica) =>
            replica.BackupPriority > 0
            && replica.AvailabilityMode != AvailabilityMode.ConfigurationOnly
            && (replica.Role == ReplicaRole.Primary || replica.Role == ReplicaRole.Secondary)
            && replica.IsConnected != false
            && replica.IsOnline != false;

        /// <summary>
        /// Highest BACKUP_PRIORITY wins; SQL Server does not document how it breaks ties, so the lowest replica
        /// name wins (case-insensitive), as community scripts assume, until an integration test pins it. Nothing that
        /// refuses a backup hangs on this guess: Placement reads every tied replica (ElectionResult.Tied()).
        /// </summary>
        private static ReplicaFacts Better(ReplicaFacts? current, ReplicaFacts challenger)
        {
            if (current == null || challenger.BackupPriority > current.BackupPriority)
            {
                return challenger;
            }

            if (challenger.BackupPriority == current.BackupPriority
                && StringComparer.OrdinalIgnoreCase.Compare(challenger.ReplicaServerName, current.ReplicaServerName) < 0)
            {
                return challenger;
            }

            return current;
        }
    }
}
