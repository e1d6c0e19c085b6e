using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// F1 seen from the primary: SQL Server backs up a secondary only when its database is SYNCHRONIZED or SYNCHRONIZING and
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
        public void Every_state_but_synchronized_and_synchronizing_is_one_no_backup_runs_in(SynchronizationState state)
        {
            Assert.That(PrimaryWhereSql2IsPreferred(state, false).Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"));
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
    }
}
