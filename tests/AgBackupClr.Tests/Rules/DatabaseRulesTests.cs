using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>Arguments, the database and the session (docs/rules.md F9), which hold on every replica and come first.</summary>
    public class DatabaseRulesTests
    {
        [Test]
        public void A_copy_only_differential_is_refused_as_an_invalid_argument()
        {
            BackupDecision decision = Facts.OnPrimary().Decide(BackupType.Diff, copyOnly: true);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_INVALID_ARGUMENT"));
            Assert.That(decision.Reason, Is.EqualTo(
                "A COPY_ONLY differential backup does not exist: SQL Server ignores COPY_ONLY with DIFFERENTIAL and takes a regular differential backup. Ask for DIFF without copy-only, or for a COPY_ONLY FULL backup."));
        }

        [Test]
        public void A_regular_differential_is_not_an_invalid_argument()
        {
            BackupDecision decision = Facts.NotInAvailabilityGroup().Decide(BackupType.Diff);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void An_invalid_argument_wins_over_a_database_that_does_not_exist()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseExists = false;

            BackupDecision decision = given.Decide(BackupType.Diff, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_INVALID_ARGUMENT"));
        }

        [Test]
        public void A_backup_of_a_database_that_does_not_exist_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseExists = false;
            given.DatabaseName = "Missing";

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_FOUND"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Missing' does not exist on this instance; check the name (brackets and case) in the request."));
        }

        [Test]
        public void A_database_that_is_restoring_is_refused_as_not_online()
        {
            Facts given = Facts.OnPrimary();
            given.State = DatabaseState.Restoring;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Is.EqualTo("Database 'Sales' is RESTORING, not ONLINE, so it cannot be backed up."));
        }

        [TestCase(DatabaseState.Recovering)]
        [TestCase(DatabaseState.RecoveryPending)]
        [TestCase(DatabaseState.Suspect)]
        [TestCase(DatabaseState.Emergency)]
        [TestCase(DatabaseState.Offline)]
        [TestCase(DatabaseState.Copying)]
        [TestCase(DatabaseState.OfflineSecondary)]
        public void Every_state_other_than_online_is_refused(DatabaseState state)
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.State = state;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
        }

        [Test]
        public void A_database_that_is_not_online_is_refused_before_its_recovery_model_is_judged()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.State = DatabaseState.Offline;
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
        }

        [Test]
        public void A_backup_of_tempdb_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "tempdb";
            given.DatabaseId = 2;
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_TEMPDB"));
            Assert.That(decision.Reason, Is.EqualTo("tempdb cannot be backed up or restored: SQL Server recreates it at every start."));
        }

        [Test]
        public void A_full_backup_of_master_is_allowed()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "master";
            given.DatabaseId = 1;
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_differential_backup_of_master_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "master";
            given.DatabaseId = 1;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_MASTER_FULL_ONLY"));
            Assert.That(decision.Reason, Is.EqualTo("master takes only FULL database backups; a DIFF backup of master is not possible."));
        }

        [Test]
        public void A_log_backup_of_master_is_refused_even_in_full_recovery()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "master";
            given.DatabaseId = 1;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_MASTER_FULL_ONLY"));
            Assert.That(decision.Reason, Is.EqualTo("master takes only FULL database backups; a LOG backup of master is not possible."));
        }

        // System databases are recognised by database_id: on a case-sensitive server these are user databases.
        [TestCase("TempDB", 7, BackupType.Full)]
        [TestCase("Master", 6, BackupType.Log)]
        public void A_user_database_named_like_a_system_database_on_a_case_sensitive_server_is_backed_up_as_a_user_database(
            string name, int databaseId, BackupType backupType)
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.CollationIgnoresCase = false;
            given.DatabaseName = name;
            given.DatabaseId = databaseId;

            Assert.That(given.Decide(backupType).ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_log_backup_of_a_database_in_simple_recovery_is_refused()
        {
            Facts given = Facts.OnPrimary();
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_LOG_SIMPLE_RECOVERY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Sales' uses the SIMPLE recovery model, which has no log backups; set it to FULL or BULK_LOGGED and take a FULL backup first."));
        }

        [Test]
        public void A_log_backup_of_a_database_in_bulk_logged_recovery_is_allowed()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.RecoveryModel = RecoveryModel.BulkLogged;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_full_backup_of_a_database_in_simple_recovery_is_allowed()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_log_backup_without_a_base_full_backup_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.HasLogBackupBase = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_BASE_BACKUP"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Sales' has no FULL backup since it entered its recovery model (sys.database_recovery_status.last_log_backup_lsn is NULL), so a LOG backup has no base; take a FULL backup first."));
        }

        [Test]
        public void A_differential_backup_without_a_differential_base_is_refused()
        {
            Facts given = Facts.OnPrimary();
            given.HasDifferentialBase = false;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_BASE_BACKUP"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Sales' has no FULL backup to serve as the differential base (sys.master_files.differential_base_lsn is NULL); take a FULL backup first."));
        }

        [Test]
        public void A_full_backup_needs_no_base_backup()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.HasLogBackupBase = false;
            given.HasDifferentialBase = false;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_backup_inside_a_user_transaction_is_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.TranCount = 1;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_IN_USER_TRANSACTION"));
            Assert.That(decision.Reason, Is.EqualTo(
                "BACKUP cannot run inside a user transaction (@@TRANCOUNT = 1); commit or roll back first, and do not call usp_BackupIfPreferred through INSERT ... EXEC, which runs it inside one."));
        }

        [Test]
        public void A_backup_outside_a_user_transaction_is_not_refused()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.TranCount = 0;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_validation_that_runs_no_backup_is_not_refused_inside_a_user_transaction()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.TranCount = 2;
            given.WillExecute = false;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void A_database_rule_wins_over_the_user_transaction()
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.TranCount = 1;
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_LOG_SIMPLE_RECOVERY"));
        }

        [Test]
        public void A_log_backup_of_tempdb_is_refused_as_tempdb_not_for_its_simple_recovery()
        {
            // The order of the reason codes in docs/usp_BackupIfPreferred.md: tempdb before the recovery model. "Never backed up" is the answer; "switch to FULL" would mislead.
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "tempdb";
            given.DatabaseId = 2;
            given.RecoveryModel = RecoveryModel.Simple;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_TEMPDB"));
        }

        [Test]
        public void A_missing_base_backup_wins_over_the_user_transaction()
        {
            // The order of the reason codes in docs/usp_BackupIfPreferred.md: no base backup, then in a user transaction.
            Facts given = Facts.NotInAvailabilityGroup();
            given.TranCount = 1;
            given.HasLogBackupBase = false;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_NO_BASE_BACKUP"));
        }

        [Test]
        public void A_database_outside_any_availability_group_is_backed_up_here()
        {
            BackupDecision decision = Facts.NotInAvailabilityGroup().Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
            Assert.That(decision.Reason, Is.EqualTo("Database 'Sales' is not in an availability group, so this instance takes its FULL backup."));
            Assert.That(decision.IsSupportedHere, Is.True);

            // sys.fn_hadr_backup_is_preferred_replica returns 1 for a database outside any availability group, and so does is_preferred_replica.
            Assert.That(decision.IsPreferredReplica, Is.True);
        }

        [Test]
        public void The_reason_for_a_database_outside_any_availability_group_names_a_copy_only_backup()
        {
            BackupDecision decision = Facts.NotInAvailabilityGroup().Decide(BackupType.Log, copyOnly: true);

            Assert.That(decision.Reason, Is.EqualTo("Database 'Sales' is not in an availability group, so this instance takes its COPY_ONLY LOG backup."));
        }

        [Test]
        public void A_secondary_that_would_skip_does_not_refuse_a_database_that_is_not_online()
        {
            // While seeding, or recovering during a rolling upgrade, a secondary's copy is not ONLINE: only the replica
            // that would take the backup may fail on it.
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = false;
            given.State = DatabaseState.Restoring;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(given.Decide(BackupType.Diff).ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void A_preferred_secondary_refuses_a_database_that_is_not_online()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.State = DatabaseState.Recovering;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
        }

        [Test]
        public void A_preferred_secondary_refuses_a_log_backup_when_it_is_known_that_no_base_exists()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.HasLogBackupBase = false;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_NO_BASE_BACKUP"));
        }

        [Test]
        public void A_preferred_secondary_that_cannot_know_the_base_backs_up_and_leaves_the_answer_to_sql_server()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.HasLogBackupBase = null;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }
    }
}
