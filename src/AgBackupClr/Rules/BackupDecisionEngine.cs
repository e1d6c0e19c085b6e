using System;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// The one evaluation: a request for one database on this replica becomes one decision with one reason code.
    /// Rules run in docs/rules.md's order and the first that applies wins.
    /// </summary>
    public static class BackupDecisionEngine
    {
        /// <param name="databaseName">The name as requested; used when the database does not exist.</param>
        /// <param name="database">Null when no such database exists.</param>
        /// <param name="group">The availability group of the database, null when it is in none.</param>
        public static BackupDecision Decide(
            InstanceFacts instance,
            string databaseName,
            DatabaseFacts? database,
            AvailabilityGroupFacts? group,
            BackupRequest request)
        {
            BackupDecision? ruledOut = DatabaseRules.CopyOnlyDifferential(request)
                ?? DatabaseRules.NotFound(databaseName, database, request);
            if (ruledOut.HasValue)
            {
                return ruledOut.Value;
            }

            if (database == null)
            {
                // Only RESTORE reaches here: restoring a database that does not exist yet creates it. tempdb and master
                // always exist, so a missing name is never theirs (on a case-sensitive server 'TempDB' is a new user database).
                return DatabaseRules.InUserTransaction(instance, request)
                    ?? NotInAvailabilityGroup(databaseName, request);
            }

            ReplicaRole? role = database.IsInAvailabilityGroup && instance.IsHadrEnabled ? group?.LocalRole ?? ReplicaRole.Resolving : null;
            if (role == ReplicaRole.Secondary && group != null && request.BackupType != BackupType.Restore)
            {
                // On a secondary, placement comes first: a database that is RESTORING while seeding, or recovering in a
                // rolling upgrade, is refused only by the replica that would take the backup, never by those that skip it.
                BackupDecision placement = Placement.Decide(instance, database, group, role.Value, request);
                BackupDecision? refusal = DatabaseAndSessionRules(instance, database, request);
                if (placement.Action != DecisionAction.Skip)
                {
                    return refusal ?? placement;
                }

                // Still a skip, but honest: SQL Server would not accept this backup here either (Msg 4214 without a base).
                return refusal.HasValue ? placement.With(isSupportedHere: false) : placement;
            }

            ruledOut = DatabaseAndSessionRules(instance, database, request);
            if (ruledOut.HasValue)
            {
                return ruledOut.Value;
            }

            if (role == null)
            {
                return NotInAvailabilityGroup(database.Name, request);
            }

            if (group == null)
            {
                // Never guess "not in an availability group": a secondary would then run what SQL Server refuses (docs/rules.md F1).
                return BackupDecision.Refuse(
                    ReasonCodes.RefuseReplicaResolving,
                    "Database " + Describe.Quote(database.Name) + " belongs to availability group " + Describe.Quote(database.AvailabilityGroupName!)
                    + ", but this replica's role in it is not visible (sys.availability_groups / sys.dm_hadr_availability_replica_states); no backup can run here until it is.");
            }

            if (role == ReplicaRole.Resolving)
            {
                return BackupDecision.Refuse(
                    ReasonCodes.RefuseReplicaResolving,
                    "This replica of availability group " + Describe.Quote(group.Name) + " is RESOLVING, neither primary nor secondary; no backup can run here until it has a role.");
            }

            if (request.BackupType == BackupType.Restore)
            {
                // docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md
                return BackupDecision.Refuse(
                    ReasonCodes.RefuseRestoreOnAgDatabase,
                    "RESTORE is not allowed on database " + Describe.Quote(database.Name) + " because it belongs to availability group " + Describe.Quote(group.Name) + " (on the primary and on secondaries); remove it from the availability group first.");
            }

            return Placement.Decide(instance, database, group, role.Value, request);
        }

        private static BackupDecision? DatabaseAndSessionRules(InstanceFacts instance, DatabaseFacts database, BackupRequest request) =>
            DatabaseRules.Snapshot(database)
                ?? DatabaseRules.NotOnline(database, request)
                ?? DatabaseRules.Tempdb(database)
                ?? DatabaseRules.MasterFullOnly(database, request)
                ?? DatabaseRules.LogInSimpleRecovery(database, request)
                ?? DatabaseRules.NoBaseBackup(database, request)
                ?? DatabaseRules.InUserTransaction(instance, request);

        private static BackupDecision NotInAvailabilityGroup(string databaseName, BackupRequest request) =>
            new BackupDecision(DecisionAction.Backup, ReasonCodes.OkNotInAg, new NotInGroupExplanation(databaseName, request), true, true, null, Array.Empty<DecisionWarning>());

        private sealed class NotInGroupExplanation : Explanation
        {
            private readonly string databaseName;
            private readonly BackupRequest request;

            public NotInGroupExplanation(string databaseName, BackupRequest request)
            {
                this.databaseName = databaseName;
                this.request = request;
            }

            public override string Text() =>
                "Database " + Describe.Quote(databaseName) + " is not in an availability group, so this instance takes its "
                + SqlNames.Describe(request.BackupType, request.CopyOnly) + (request.BackupType == BackupType.Restore ? "." : " backup.");
        }
    }
}
