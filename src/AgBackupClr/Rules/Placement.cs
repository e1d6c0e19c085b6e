using System;
using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// Placement and health for an availability group database whose replica has a role. The backup preference
    /// applies only to backup types a secondary may take; a type no secondary may take runs on the primary
    /// whatever the preference, so it is never silently lost (docs/rules.md, the placement principle).
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

            // A secondary backs up only while it communicates with the primary (docs/rules.md F1). One that does not cannot know whether
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

            // sys.fn_hadr_backup_is_preferred_replica is the authority (docs/rules.md F7); a secondary cannot elect (F8), so without its
            // answer it cannot know whether it should take the backup: it fails rather than skip with every other replica.
            if (role == ReplicaRole.Secondary && answer == null && !request.OverrideBackupPreference)
            {
                var why = new PlacementExplanation(ReasonCodes.RefusePreferenceUnknown, instance, database, group, request, here);
                return new BackupDecision(DecisionAction.Refuse, ReasonCodes.RefusePreferenceUnknown, why, Health(database) == SecondaryHealth.Healthy, null, null, NoWarnings);
            }

            // Only the primary sees every replica's state (docs/rules.md F8), so only it can run the election; a forwarder is the primary
            // of its own group and runs it too, so a COPY_ONLY FULL no replica of that group would take is refused there.
            ElectionResult? election = role == ReplicaRole.Primary ? BackupElection.Elect(group) : null;
            ReplicaFacts? winner = election?.Winner;
            bool isPreferred = answer ?? (winner != null && winner.IsLocal);
            string? preferredName = isPreferred ? localName : winner != null && !winner.IsLocal ? winner.ReplicaServerName : null;
            SecondaryHealth health = role == ReplicaRole.Secondary ? Health(database) : SecondaryHealth.Healthy;
            IReadOnlyList<DecisionWarning> warnings = Disagreement(election, answer);
            PreferredCopies? copies = null;

            DecisionAction action;
            string code;
            bool isSupportedHere = health == SecondaryHealth.Healthy;
            if (!isPreferred && !request.OverrideBackupPreference)
            {
                bool nobody = election != null && winner == null;
                copies = PreferredCopies.Of(database, election);
                bool noneReceivesLog = copies.NoneReceivesLog;
                action = nobody || noneReceivesLog ? DecisionAction.Refuse : DecisionAction.Skip;
                code = nobody ? ReasonCodes.RefuseNoEligibleReplica
                    : noneReceivesLog ? ReasonCodes.RefusePreferredReplicaNotSynchronizing
                    : ReasonCodes.SkipNotPreferred;
                if (action == DecisionAction.Skip && copies.Unhealthy.Count > 0)
                {
                    warnings = With(warnings, new DecisionWarning(
                        ReasonCodes.WarnPreferredReplicaNotSynchronizing,
                        new PlacementExplanation(ReasonCodes.WarnPreferredReplicaNotSynchronizing, instance, database, group, request, here, election, copies: copies).Text()));
                }
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

            var explanation = new PlacementExplanation(code, instance, database, group, request, here, election, isPreferred, health, copies);
            return new BackupDecision(action, code, explanation, isSupportedHere, isPreferred, preferredName, warnings);
        }

        private static readonly IReadOnlyList<DecisionWarning> NoWarnings = Array.Empty<DecisionWarning>();

        private static bool WaitsForSeeding(DatabaseFacts database, BackupRequest request) =>
            request.BackupType == BackupType.Log && request.ExcludeSeedingFromLogBackup && database.IsSeeding;

        private static IReadOnlyList<DecisionWarning> With(IReadOnlyList<DecisionWarning> warnings, DecisionWarning warning)
        {
            var all = new List<DecisionWarning>(warnings);
            all.Add(warning);
            return all;
        }

        private static SecondaryHealth Health(DatabaseFacts database) =>
            database.LocalReplica == null ? SecondaryHealth.StateNotVisible : Health(database.LocalReplica);

        /// <summary>
        /// SQL Server backs up a connected secondary only when its database is SYNCHRONIZED or SYNCHRONIZING and data movement
        /// is not suspended (Msg 3062 otherwise; docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md);
        /// a secondary that is not connected was refused before. REVERTING and INITIALIZING are the undo phases after a role
        /// change in which the copy is getting pages or log from the primary
        /// (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md): it
        /// cannot be backed up yet, but it is catching up, not cut off.
        /// </summary>
        internal static SecondaryHealth Health(DatabaseReplicaFacts state)
        {
            if (state.IsSuspended)
            {
                return SecondaryHealth.Suspended;
            }

            switch (state.SynchronizationState)
            {
                case SynchronizationState.Synchronized:
                case SynchronizationState.Synchronizing:
                    return SecondaryHealth.Healthy;
                case SynchronizationState.Reverting:
                case SynchronizationState.Initializing:
                    return SecondaryHealth.CatchingUp;
                default:
                    return SecondaryHealth.NotSynchronizing;
            }
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

        /// <summary>REVERTING or INITIALIZING: receiving pages or log from the primary after a role change.</summary>
        CatchingUp,
    }

    /// <summary>
    /// On the primary, when sys.fn_hadr_backup_is_preferred_replica said this replica is not preferred: the copies of the
    /// database on the secondaries SQL Server may prefer instead, which are every secondary tied at the top under the
    /// preference (ElectionResult.Tied()), since SQL Server does not document how it breaks a tie. The primary refuses only
    /// when none of them receives log: then no replica takes the backup, whichever SQL Server prefers, even when that
    /// replica's own job skips (a secondary on an older version during a rolling upgrade leaves a FULL or DIFF to the
    /// primary). A copy whose state is not visible counts as one that may be healthy: never refuse on a guess.
    /// </summary>
    internal sealed class PreferredCopies
    {
        private static readonly PreferredCopies None = new PreferredCopies(Array.Empty<ReplicaFacts>(), Array.Empty<PreferredCopy>());

        private PreferredCopies(IReadOnlyList<ReplicaFacts> candidates, IReadOnlyList<PreferredCopy> unhealthy)
        {
            Candidates = candidates;
            Unhealthy = unhealthy;
        }

        /// <summary>The secondaries SQL Server may prefer instead of this replica, all with one BACKUP_PRIORITY.</summary>
        public IReadOnlyList<ReplicaFacts> Candidates { get; }

        /// <summary>Those whose copy SQL Server would not back up now: suspended, NOT SYNCHRONIZING, REVERTING or INITIALIZING.</summary>
        public IReadOnlyList<PreferredCopy> Unhealthy { get; }

        /// <summary>Every candidate's copy is suspended or NOT SYNCHRONIZING; one that is catching up (REVERTING, INITIALIZING) still receives log.</summary>
        public bool NoneReceivesLog
        {
            get
            {
                if (Candidates.Count == 0 || Unhealthy.Count < Candidates.Count)
                {
                    return false;
                }

                foreach (PreferredCopy copy in Unhealthy)
                {
                    if (copy.Health == SecondaryHealth.CatchingUp)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public static PreferredCopies Of(DatabaseFacts database, ElectionResult? election)
        {
            if (election == null)
            {
                return None;
            }

            IReadOnlyList<ReplicaFacts> tied = election.Value.Tied();
            var candidates = new List<ReplicaFacts>(tied.Count);
            var unhealthy = new List<PreferredCopy>();
            for (int i = 0; i < tied.Count; i++)
            {
                ReplicaFacts replica = tied[i];
                if (replica.IsLocal || replica.Role != ReplicaRole.Secondary)
                {
                    continue;
                }

                candidates.Add(replica);
                DatabaseReplicaFacts? state = database.StateOn(replica.ReplicaServerName);
                SecondaryHealth health = state == null ? SecondaryHealth.Healthy : Placement.Health(state);
                if (health != SecondaryHealth.Healthy)
                {
                    unhealthy.Add(new PreferredCopy(replica, state!, health));
                }
            }

            return new PreferredCopies(candidates, unhealthy);
        }
    }

    /// <summary>A candidate's copy of the database that SQL Server would not back up now, and why.</summary>
    internal sealed class PreferredCopy
    {
        public PreferredCopy(ReplicaFacts replica, DatabaseReplicaFacts state, SecondaryHealth health)
        {
            Replica = replica;
            State = state;
            Health = health;
        }

        public ReplicaFacts Replica { get; }

        public DatabaseReplicaFacts State { get; }

        public SecondaryHealth Health { get; }
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
        private readonly PreferredCopies? copies;

        public PlacementExplanation(
            string code,
            InstanceFacts instance,
            DatabaseFacts database,
            AvailabilityGroupFacts group,
            BackupRequest request,
            Support support,
            ElectionResult? election = null,
            bool isPreferred = false,
            SecondaryHealth health = SecondaryHealth.Healthy,
            PreferredCopies? copies = null)
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
            this.copies = copies;
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
                    return RefusalText(backup, name, preference, localName);
                case ReasonCodes.WarnPreferredReplicaNotSynchronizing:
                    return WarningText(backup, name, preference, localName);
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

        /// <summary>Every secondary SQL Server may prefer receives no log (PreferredCopies.NoneReceivesLog).</summary>
        private string RefusalText(string backup, string name, string preference, string localName)
        {
            IReadOnlyList<PreferredCopy> unhealthy = copies!.Unhealthy;
            string names = Names(unhealthy);
            string rule = "SQL Server backs up a secondary only when its database is SYNCHRONIZED or SYNCHRONIZING and not suspended, so ";
            string upgrade = " During a rolling upgrade, set AUTOMATED_BACKUP_PREFERENCE = PRIMARY until every replica runs the same version, as Microsoft's upgrade steps say.";
            if (unhealthy.Count == 1)
            {
                return "Replica " + Describe.Priority(unhealthy[0].Replica) + " is the preferred backup replica of availability group " + name + " under " + preference
                    + ", but this primary replica (" + localName + ") sees that " + Unhealthy(unhealthy[0].State) + " there; " + rule + names + " takes no " + backup
                    + " backup of " + Describe.Quote(database.Name) + ", and no replica does unless SQL Server's preference passes it over for another (its docs do "
                    + "not say whether it does; that replica's job would then take it). " + Remedy(names) + upgrade;
            }

            return Tie(name, preference) + ", but this primary replica (" + localName + ") sees that " + States(unhealthy) + "; " + rule
                + (unhealthy.Count == 2 ? "neither" : "none of them") + " takes this " + backup + " backup of " + Describe.Quote(database.Name)
                + ", and no replica does unless SQL Server's preference passes them over for another (its docs do not say whether it does; that replica's job "
                + "would then take it). " + Remedy(names) + upgrade;
        }

        /// <summary>Some of the secondaries SQL Server may prefer cannot take the backup now, or the one it prefers is catching up: this run may take none.</summary>
        private string WarningText(string backup, string name, string preference, string localName)
        {
            IReadOnlyList<PreferredCopy> unhealthy = copies!.Unhealthy;
            bool all = unhealthy.Count == copies.Candidates.Count;
            string lead = copies.Candidates.Count == 1
                ? "Replica " + Describe.Priority(copies.Candidates[0]) + " is the preferred backup replica of availability group " + name + " under " + preference
                : Tie(name, preference);
            string when = all
                ? "no replica takes this " + backup + " backup of " + Describe.Quote(database.Name) + " this time unless SQL Server passes "
                    + (unhealthy.Count == 1 ? "it" : "them") + " over for another"
                : "if SQL Server prefers " + (unhealthy.Count == 1 ? string.Empty : "one of ") + Names(unhealthy) + ", no replica takes this " + backup
                    + " backup of " + Describe.Quote(database.Name) + " this time";
            string because = all
                ? "a copy that is REVERTING or INITIALIZING still receives log from the primary"
                : "another replica SQL Server may prefer can take it";
            string cutOff = NamesOf(unhealthy, catchingUp: false);
            string catchingUp = NamesOf(unhealthy, catchingUp: true);
            return lead + "; this primary replica (" + localName + ") sees that " + States(unhealthy) + ", and SQL Server backs up a secondary only when its database "
                + "is SYNCHRONIZED or SYNCHRONIZING and not suspended, so " + when + ". The run does not fail on that, because " + because + "."
                + (cutOff.Length == 0 ? string.Empty : " " + Remedy(cutOff))
                + (catchingUp.Length == 0 ? string.Empty : " REVERTING and INITIALIZING are the phases in which a copy catches up with the primary after a failover; the next run decides again.");
        }

        private string Tie(string name, string preference)
        {
            IReadOnlyList<ReplicaFacts> candidates = copies!.Candidates;
            var names = new List<string>(candidates.Count);
            foreach (ReplicaFacts candidate in candidates)
            {
                names.Add(candidate.ReplicaServerName);
            }

            return "Replicas " + Join(names) + " (BACKUP_PRIORITY = " + candidates[0].BackupPriority.ToString(CultureInfo.InvariantCulture)
                + ") tie as the preferred backup replica of availability group " + name + " under " + preference
                + ", and SQL Server does not document which of them it prefers";
        }

        /// <summary>"data movement of its database is SUSPENDED on SQL2 and its database is REVERTING on SQL3".</summary>
        private static string States(IReadOnlyList<PreferredCopy> unhealthy)
        {
            var states = new List<string>(unhealthy.Count);
            foreach (PreferredCopy copy in unhealthy)
            {
                states.Add(Unhealthy(copy.State) + " on " + copy.Replica.ReplicaServerName);
            }

            return Join(states);
        }

        private static string Names(IReadOnlyList<PreferredCopy> copies)
        {
            var names = new List<string>(copies.Count);
            foreach (PreferredCopy copy in copies)
            {
                names.Add(copy.Replica.ReplicaServerName);
            }

            return Join(names);
        }

        /// <summary>The names of the copies that are cut off (suspended, NOT SYNCHRONIZING) or catching up (REVERTING, INITIALIZING).</summary>
        private static string NamesOf(IReadOnlyList<PreferredCopy> copies, bool catchingUp)
        {
            var names = new List<string>(copies.Count);
            foreach (PreferredCopy copy in copies)
            {
                if ((copy.Health == SecondaryHealth.CatchingUp) == catchingUp)
                {
                    names.Add(copy.Replica.ReplicaServerName);
                }
            }

            return Join(names);
        }

        /// <summary>"A", "A and B", "A, B and C".</summary>
        private static string Join(IReadOnlyList<string> items)
        {
            string joined = string.Empty;
            for (int i = 0; i < items.Count; i++)
            {
                joined += (i == 0 ? string.Empty : i == items.Count - 1 ? " and " : ", ") + items[i];
            }

            return joined;
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
