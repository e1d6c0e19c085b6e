using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// Placement and health for an availability group database whose replica has a role. The backup preference
    /// applies only to backup types a secondary may take; a type no secondary may take runs on the primary
    /// whatever the preference, so it is never silently lost (SPEC section 3, placement principle).
    /// </summary>
    internal static class Placement
    {
        public static BackupDecision Decide(
            InstanceFacts instance,
            DatabaseFacts database,
            AvailabilityGroupFacts group,
            ReplicaRole role,
            BackupRequest request)
        {
            // The primary takes the types no secondary may take; a forwarder only when the caller allows it non-copy-only backups.
            bool isPrimary = role == ReplicaRole.Primary
                && (group.DistributedRole != DistributedRole.Secondary || request.AllowNonCopyOnlyBackupsOnForwarder);
            bool? answer = database.IsPreferredBackupReplica;
            string localName = PlacementExplanation.LocalName(instance, group);

            Support here = ReplicaBackupRules.OnThisReplica(instance, group, role, request);

            // A secondary backs up only while it communicates with the primary (F1). One that does not cannot know whether
            // any replica takes this backup (the primary may be lost: CLUSTER_TYPE NONE or EXTERNAL keeps the SECONDARY
            // role), so it fails loudly instead of skipping with the others.
            if (role == ReplicaRole.Secondary && group.LocalReplica?.IsConnected != true)
            {
                var why = new PlacementExplanation(ReasonCodes.RefusePrimaryNotReachable, instance, database, group, request, here);
                return new BackupDecision(DecisionAction.Refuse, ReasonCodes.RefusePrimaryNotReachable, why, false, answer, null, NoWarnings);
            }

            if (!here.IsAllowed)
            {
                // The forwarder's COPY_ONLY-only rule is a policy: SQL Server would accept the statement there.
                bool acceptedHere = here.Limit == SupportLimit.ForwarderTakesOnlyCopyOnlyFull;
                var why = new PlacementExplanation(ReasonCodes.SkipRunsOnPrimary, instance, database, group, request, here);
                return new BackupDecision(DecisionAction.Skip, ReasonCodes.SkipRunsOnPrimary, why, acceptedHere, answer, null, NoWarnings);
            }

            Support secondaries = ReplicaBackupRules.OnSecondary(instance, group, request.BackupType, request.CopyOnly);
            if (isPrimary && !secondaries.IsAllowed && group.LocalReplica?.IsOnline == false)
            {
                // A replica whose operational_state is not ONLINE serves no requests
                // (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md),
                // and no secondary may take this type: nobody backs it up, so the job fails.
                var offline = new ElectionResult(null, "its primary replica (" + localName + ") is not ONLINE, so it serves no requests, and no secondary replica may take it ("
                    + secondaries.WhyNot + ")");
                var why = new PlacementExplanation(ReasonCodes.RefuseNoEligibleReplica, instance, database, group, request, secondaries, offline);
                return new BackupDecision(DecisionAction.Refuse, ReasonCodes.RefuseNoEligibleReplica, why, false, answer, null, NoWarnings);
            }

            if (isPrimary && !secondaries.IsAllowed)
            {
                string taken = WaitsForSeeding(database, request) ? ReasonCodes.SkipSeeding : ReasonCodes.OkPrimaryOnlyType;
                var why = new PlacementExplanation(taken, instance, database, group, request, secondaries);
                return new BackupDecision(
                    taken == ReasonCodes.SkipSeeding ? DecisionAction.Skip : DecisionAction.Backup, taken, why, true, answer, localName, NoWarnings);
            }

            // sys.fn_hadr_backup_is_preferred_replica is the authority (F7); a secondary cannot elect (F8), so without its
            // answer it cannot know whether it should take the backup: it fails rather than skip with every other replica.
            if (role == ReplicaRole.Secondary && answer == null && !request.OverrideBackupPreference)
            {
                var why = new PlacementExplanation(ReasonCodes.RefusePreferenceUnknown, instance, database, group, request, here);
                return new BackupDecision(DecisionAction.Refuse, ReasonCodes.RefusePreferenceUnknown, why, Health(database) == SecondaryHealth.Healthy, null, null, NoWarnings);
            }

            // Only the primary sees every replica's state (F8), so only it can run the election; a forwarder is the primary
            // of its own group and runs it too, so a COPY_ONLY FULL no replica of that group would take is refused there.
            ElectionResult? election = role == ReplicaRole.Primary ? BackupElection.Elect(group) : null;
            ReplicaFacts? winner = election?.Winner;
            bool isPreferred = answer ?? (winner != null && winner.IsLocal);
            string? preferredName = isPreferred ? localName : winner != null && !winner.IsLocal ? winner.ReplicaServerName : null;
            SecondaryHealth health = role == ReplicaRole.Secondary ? Health(database) : SecondaryHealth.Healthy;
            IReadOnlyList<DecisionWarning> warnings = Disagreement(election, answer);

            DecisionAction action;
            string code;
            bool isSupportedHere = health == SecondaryHealth.Healthy;
            if (!isPreferred && !request.OverrideBackupPreference)
            {
                bool nobody = election != null && winner == null;
                bool preferredCannot = PreferredSecondaryHealth(database, winner) != SecondaryHealth.Healthy;
                action = nobody || preferredCannot ? DecisionAction.Refuse : DecisionAction.Skip;
                code = nobody ? ReasonCodes.RefuseNoEligibleReplica
                    : preferredCannot ? ReasonCodes.RefusePreferredReplicaNotSynchronizing
                    : ReasonCodes.SkipNotPreferred;
            }
            else
            {
                action = isSupportedHere ? DecisionAction.Backup : DecisionAction.Refuse;
                code = isSupportedHere ? ReasonCodes.OkPreferredReplica : ReasonCodes.RefuseSecondaryUnhealthy;
            }

            // Opt-in (@ExcludeSeedingFromLogBackup = 'Y', as in Ola Hallengren's DatabaseBackup), and only on the replica
            // that would take the LOG and is the seeding source: log backups stay possible during seeding.
            if (action == DecisionAction.Backup && WaitsForSeeding(database, request))
            {
                action = DecisionAction.Skip;
                code = ReasonCodes.SkipSeeding;
            }

            var explanation = new PlacementExplanation(code, instance, database, group, request, here, election, isPreferred, health);
            return new BackupDecision(action, code, explanation, isSupportedHere, isPreferred, preferredName, warnings);
        }

        private static readonly IReadOnlyList<DecisionWarning> NoWarnings = Array.Empty<DecisionWarning>();

        private static bool WaitsForSeeding(DatabaseFacts database, BackupRequest request) =>
            request.BackupType == BackupType.Log && request.ExcludeSeedingFromLogBackup && database.IsSeeding;

        /// <summary>
        /// On the primary, the health of the secondary the election names as preferred when sys.fn_hadr_backup_is_preferred_replica
        /// said this replica is not: a preferred secondary whose copy cannot be backed up takes nothing, even when its own job
        /// skips (a secondary on an older version during a rolling upgrade leaves a FULL or DIFF to the primary). Healthy where
        /// the winner or its state is not known: never refuse on a guess.
        /// </summary>
        private static SecondaryHealth PreferredSecondaryHealth(DatabaseFacts database, ReplicaFacts? winner)
        {
            if (winner == null || winner.IsLocal || winner.Role != ReplicaRole.Secondary)
            {
                return SecondaryHealth.Healthy;
            }

            DatabaseReplicaFacts? state = database.StateOn(winner.ReplicaServerName);
            return state == null ? SecondaryHealth.Healthy : Health(state);
        }

        private static SecondaryHealth Health(DatabaseFacts database) =>
            database.LocalReplica == null ? SecondaryHealth.StateNotVisible : Health(database.LocalReplica);

        /// <summary>
        /// SQL Server backs up a connected secondary only when its database is SYNCHRONIZED or SYNCHRONIZING and data movement
        /// is not suspended (Msg 3062 otherwise; docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md);
        /// a secondary that is not connected was refused before.
        /// </summary>
        private static SecondaryHealth Health(DatabaseReplicaFacts state)
        {
            if (state.IsSuspended)
            {
                return SecondaryHealth.Suspended;
            }

            return state.IsSynchronizing ? SecondaryHealth.Healthy : SecondaryHealth.NotSynchronizing;
        }

        private static IReadOnlyList<DecisionWarning> Disagreement(ElectionResult? election, bool? answer)
        {
            if (election == null || answer == null || (election.Value.Winner != null && election.Value.Winner.IsLocal) == answer.Value)
            {
                return NoWarnings;
            }

            string engine = election.Value.Winner == null
                ? "no replica (" + election.Value.WhyNone + ")"
                : Describe.Priority(election.Value.Winner);
            return new[]
            {
                new DecisionWarning(
                    ReasonCodes.WarnPreferenceDisagrees,
                    "sys.fn_hadr_backup_is_preferred_replica returned " + (answer.Value ? "1" : "0") + " on this primary replica, but the engine's election chose "
                    + engine + "; the decision follows SQL Server's answer."),
            };
        }
    }

    internal enum SecondaryHealth
    {
        Healthy,
        StateNotVisible,
        Suspended,
        NotSynchronizing,
    }

    /// <summary>
    /// The sentences of the placement and health reason codes, from the facts that decided them: enough to write the
    /// sentence when someone reads it, in one small object per decision.
    /// </summary>
    internal sealed class PlacementExplanation : Explanation
    {
        private readonly string code;
        private readonly InstanceFacts instance;
        private readonly DatabaseFacts database;
        private readonly AvailabilityGroupFacts group;
        private readonly BackupRequest request;
        private readonly Support support;
        private readonly ElectionResult? election;
        private readonly bool isPreferred;
        private readonly SecondaryHealth health;

        public PlacementExplanation(
            string code,
            InstanceFacts instance,
            DatabaseFacts database,
            AvailabilityGroupFacts group,
            BackupRequest request,
            Support support,
            ElectionResult? election = null,
            bool isPreferred = false,
            SecondaryHealth health = SecondaryHealth.Healthy)
        {
            this.code = code;
            this.instance = instance;
            this.database = database;
            this.group = group;
            this.request = request;
            this.support = support;
            this.election = election;
            this.isPreferred = isPreferred;
            this.health = health;
        }

        public static string LocalName(InstanceFacts instance, AvailabilityGroupFacts group) =>
            group.LocalReplica?.ReplicaServerName ?? instance.ServerName;

        public override string Text()
        {
            string backup = SqlNames.Describe(request.BackupType, request.CopyOnly);
            string localName = LocalName(instance, group);
            string name = Describe.Quote(group.Name);
            string preference = "AUTOMATED_BACKUP_PREFERENCE = " + SqlNames.Of(group.AutomatedBackupPreference);
            ReplicaFacts? winner = election?.Winner;
            switch (code)
            {
                case ReasonCodes.SkipRunsOnPrimary:
                    string taker = group.DistributedRole == DistributedRole.Secondary
                        ? "the distributed availability group's global primary replica takes it"
                        : "the primary replica takes it";
                    return Describe.Sentence(support.WhyNot!) + ", so " + taker + "; this replica (" + localName + ") skips this " + backup + " backup.";
                case ReasonCodes.OkPrimaryOnlyType:
                    return "No secondary replica can take this " + backup + " backup (" + support.WhyNot + "), so the primary replica (" + localName
                        + ") takes it whatever the backup preference of availability group " + name + ".";
                case ReasonCodes.RefusePreferenceUnknown:
                    return "sys.fn_hadr_backup_is_preferred_replica gave no answer for " + Describe.Quote(database.Name) + " on this secondary replica ("
                        + localName + ") of availability group " + name + ", and only the primary can run the election, so whether this replica should take the "
                        + backup + " backup is unknown; the job fails rather than skip with every other replica.";
                case ReasonCodes.SkipSeeding:
                    return "This replica (" + localName + ") would take this LOG backup, but it is seeding database " + Describe.Quote(database.Name)
                        + " to another replica of availability group " + name + " and @ExcludeSeedingFromLogBackup = 'Y', so the LOG backup waits until seeding finishes.";
                case ReasonCodes.RefuseNoEligibleReplica:
                    return "No replica of availability group " + name + " would take this " + backup + " backup: " + election?.WhyNone
                        + (support.IsAllowed
                            ? "; change the backup preference or priorities, or bring a secondary back."
                            : "; bring the primary replica back ONLINE, or fail over.");
                case ReasonCodes.SkipNotPreferred:
                    string who = winner != null && !winner.IsLocal
                        ? "Replica " + Describe.Priority(winner) + " is the preferred backup replica"
                        : "Another replica is the preferred backup replica (sys.fn_hadr_backup_is_preferred_replica returned 0 here)";
                    return who + " of availability group " + name + " under " + preference + ", so this replica (" + localName + ") skips this " + backup + " backup.";
                case ReasonCodes.RefusePrimaryNotReachable:
                    return "This secondary replica (" + localName + ") of availability group " + name + " is not CONNECTED to a primary replica, so it can take no "
                        + backup + " backup of " + Describe.Quote(database.Name) + " and cannot know whether any replica does (the primary may be lost, or this "
                        + "replica cut off); the job fails so that the missing backup is noticed. Bring the primary back, or fail over.";
                case ReasonCodes.RefusePreferredReplicaNotSynchronizing:
                    return "Replica " + Describe.Priority(winner!) + " is the preferred backup replica of availability group " + name + " under " + preference
                        + ", but this primary replica (" + localName + ") sees that " + Unhealthy(database.StateOn(winner!.ReplicaServerName)!) + " there; SQL Server "
                        + "backs up a secondary only when its database is SYNCHRONIZED or SYNCHRONIZING and not suspended, so " + winner.ReplicaServerName + " takes no " + backup
                        + " backup of " + Describe.Quote(database.Name) + ", and no replica does unless SQL Server's preference passes it over for another (its docs do "
                        + "not say whether it does; that replica's job would then take it). " + Remedy(winner.ReplicaServerName) + " During a rolling "
                        + "upgrade, set AUTOMATED_BACKUP_PREFERENCE = PRIMARY until every replica runs the same version, as Microsoft's upgrade steps say.";
                case ReasonCodes.RefuseSecondaryUnhealthy:
                    return "This secondary replica (" + localName + ") would take this " + backup + " backup of " + Describe.Quote(database.Name)
                        + " but " + (health == SecondaryHealth.StateNotVisible
                            ? "its database replica state is not visible (sys.dm_hadr_database_replica_states has no local row)"
                            : Unhealthy(database.LocalReplica!))
                        + "; SQL Server backs up only a connected secondary whose database is SYNCHRONIZED or SYNCHRONIZING.";
                default:
                    string? preferredName = winner != null && !winner.IsLocal ? winner.ReplicaServerName : null;
                    return isPreferred
                        ? "This replica, " + Describe.Priority(group.LocalReplica!) + ", is the preferred backup replica of availability group " + name + " under " + preference + "."
                        : "@OverrideBackupPreference = 'Y': this replica (" + localName + ") takes the " + backup + " backup although "
                          + (preferredName ?? "another replica") + " is the preferred backup replica of availability group " + name + ".";
            }
        }

        /// <summary>
        /// Where to resume: suspending the primary database suspends it on every secondary, and only the replica that holds the
        /// suspended database resumes it (docs/database-engine/availability-groups/windows/suspend-an-availability-database-sql-server.md).
        /// </summary>
        private string Remedy(string preferred) => database.LocalReplica?.IsSuspended == true
            ? "Data movement is suspended on this primary replica itself, which suspends it on every secondary: resume it here (ALTER DATABASE ... SET HADR RESUME)."
            : "Resume data movement on " + preferred + " (ALTER DATABASE ... SET HADR RESUME there).";

        private static string Unhealthy(DatabaseReplicaFacts state) => state.IsSuspended
            ? "data movement of its database is SUSPENDED"
            : "its database is " + SqlNames.Of(state.SynchronizationState);
    }
}
