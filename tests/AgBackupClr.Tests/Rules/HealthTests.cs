using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// docs/rules.md F1: a secondary backs up only while connected to the primary and its database is SYNCHRONIZED or SYNCHRONIZING.
    /// A secondary that would take the backup but cannot fails loudly (REFUSE_SECONDARY_UNHEALTHY) rather than skip silently.
    /// </summary>
    public class HealthTests
    {
        private static Facts PreferredSecondary()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            return given;
        }

        [Test]
        public void A_preferred_secondary_that_is_not_connected_refuses_because_it_cannot_reach_a_primary()
        {
            Facts given = PreferredSecondary();
            given.ChangeLocal(r => r.With(isConnected: false));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_PRIMARY_NOT_REACHABLE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This secondary replica (SQL2) of availability group 'AG1' is not CONNECTED to a primary replica, so it can take no LOG backup of 'Sales' "
                + "and cannot know whether any replica does (the primary may be lost, or this replica cut off); the job fails so that the missing backup is noticed. "
                + "Bring the primary back, or fail over."));
            Assert.That(decision.IsSupportedHere, Is.False);
        }

        [Test]
        public void A_secondary_whose_connection_is_not_visible_refuses_rather_than_guess()
        {
            Facts given = PreferredSecondary();
            given.ChangeLocal(r => r.With(isConnected: null));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_PRIMARY_NOT_REACHABLE"));
        }

        [TestCase(BackupType.Log, false)]
        [TestCase(BackupType.Full, false)]
        [TestCase(BackupType.Full, true)]
        [TestCase(BackupType.Diff, false)]
        public void A_disconnected_secondary_that_is_not_preferred_fails_instead_of_skipping_every_backup(BackupType type, bool copyOnly)
        {
            // With the primary gone (CLUSTER_TYPE NONE keeps the SECONDARY role), every secondary used to skip: nobody backed up, nobody failed.
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = false;
            given.ChangeLocal(r => r.With(isConnected: false));

            BackupDecision decision = given.Decide(type, copyOnly);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_PRIMARY_NOT_REACHABLE")));
        }

        [TestCase(SynchronizationState.Synchronized)]
        [TestCase(SynchronizationState.Synchronizing)]
        public void A_preferred_connected_secondary_that_is_synchronized_or_synchronizing_takes_the_backup(SynchronizationState state)
        {
            Facts given = PreferredSecondary();
            given.SynchronizationState = state;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void A_preferred_secondary_whose_database_is_not_synchronizing_refuses_the_backup()
        {
            Facts given = PreferredSecondary();
            given.SynchronizationState = SynchronizationState.NotSynchronizing;

            BackupDecision decision = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This secondary replica (SQL2) would take this COPY_ONLY FULL backup of 'Sales' but its database is NOT SYNCHRONIZING; SQL Server backs up only a connected secondary whose database is SYNCHRONIZED or SYNCHRONIZING."));
        }

        [TestCase(SynchronizationState.Reverting)]
        [TestCase(SynchronizationState.Initializing)]
        public void A_preferred_secondary_whose_database_is_reverting_or_initializing_refuses_the_backup(SynchronizationState state)
        {
            Facts given = PreferredSecondary();
            given.SynchronizationState = state;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"));
        }

        [Test]
        public void A_preferred_secondary_whose_data_movement_is_suspended_refuses_the_backup()
        {
            Facts given = PreferredSecondary();
            given.IsSuspended = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This secondary replica (SQL2) would take this LOG backup of 'Sales' but data movement of its database is SUSPENDED; SQL Server backs up only a connected secondary whose database is SYNCHRONIZED or SYNCHRONIZING."));
        }

        [Test]
        public void A_preferred_secondary_without_a_visible_database_replica_state_refuses_the_backup()
        {
            Facts given = PreferredSecondary();
            given.SynchronizationState = null;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This secondary replica (SQL2) would take this LOG backup of 'Sales' but its database replica state is not visible (sys.dm_hadr_database_replica_states has no local row); SQL Server backs up only a connected secondary whose database is SYNCHRONIZED or SYNCHRONIZING."));
        }

        [Test]
        public void An_unhealthy_secondary_that_overrides_the_preference_refuses_the_backup()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = false;
            given.OverrideBackupPreference = true;
            given.SynchronizationState = SynchronizationState.NotSynchronizing;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"));
        }

        [Test]
        public void An_unhealthy_secondary_that_is_not_preferred_skips_without_claiming_it_could_back_up()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = false;
            given.SynchronizationState = SynchronizationState.NotSynchronizing;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.IsSupportedHere, Is.False);
        }

        [Test]
        public void An_unhealthy_connected_secondary_leaves_a_type_only_the_primary_takes_to_the_primary()
        {
            Facts given = PreferredSecondary();
            given.SynchronizationState = SynchronizationState.NotSynchronizing;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void The_primary_is_not_held_to_the_health_rules_of_secondaries()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = true;
            given.SynchronizationState = SynchronizationState.NotSynchronizing;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }
    }
}
