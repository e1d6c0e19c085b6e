using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// docs/rules.md: what a keyword or a wildcard meets that is not backed up by design is a SKIP with its own code,
    /// so the job does not fail every run; a database named explicitly is expected, so the same is a REFUSE.
    /// </summary>
    public class ByDesignExclusionTests
    {
        private static Facts ChosenBy(SelectedBy selectedBy)
        {
            Facts given = Facts.NotInAvailabilityGroup();
            given.DatabaseName = "Archive";
            given.SelectedBy = selectedBy;
            return given;
        }

        [Test]
        public void An_offline_database_chosen_by_a_keyword_or_wildcard_is_skipped()
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.State = DatabaseState.Offline;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Archive' is OFFLINE and @Databases chose it by a keyword or wildcard, which leave out databases that are OFFLINE, RESTORING or in STANDBY by design, "
                + "so it is skipped. Name it in @Databases to have its state fail the job instead."));
            Assert.That(decision.IsSupportedHere, Is.False);
        }

        [Test]
        public void An_offline_database_named_explicitly_is_refused()
        {
            Facts given = ChosenBy(SelectedBy.Name);
            given.State = DatabaseState.Offline;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Is.EqualTo("Database 'Archive' is OFFLINE, not ONLINE, so it cannot be backed up."));
        }

        [Test]
        public void A_restoring_database_chosen_by_a_keyword_or_wildcard_is_skipped()
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.State = DatabaseState.Restoring;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Does.StartWith("Database 'Archive' is RESTORING and @Databases chose it by a keyword or wildcard,"));
        }

        [Test]
        public void A_database_in_standby_chosen_by_a_keyword_or_wildcard_is_skipped()
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.IsInStandby = true;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Archive' is in STANDBY (read-only between RESTORE LOG ... WITH STANDBY) and @Databases chose it by a keyword or wildcard, which leave out databases "
                + "that are OFFLINE, RESTORING or in STANDBY by design, so it is skipped. Name it in @Databases to have its state fail the job instead."));
        }

        [Test]
        public void A_database_in_standby_named_explicitly_is_refused_as_sql_server_would_refuse_it()
        {
            Facts given = ChosenBy(SelectedBy.Name);
            given.IsInStandby = true;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Archive' is in STANDBY (read-only between RESTORE LOG ... WITH STANDBY), so it cannot be backed up until its restore sequence is completed (Msg 3036)."));
        }

        // Nobody chose these states: a backup is expected (RECOVERING ends by itself, the others need a person), so
        // missing it fails the job even under a keyword. COPYING and OFFLINE_SECONDARY are Azure SQL Database states.
        [TestCase(DatabaseState.Recovering)]
        [TestCase(DatabaseState.RecoveryPending)]
        [TestCase(DatabaseState.Suspect)]
        [TestCase(DatabaseState.Emergency)]
        [TestCase(DatabaseState.Copying)]
        [TestCase(DatabaseState.OfflineSecondary)]
        public void A_state_nobody_chose_is_refused_even_when_a_keyword_or_wildcard_chose_the_database(DatabaseState state)
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.State = state;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
            Assert.That(decision.Reason, Is.EqualTo("Database 'Archive' is " + SqlNames.Of(state) + ", not ONLINE, so it cannot be backed up."));
        }

        [TestCase(DatabaseState.Offline)]
        [TestCase(DatabaseState.Restoring)]
        public void An_availability_group_database_the_primary_would_back_up_is_refused_when_not_online_whatever_chose_it(DatabaseState state)
        {
            // Its backup is expected of the group: skipping here would leave no replica backing up and none failing.
            Facts given = Facts.OnPrimary();
            given.SelectedBy = SelectedBy.KeywordOrWildcard;
            given.State = state;

            Assert.That(given.Decide(BackupType.Full).ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
        }

        [Test]
        public void A_preferred_secondary_whose_copy_is_restoring_refuses_even_under_a_keyword()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.SelectedBy = SelectedBy.KeywordOrWildcard;
            given.State = DatabaseState.Restoring;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_ONLINE"));
        }

        [Test]
        public void A_log_backup_of_a_simple_recovery_database_chosen_by_a_keyword_or_wildcard_is_skipped()
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_LOG_SIMPLE_RECOVERY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Archive' uses the SIMPLE recovery model, which has no log backups, and @Databases chose it by a keyword or wildcard, so its LOG backup is skipped: "
                + "its FULL and DIFF backups protect it. Name it in @Databases to have this fail the job instead."));
            Assert.That(decision.IsSupportedHere, Is.False);
        }

        [Test]
        public void A_log_backup_of_a_simple_recovery_database_named_explicitly_is_refused()
        {
            Facts given = ChosenBy(SelectedBy.Name);
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_LOG_SIMPLE_RECOVERY"));
        }

        [TestCase(RecoveryModel.Simple, BackupType.Full)]
        [TestCase(RecoveryModel.Simple, BackupType.Diff)]
        [TestCase(RecoveryModel.Full, BackupType.Log)]
        [TestCase(RecoveryModel.BulkLogged, BackupType.Log)]
        public void What_the_recovery_model_allows_is_backed_up_under_a_keyword(RecoveryModel recoveryModel, BackupType backupType)
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.RecoveryModel = recoveryModel;

            Assert.That(given.Decide(backupType).ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [TestCase(BackupType.Log)]
        [TestCase(BackupType.Diff)]
        public void A_backup_master_cannot_take_is_skipped_when_a_keyword_or_wildcard_chose_master(BackupType backupType)
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.DatabaseName = "master";
            given.DatabaseId = 1;
            given.RecoveryModel = RecoveryModel.Simple;

            BackupDecision decision = given.Decide(backupType);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_MASTER_FULL_ONLY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "master takes only FULL database backups and @Databases chose it by a keyword or wildcard, so its " + SqlNames.Of(backupType) + " backup is skipped."));
        }

        [Test]
        public void Master_named_explicitly_for_a_log_backup_is_refused_and_a_keyword_still_takes_its_full_backup()
        {
            Facts named = ChosenBy(SelectedBy.Name);
            named.DatabaseName = "master";
            named.DatabaseId = 1;
            Facts byKeyword = ChosenBy(SelectedBy.KeywordOrWildcard);
            byKeyword.DatabaseName = "master";
            byKeyword.DatabaseId = 1;

            Assert.That(named.Decide(BackupType.Log).ReasonCode, Is.EqualTo("REFUSE_MASTER_FULL_ONLY"));
            Assert.That(byKeyword.Decide(BackupType.Full).ReasonCode, Is.EqualTo("OK_NOT_IN_AG"));
        }

        [Test]
        public void Not_online_comes_before_the_recovery_model()
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.State = DatabaseState.Offline;
            given.RecoveryModel = RecoveryModel.Simple;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_DATABASE_NOT_ONLINE"));
        }

        [Test]
        public void A_skip_by_design_wins_over_the_user_transaction_because_nothing_would_run()
        {
            Facts given = ChosenBy(SelectedBy.KeywordOrWildcard);
            given.RecoveryModel = RecoveryModel.Simple;
            given.TranCount = 1;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_LOG_SIMPLE_RECOVERY"));
        }

        [TestCase(BackupType.Full)]
        [TestCase(BackupType.Restore)]
        public void A_database_snapshot_named_explicitly_is_refused(BackupType backupType)
        {
            Facts given = ChosenBy(SelectedBy.Name);
            given.DatabaseName = "Sales_Monday";
            given.IsSnapshot = true;

            BackupDecision decision = given.Decide(backupType);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_DATABASE_SNAPSHOT"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Database 'Sales_Monday' is a database snapshot (sys.databases.source_database_id is not NULL): SQL Server cannot back up or restore a snapshot (Msg 3002); "
                + "back up its source database instead."));
        }

        [Test]
        public void A_database_snapshot_is_refused_before_its_state_is_judged()
        {
            // A snapshot whose sparse file filled up is SUSPECT; it can never be backed up, whatever its state.
            Facts given = ChosenBy(SelectedBy.Name);
            given.IsSnapshot = true;
            given.State = DatabaseState.Suspect;

            Assert.That(given.Decide(BackupType.Full).ReasonCode, Is.EqualTo("REFUSE_DATABASE_SNAPSHOT"));
        }
    }
}
