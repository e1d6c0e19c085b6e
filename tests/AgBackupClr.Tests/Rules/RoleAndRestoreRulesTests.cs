using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>A replica without a role (RESOLVING) and RESTORE validation (docs/rules.md F2), which come before placement.</summary>
    public class RoleAndRestoreRulesTests
    {
        [Test]
        public void A_backup_on_a_resolving_replica_is_refused()
        {
            Facts given = Facts.OnSecondary();
            given.ChangeLocal(r => r.With(role: ReplicaRole.Resolving));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_REPLICA_RESOLVING"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This replica of availability group 'AG1' is RESOLVING, neither primary nor secondary; no backup can run here until it has a role."));
            Assert.That(decision.IsSupportedHere, Is.False);
        }

        [Test]
        public void A_replica_whose_role_is_not_visible_is_treated_as_resolving()
        {
            Facts given = Facts.OnSecondary();
            given.ChangeLocal(r => r.With(role: null));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_REPLICA_RESOLVING"));
        }

        [Test]
        public void A_user_transaction_wins_over_a_resolving_replica()
        {
            Facts given = Facts.OnSecondary();
            given.ChangeLocal(r => r.With(role: ReplicaRole.Resolving));
            given.TranCount = 1;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_IN_USER_TRANSACTION"));
        }

        [Test]
        public void A_database_in_an_availability_group_whose_facts_are_missing_is_not_backed_up_as_if_outside_any_group()
        {
            // The database names AG1 but no facts about AG1 were read, so its role here is unknown; answering "not in an
            // availability group" would let a secondary run a DIFF that SQL Server refuses (docs/rules.md F1).
            Facts given = Facts.OnSecondary();

            BackupDecision decision = BackupDecisionEngine.Decide(
                given.Instance(), given.DatabaseName, given.Database(), null, new BackupRequest(BackupType.Diff, false, false, true, SelectedBy.Name));

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_REPLICA_RESOLVING"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Sales' belongs to availability group 'AG1', but this replica's role in it is not visible (sys.availability_groups / sys.dm_hadr_availability_replica_states); no backup can run here until it is."));
        }

        [Test]
        public void Validating_a_restore_into_a_database_of_an_availability_group_is_refused_on_the_primary()
        {
            BackupDecision decision = Facts.OnPrimary().Decide(BackupType.Restore);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_RESTORE_ON_AG_DATABASE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "RESTORE is not allowed on database 'Sales' because it belongs to availability group 'AG1' (on the primary and on secondaries); remove it from the availability group first."));
        }

        [Test]
        public void Validating_a_restore_into_a_database_of_an_availability_group_is_refused_on_a_secondary()
        {
            BackupDecision decision = Facts.OnSecondary().Decide(BackupType.Restore);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_RESTORE_ON_AG_DATABASE"));
        }

        [Test]
        public void A_resolving_replica_wins_over_a_restore()
        {
            Facts given = Facts.OnPrimary();
            given.ChangeLocal(r => r.With(role: ReplicaRole.Resolving));

            BackupDecision decision = given.Decide(BackupType.Restore);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_REPLICA_RESOLVING"));
        }

        [Test]
        public void Validating_a_restore_into_a_database_outside_any_availability_group_is_allowed()
        {
            BackupDecision decision = Facts.NotInAvailabilityGroup().Decide(BackupType.Restore);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
            Assert.That(decision.Reason, Is.EqualTo("Database 'Sales' is not in an availability group, so this instance takes its RESTORE."));
        }

        [Test]
        public void Validating_a_restore_that_creates_a_new_database_is_allowed()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseExists = false;
            given.DatabaseName = "NewSales";

            BackupDecision decision = given.Decide(BackupType.Restore);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_restore_that_creates_a_new_database_inside_a_user_transaction_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseExists = false;
            given.DatabaseName = "NewSales";
            given.TranCount = 1;

            BackupDecision decision = given.Decide(BackupType.Restore);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_IN_USER_TRANSACTION")));
        }

        [Test]
        public void A_restore_over_tempdb_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "tempdb";
            given.DatabaseId = 2;

            BackupDecision decision = given.Decide(BackupType.Restore);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_TEMPDB"));
        }

        [Test]
        public void On_a_case_sensitive_server_a_restore_creating_a_database_named_TempDB_is_allowed()
        {
            // tempdb always exists: a name no database has is never tempdb's, whatever its case.
            Facts given = Facts.NotInAvailabilityGroup();
            given.CollationIgnoresCase = false;
            given.DatabaseExists = false;
            given.DatabaseName = "TempDB";

            Assert.That(given.Decide(BackupType.Restore).ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_restore_inside_a_user_transaction_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.TranCount = 3;

            BackupDecision decision = given.Decide(BackupType.Restore);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_IN_USER_TRANSACTION"));
            Assert.That(decision.Reason, Is.EqualTo("RESTORE cannot run inside a user transaction (@@TRANCOUNT = 3); commit or roll back first."));
        }
    }
}
