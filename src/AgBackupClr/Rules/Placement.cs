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
            string backup = SqlNames.Describe(request.BackupType, request.CopyOnly);
            string localName = group.LocalReplica?.ReplicaServerName ?? instance.ServerName;
            bool isPrimary = role == ReplicaRole.Primary && group.DistributedRole != DistributedRole.Secondary;

            Support here = ReplicaBackupRules.OnThisReplica(instance, group, role, request.BackupType, request.CopyOnly);
            if (!here.IsAllowed)
            {
                string taker = group.DistributedRole == DistributedRole.Secondary
                    ? "the distributed availability group's global primary replica takes it"
                    : "the primary replica takes it";
                return new BackupDecision(
                    DecisionAction.Skip,
                    ReasonCodes.SkipRunsOnPrimary,
                    Sentence(here.WhyNot!) + ", so " + taker + "; this replica (" + localName + ") skips this " + backup + " backup.",
                    false,
                    database.IsPreferredBackupReplica,
                    null,
                    Array.Empty<DecisionWarning>());
            }

            Support secondaries = ReplicaBackupRules.OnSecondary(instance, group, request.BackupType, request.CopyOnly);
            if (isPrimary && !secondaries.IsAllowed)
            {
                return new BackupDecision(
                    DecisionAction.Backup,
                    ReasonCodes.OkPrimaryOnlyType,
                    "No secondary replica can take this " + backup + " backup (" + secondaries.WhyNot + "), so the primary replica (" + localName
                    + ") takes it whatever the backup preference of availability group " + BackupDecisionEngine.Quote(group.Name) + ".",
                    true,
                    database.IsPreferredBackupReplica,
                    localName,
                    Array.Empty<DecisionWarning>());
            }

            if (request.BackupType == BackupType.Log && database.IsSeeding)
            {
                return new BackupDecision(
                    DecisionAction.Skip,
                    ReasonCodes.SkipSeeding,
                    "Database " + BackupDecisionEngine.Quote(database.Name) + " is being seeded in availability group " + BackupDecisionEngine.Quote(group.Name)
                    + "; its LOG backups wait until seeding finishes.",
                    false,
                    database.IsPreferredBackupReplica,
                    null,
                    Array.Empty<DecisionWarning>());
            }

            return Preference(database, group, role, request, isPrimary, localName, backup);
        }

        private static BackupDecision Preference(
            DatabaseFacts database,
            AvailabilityGroupFacts group,
            ReplicaRole role,
            BackupRequest request,
            bool isPrimary,
            string localName,
            string backup)
        {
            // Only the primary sees every replica's state (F8), so only it can run the election.
            ElectionResult? election = isPrimary ? BackupElection.Elect(group) : null;
            ReplicaFacts? winner = election?.Winner;
            bool? answer = database.IsPreferredBackupReplica;
            bool isPreferred = answer ?? (winner != null && winner.IsLocal);
            string preference = "AUTOMATED_BACKUP_PREFERENCE = " + SqlNames.Of(group.AutomatedBackupPreference);
            string? preferredName = isPreferred ? localName : winner != null && !winner.IsLocal ? winner.ReplicaServerName : null;
            IReadOnlyList<DecisionWarning> warnings = Disagreement(election, answer);
            string? unhealthy = role == ReplicaRole.Secondary ? Unhealthy(database, group) : null;

            if (!isPreferred && !request.OverrideBackupPreference)
            {
                if (election != null && winner == null)
                {
                    return new BackupDecision(
                        DecisionAction.Refuse,
                        ReasonCodes.RefuseNoEligibleReplica,
                        "No replica of availability group " + BackupDecisionEngine.Quote(group.Name) + " would take this " + backup + " backup: "
                        + election.WhyNone + "; change the backup preference or priorities, or bring a secondary back.",
                        true,
                        false,
                        null,
                        warnings);
                }

                string who = winner != null && !winner.IsLocal
                    ? "Replica " + BackupDecisionEngine.Priority(winner) + " is the preferred backup replica"
                    : "Another replica is the preferred backup replica (sys.fn_hadr_backup_is_preferred_replica returned 0 here)";
                return new BackupDecision(
                    DecisionAction.Skip,
                    ReasonCodes.SkipNotPreferred,
                    who + " of availability group " + BackupDecisionEngine.Quote(group.Name) + " under " + preference + ", so this replica ("
                    + localName + ") skips this " + backup + " backup.",
                    unhealthy == null,
                    false,
                    preferredName,
                    warnings);
            }

            if (unhealthy != null)
            {
                return new BackupDecision(
                    DecisionAction.Refuse,
                    ReasonCodes.RefuseSecondaryUnhealthy,
                    "This secondary replica (" + localName + ") would take this " + backup + " backup of " + BackupDecisionEngine.Quote(database.Name)
                    + " but " + unhealthy + "; SQL Server backs up only a connected secondary whose database is SYNCHRONIZED or SYNCHRONIZING.",
                    false,
                    isPreferred,
                    preferredName,
                    warnings);
            }

            string reason = isPreferred
                ? "This replica (" + BackupDecisionEngine.Priority(group.LocalReplica!) + ") is the preferred backup replica of availability group "
                  + BackupDecisionEngine.Quote(group.Name) + " under " + preference + "."
                : "@OverrideBackupPreference = 'Y': this replica (" + localName + ") takes the " + backup + " backup although "
                  + (preferredName == null ? "another replica" : preferredName) + " is the preferred backup replica of availability group "
                  + BackupDecisionEngine.Quote(group.Name) + ".";
            return new BackupDecision(DecisionAction.Backup, ReasonCodes.OkPreferredReplica, reason, true, isPreferred, preferredName, warnings);
        }

        /// <summary>SQL Server backs up a secondary only when it is connected and SYNCHRONIZED or SYNCHRONIZING (Msg 3062 otherwise).</summary>
        private static string? Unhealthy(DatabaseFacts database, AvailabilityGroupFacts group)
        {
            if (group.LocalReplica?.IsConnected != true)
            {
                return "it is not CONNECTED to the primary replica";
            }

            DatabaseReplicaFacts? state = database.LocalReplica;
            if (state == null)
            {
                return "its database replica state is not visible (sys.dm_hadr_database_replica_states has no local row)";
            }

            if (state.IsSuspended)
            {
                return "data movement of its database is SUSPENDED";
            }

            return state.SynchronizationState == SynchronizationState.Synchronized || state.SynchronizationState == SynchronizationState.Synchronizing
                ? null
                : "its database is " + SqlNames.Of(state.SynchronizationState);
        }

        private static IReadOnlyList<DecisionWarning> Disagreement(ElectionResult? election, bool? answer)
        {
            if (election == null || answer == null || (election.Winner != null && election.Winner.IsLocal) == answer.Value)
            {
                return Array.Empty<DecisionWarning>();
            }

            string engine = election.Winner == null
                ? "no replica (" + election.WhyNone + ")"
                : BackupDecisionEngine.Priority(election.Winner);
            return new[]
            {
                new DecisionWarning(
                    ReasonCodes.WarnPreferenceDisagrees,
                    "sys.fn_hadr_backup_is_preferred_replica returned " + (answer.Value ? "1" : "0") + " on this primary replica, but the engine's election chose "
                    + engine + "; the decision follows SQL Server's answer."),
            };
        }

        private static string Sentence(string clause) =>
            clause.Length == 0 ? clause : char.ToUpperInvariant(clause[0]) + clause.Substring(1);
    }
}
