using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// docs/rules.md F1 seen from the primary: SQL Server backs up a secondary only when its database is SYNCHRONIZED or SYNCHRONIZING and
    /// not suspended (docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md).
    /// The primary shows every replica's copy (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md),
    /// so where the preferred secondary's copy cannot be backed up, the primary refuses instead of skipping with everyone.
    /// </summary>
    public class PreferredReplicaHealthTests
    {
        /// <summary>The primary, where SQL2 (BACKUP_PRIORITY 80) is preferred and SQL Server says so.</summary>
        private static Facts PrimaryWhereSql2IsPreferred(SynchronizationState sql2State, bool sql2Suspended)
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;
            given.Change(Facts.Secondary, r => r.With(backupPriority: 80));
            given.OtherReplicas.Add(new OtherReplicaDatabaseFacts(Facts.Secondary, new DatabaseReplicaFacts(sql2State, sql2Suspended)));
            given.OtherReplicas.Add(new OtherReplicaDatabaseFacts(Facts.OtherSecondary, new DatabaseReplicaFacts(SynchronizationState.Synchronized, false)));
            return given;
        }

        [Test]
        public void The_primary_refuses_when_the_preferred_secondary_copy_is_not_synchronizing_and_says_what_to_do()
        {
            BackupDecision decision = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, false).Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING")));
            Assert.That(decision.Reason, Is.EqualTo(
                "Replica SQL2 (BACKUP_PRIORITY = 80) is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY, "
                + "but this primary replica (SQL1) sees that its database is NOT SYNCHRONIZING there; SQL Server backs up a secondary only when its database is "
                + "SYNCHRONIZED or SYNCHRONIZING and not suspended, so SQL2 takes no LOG backup of 'Sales', and no replica does unless SQL Server's preference "
                + "passes it over for another (its docs do not say whether it does; that replica's job would then take it). Resume data movement on SQL2 "
                + "(ALTER DATABASE ... SET HADR RESUME there). During a rolling upgrade, set AUTOMATED_BACKUP_PREFERENCE = PRIMARY until every replica runs the same "
                + "version, as Microsoft's upgrade steps say."));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
            Assert.That(decision.IsPreferredReplica, Is.False);
        }

        [Test]
        public void The_reason_says_when_data_movement_is_suspended()
        {
            BackupDecision decision = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true).Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
            Assert.That(decision.Reason, Does.Contain("sees that data movement of its database is SUSPENDED there").And.Contain("COPY_ONLY FULL backup of 'Sales'"));
        }

        [TestCase(SynchronizationState.Reverting)]
        [TestCase(SynchronizationState.Initializing)]
        public void A_preferred_secondary_catching_up_after_a_failover_is_a_warning_not_a_failed_run(SynchronizationState state)
        {
            // REVERTING and INITIALIZING are the undo phases in which the copy gets pages or log from the primary
            // (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md):
            // it receives log, so the primary does not fail its run on it.
            BackupDecision decision = PrimaryWhereSql2IsPreferred(state, false).Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, "SKIP_NOT_PREFERRED")));
            Assert.That(decision.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING" }));
            Assert.That(decision.Warnings[0].Message, Is.EqualTo(
                "Replica SQL2 (BACKUP_PRIORITY = 80) is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY; "
                + "this primary replica (SQL1) sees that its database is " + SqlNames.Of(state) + " on SQL2, and SQL Server backs up a secondary only when its "
                + "database is SYNCHRONIZED or SYNCHRONIZING and not suspended, so no replica takes this LOG backup of 'Sales' this time unless SQL Server passes "
                + "it over for another. The run does not fail on that, because a copy that is REVERTING or INITIALIZING still receives log from the primary. "
                + "REVERTING and INITIALIZING are the phases in which a copy catches up with the primary after a failover; the next run decides again."));
        }

        [TestCase(SynchronizationState.Reverting)]
        [TestCase(SynchronizationState.Initializing)]
        public void A_suspended_copy_is_refused_whatever_state_it_shows(SynchronizationState state)
        {
            Assert.That(PrimaryWhereSql2IsPreferred(state, true).Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
        }

        [TestCase(SynchronizationState.Synchronized)]
        [TestCase(SynchronizationState.Synchronizing)]
        public void The_primary_skips_while_the_preferred_secondary_copy_can_be_backed_up(SynchronizationState state)
        {
            BackupDecision decision = PrimaryWhereSql2IsPreferred(state, false).Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, "SKIP_NOT_PREFERRED")));
        }

        [Test]
        public void A_secondary_that_is_not_preferred_does_not_matter()
        {
            Facts given = PrimaryWhereSql2IsPreferred(SynchronizationState.Synchronized, false);
            given.OtherReplicas[1] = new OtherReplicaDatabaseFacts(Facts.OtherSecondary, new DatabaseReplicaFacts(SynchronizationState.NotSynchronizing, true));

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
        }

        [Test]
        public void Without_a_visible_row_for_the_preferred_secondary_the_primary_does_not_guess()
        {
            Facts given = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true);
            given.OtherReplicas.RemoveAt(0);

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
        }

        [Test]
        public void When_the_election_names_the_primary_but_sql_server_says_another_replica_the_winner_is_unknown_and_the_primary_skips()
        {
            Facts given = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true);
            given.Preference = AutomatedBackupPreference.Primary;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.Warnings, Has.Count.EqualTo(1));
        }

        [Test]
        public void In_a_rolling_upgrade_a_2025_primary_refuses_the_full_a_2022_secondary_would_leave_to_it()
        {
            // An upgraded primary ships no log to an older secondary, which shows NOT SYNCHRONIZING there
            // (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md),
            // and which skips a regular FULL itself (SKIP_RUNS_ON_PRIMARY before SQL Server 2025).
            Facts given = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true);
            given.ProductMajorVersion = 17;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING")));
        }

        [Test]
        public void With_the_override_the_primary_takes_the_backup_itself()
        {
            Facts given = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true);
            given.OverrideBackupPreference = true;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void A_type_only_the_primary_may_take_is_taken_whatever_the_secondaries_show()
        {
            Assert.That(PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true).Decide(BackupType.Diff).ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
        }

        [Test]
        public void When_the_primary_s_own_copy_is_suspended_the_reason_says_to_resume_it_on_the_primary()
        {
            Facts given = PrimaryWhereSql2IsPreferred(SynchronizationState.NotSynchronizing, true);
            given.IsSuspended = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
            Assert.That(decision.Reason, Does.Contain("Data movement is suspended on this primary replica itself, which suspends it on every secondary: "
                + "resume it here (ALTER DATABASE ... SET HADR RESUME).").And.Not.Contain("Resume data movement on SQL2"));
        }

        /// <summary>
        /// The primary of the default test group, where SQL2 and SQL3 tie at BACKUP_PRIORITY 50 under SECONDARY, so SQL Server may
        /// prefer either (it does not document its tie-break), and says this replica is not preferred.
        /// </summary>
        private static Facts PrimaryWithTiedSecondaries(DatabaseReplicaFacts? sql2, DatabaseReplicaFacts? sql3)
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;
            if (sql2 != null)
            {
                given.OtherReplicas.Add(new OtherReplicaDatabaseFacts(Facts.Secondary, sql2));
            }

            if (sql3 != null)
            {
                given.OtherReplicas.Add(new OtherReplicaDatabaseFacts(Facts.OtherSecondary, sql3));
            }

            return given;
        }

        private static DatabaseReplicaFacts Copy(SynchronizationState state, bool suspended = false) => new DatabaseReplicaFacts(state, suspended);

        private static readonly DatabaseReplicaFacts Healthy = new DatabaseReplicaFacts(SynchronizationState.Synchronized, false);

        private static readonly DatabaseReplicaFacts Suspended = new DatabaseReplicaFacts(SynchronizationState.NotSynchronizing, true);

        [Test]
        public void With_tied_secondaries_the_primary_refuses_when_no_copy_among_them_receives_log()
        {
            BackupDecision decision = PrimaryWithTiedSecondaries(Suspended, Copy(SynchronizationState.NotSynchronizing)).Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING")));
            Assert.That(decision.Reason, Is.EqualTo(
                "Replicas SQL2 and SQL3 (BACKUP_PRIORITY = 50) tie as the preferred backup replica of availability group 'AG1' under "
                + "AUTOMATED_BACKUP_PREFERENCE = SECONDARY, and SQL Server does not document which of them it prefers, but this primary replica (SQL1) sees "
                + "that data movement of its database is SUSPENDED on SQL2 and its database is NOT SYNCHRONIZING on SQL3; SQL Server backs up a secondary "
                + "only when its database is SYNCHRONIZED or SYNCHRONIZING and not suspended, so neither takes this LOG backup of 'Sales', and no replica does "
                + "unless SQL Server's preference passes them over for another (its docs do not say whether it does; that replica's job would then take it). "
                + "Resume data movement on SQL2 and SQL3 (ALTER DATABASE ... SET HADR RESUME there). During a rolling upgrade, set "
                + "AUTOMATED_BACKUP_PREFERENCE = PRIMARY until every replica runs the same version, as Microsoft's upgrade steps say."));
            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void When_one_of_two_tied_secondaries_is_suspended_the_primary_skips_and_warns_whichever_name_sorts_first()
        {
            BackupDecision sql2Suspended = PrimaryWithTiedSecondaries(Suspended, Healthy).Decide(BackupType.Log);
            BackupDecision sql3Suspended = PrimaryWithTiedSecondaries(Healthy, Suspended).Decide(BackupType.Log);

            Assert.That((sql2Suspended.Action, sql2Suspended.ReasonCode), Is.EqualTo((DecisionAction.Skip, "SKIP_NOT_PREFERRED")), "SQL2, which sorts first, suspended");
            Assert.That((sql3Suspended.Action, sql3Suspended.ReasonCode), Is.EqualTo((DecisionAction.Skip, "SKIP_NOT_PREFERRED")), "SQL3 suspended");
            Assert.That(sql2Suspended.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING" }));
            Assert.That(sql3Suspended.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING" }));
            Assert.That(sql2Suspended.Warnings[0].Message, Is.EqualTo(
                "Replicas SQL2 and SQL3 (BACKUP_PRIORITY = 50) tie as the preferred backup replica of availability group 'AG1' under "
                + "AUTOMATED_BACKUP_PREFERENCE = SECONDARY, and SQL Server does not document which of them it prefers; this primary replica (SQL1) sees that "
                + "data movement of its database is SUSPENDED on SQL2, and SQL Server backs up a secondary only when its database is SYNCHRONIZED or "
                + "SYNCHRONIZING and not suspended, so if SQL Server prefers SQL2, no replica takes this LOG backup of 'Sales' this time. The run does not fail "
                + "on that, because another replica SQL Server may prefer can take it. Resume data movement on SQL2 (ALTER DATABASE ... SET HADR RESUME there)."));
            Assert.That(sql2Suspended.ReasonWithWarnings(), Does.StartWith(sql2Suspended.Reason + " WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING: Replicas SQL2 and SQL3"));
        }

        [Test]
        public void A_tie_of_three_secondaries_is_refused_only_when_all_three_are_cut_off()
        {
            Facts given = PrimaryWithTiedSecondaries(Suspended, Suspended);
            given.Replicas.Add(Facts.Replica("SQL4", ReplicaRole.Secondary));
            given.OtherReplicas.Add(new OtherReplicaDatabaseFacts("SQL4", Healthy));

            BackupDecision oneHealthy = given.Decide(BackupType.Log);
            given.OtherReplicas[2] = new OtherReplicaDatabaseFacts("SQL4", Suspended);
            BackupDecision noneHealthy = given.Decide(BackupType.Log);

            Assert.That(oneHealthy.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(oneHealthy.Warnings.Single().Message, Does.Contain("if SQL Server prefers one of SQL2 and SQL3, no replica takes"));
            Assert.That(noneHealthy.ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
            Assert.That(noneHealthy.Reason, Does.Contain("Replicas SQL2, SQL3 and SQL4 (BACKUP_PRIORITY = 50) tie").And.Contain("so none of them takes this LOG backup"));
        }

        [Test]
        public void A_tied_secondary_that_is_catching_up_keeps_the_run_from_failing_though_the_other_is_suspended()
        {
            BackupDecision decision = PrimaryWithTiedSecondaries(Suspended, Copy(SynchronizationState.Reverting)).Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, "SKIP_NOT_PREFERRED")));
            Assert.That(decision.Warnings.Single().Message, Does.Contain(
                "sees that data movement of its database is SUSPENDED on SQL2 and its database is REVERTING on SQL3").And.Contain(
                "no replica takes this LOG backup of 'Sales' this time unless SQL Server passes them over for another").And.Contain(
                "Resume data movement on SQL2 (ALTER DATABASE ... SET HADR RESUME there). REVERTING and INITIALIZING are the phases"));
        }

        [Test]
        public void A_tied_secondary_whose_state_the_primary_cannot_see_is_never_counted_as_cut_off()
        {
            BackupDecision decision = PrimaryWithTiedSecondaries(Suspended, null).Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.Warnings.Single().Code, Is.EqualTo("WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
        }

        [Test]
        public void A_lower_priority_secondary_is_not_one_sql_server_may_prefer()
        {
            Facts given = PrimaryWithTiedSecondaries(Suspended, Healthy);
            given.Change(Facts.OtherSecondary, r => r.With(backupPriority: 40));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
            Assert.That(decision.Reason, Does.StartWith("Replica SQL2 (BACKUP_PRIORITY = 50) is the preferred backup replica"));
        }

        [Test]
        public void Under_none_a_primary_sql_server_passes_over_in_a_tie_refuses_when_the_other_tied_copies_receive_no_log()
        {
            // The engine's lowest name would be SQL1 itself; SQL Server says otherwise, so it prefers SQL2 or SQL3.
            Facts given = PrimaryWithTiedSecondaries(Suspended, Suspended);
            given.Preference = AutomatedBackupPreference.None;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
            Assert.That(decision.Reason, Does.Contain("Replicas SQL2 and SQL3 (BACKUP_PRIORITY = 50) tie"));
        }

        /// <summary>
        /// The decision of the primary over every state of two tied secondaries, and the same with their names swapped: SQL
        /// Server's tie-break is undocumented, so nothing the primary does may depend on which name sorts first.
        /// </summary>
        [Test]
        public void Swapping_the_names_of_tied_secondaries_changes_no_decision_of_the_primary()
        {
            DatabaseReplicaFacts?[] states =
            {
                null, Healthy, Copy(SynchronizationState.Synchronizing), Copy(SynchronizationState.NotSynchronizing), Suspended,
                Copy(SynchronizationState.Reverting), Copy(SynchronizationState.Initializing), Copy(SynchronizationState.Synchronized, true),
            };
            var differences = new List<string>();
            foreach (DatabaseReplicaFacts? first in states)
            {
                foreach (DatabaseReplicaFacts? second in states)
                {
                    foreach (BackupType type in new[] { BackupType.Log, BackupType.Full })
                    {
                        BackupDecision asNamed = PrimaryWithTiedSecondaries(first, second).Decide(type, copyOnly: true);
                        BackupDecision swapped = PrimaryWithTiedSecondaries(second, first).Decide(type, copyOnly: true);
                        if (asNamed.Action != swapped.Action || asNamed.ReasonCode != swapped.ReasonCode
                            || !asNamed.Warnings.Select(w => w.Code).SequenceEqual(swapped.Warnings.Select(w => w.Code)))
                        {
                            differences.Add(Show(first) + " / " + Show(second) + " " + type + ": " + asNamed.ReasonCode + " but swapped " + swapped.ReasonCode);
                        }
                    }
                }
            }

            Assert.That(differences, Is.Empty);
        }

        private static string Show(DatabaseReplicaFacts? state) =>
            state == null ? "not visible" : SqlNames.Of(state.SynchronizationState) + (state.IsSuspended ? " suspended" : string.Empty);
    }
}
