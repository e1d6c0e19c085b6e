using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// The placement principle of docs/rules.md and the backup preference (F6, F7): the preference applies only to types a
    /// secondary may take; a type no secondary may take runs on the primary whatever the preference.
    /// </summary>
    public class PlacementTests
    {
        [Test]
        public void A_differential_backup_runs_on_the_primary_even_when_the_preference_is_secondary_only()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.SecondaryOnly;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "No secondary replica can take this DIFF backup (SQL Server 16.x (before SQL Server 2025) does not allow differential backups on a secondary replica), so the primary replica (SQL1) takes it whatever the backup preference of availability group 'AG1'."));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL1"));
        }

        [TestCase(BackupType.Full, "SQL Server 16.x (before SQL Server 2025) allows only COPY_ONLY FULL backups on a secondary replica")]
        [TestCase(BackupType.Diff, "SQL Server 16.x (before SQL Server 2025) does not allow differential backups on a secondary replica")]
        public void A_primary_only_type_on_a_primary_that_is_not_online_is_refused_since_it_serves_no_requests(BackupType type, string whyNoSecondary)
        {
            Facts given = Facts.OnPrimary();
            given.ChangeLocal(r => r.With(isOnline: false));

            BackupDecision decision = given.Decide(type);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_ELIGIBLE_REPLICA"));
            Assert.That(decision.IsSupportedHere, Is.False);
            Assert.That(decision.Reason, Is.EqualTo(
                "No replica of availability group 'AG1' would take this " + SqlNames.Of(type) + " backup: its primary replica (SQL1) is not ONLINE, so it serves no "
                + "requests, and no secondary replica may take it (" + whyNoSecondary + "); bring the primary replica back ONLINE, or fail over."));
        }

        [Test]
        public void A_primary_that_is_not_online_leaves_a_log_backup_to_the_secondary_that_takes_it()
        {
            // Only a type no secondary may take is lost with the primary; a LOG goes to the preferred secondary as usual.
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;
            given.ChangeLocal(r => r.With(isOnline: false));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, "SKIP_NOT_PREFERRED")));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
        }

        [Test]
        public void The_sentences_name_this_replica_as_its_availability_group_lists_it()
        {
            // SERVERPROPERTY('ServerName') can differ from replica_server_name (a Linux host name in lower case, say): the
            // preferred_replica column and the sentence must name the replica the DBA sees in sys.availability_replicas.
            Facts given = Facts.OnPrimary();
            given.ServerName = "sql1";
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL1"));
            Assert.That(decision.Reason, Does.Contain("so the primary replica (SQL1) takes it"));
        }

        [TestCase(3, false, TestName = "A forwarder's COPY_ONLY FULL follows the preference on Enterprise edition")]
        [TestCase(2, true, TestName = "A forwarder's COPY_ONLY FULL follows the preference in a basic group too")]
        public void A_forwarders_copy_only_full_backup_follows_the_preference_whatever_its_secondaries_may_take(int engineEdition, bool isBasic)
        {
            // Without @AllowNonCopyOnlyBackupsOnForwarder the forwarder is not the primary that takes what no secondary may
            // take: its COPY_ONLY FULL goes by the election, where only the forwarder can win, so BACKUP_PRIORITY 0 refuses it
            // there whether or not its own secondaries could take such a backup (basic groups of distributed groups: SQL Server
            // 2019 CU17 and later).
            Facts given = Facts.OnPrimary();
            given.DistributedRole = DistributedRole.Secondary;
            given.EngineEdition = engineEdition;
            given.IsBasic = isBasic;
            given.IsPreferredBackupReplica = true;

            BackupDecision preferred = given.Decide(BackupType.Full, copyOnly: true);
            given.ChangeLocal(r => r.With(backupPriority: 0));
            given.IsPreferredBackupReplica = false;
            BackupDecision priorityZero = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That((preferred.Action, preferred.ReasonCode), Is.EqualTo((DecisionAction.Backup, "OK_PREFERRED_REPLICA")));
            Assert.That((priorityZero.Action, priorityZero.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_NO_ELIGIBLE_REPLICA")));
        }

        [TestCase(AutomatedBackupPreference.Primary)]
        [TestCase(AutomatedBackupPreference.SecondaryOnly)]
        [TestCase(AutomatedBackupPreference.Secondary)]
        [TestCase(AutomatedBackupPreference.None)]
        public void A_regular_full_backup_of_sql_server_2022_runs_on_the_primary_whatever_the_preference(AutomatedBackupPreference preference)
        {
            Facts given = Facts.OnPrimary();
            given.Preference = preference;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
        }

        [Test]
        public void A_copy_only_log_backup_runs_on_the_primary()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Log, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
            Assert.That(decision.Reason, Is.EqualTo(
                "No secondary replica can take this COPY_ONLY LOG backup (SQL Server does not allow COPY_ONLY log backups on a secondary replica), so the primary replica (SQL1) takes it whatever the backup preference of availability group 'AG1'."));
        }

        [Test]
        public void Every_backup_of_a_basic_availability_group_runs_on_the_primary()
        {
            Facts given = Facts.OnPrimary();
            given.IsBasic = true;
            given.EngineEdition = 2;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
        }

        [Test]
        public void Every_backup_on_standard_edition_runs_on_the_primary()
        {
            Facts given = Facts.OnPrimary();
            given.EngineEdition = 2;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
        }

        [Test]
        public void A_differential_backup_of_sql_server_2025_follows_the_preference_on_the_primary()
        {
            Facts given = Facts.OnPrimary();
            given.ProductMajorVersion = 17;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Replica SQL2 (BACKUP_PRIORITY = 50) is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY, so this replica (SQL1) skips this DIFF backup."));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
            Assert.That(decision.IsPreferredReplica, Is.False);
        }

        [Test]
        public void The_primary_takes_a_log_backup_when_the_preference_is_primary()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This replica, SQL1 (BACKUP_PRIORITY = 50), is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = PRIMARY."));
            Assert.That(decision.IsPreferredReplica, Is.True);
            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void Without_the_answer_of_sql_server_the_primary_follows_its_own_election()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = null;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void Without_the_answer_of_sql_server_the_primary_names_the_secondary_its_election_prefers()
        {
            Facts given = Facts.OnPrimary();
            given.Change(Facts.OtherSecondary, r => r.With(backupPriority: 80));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Replica SQL3 (BACKUP_PRIORITY = 80) is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY, so this replica (SQL1) skips this LOG backup."));
        }

        [Test]
        public void A_secondary_that_sql_server_prefers_takes_the_log_backup()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This replica, SQL2 (BACKUP_PRIORITY = 50), is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY."));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
        }

        [Test]
        public void A_secondary_that_sql_server_does_not_prefer_skips_the_log_backup()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Another replica is the preferred backup replica (sys.fn_hadr_backup_is_preferred_replica returned 0 here) of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY, so this replica (SQL2) skips this LOG backup."));
            Assert.That(decision.PreferredReplicaName, Is.Null);
            Assert.That(decision.IsSupportedHere, Is.True);
        }

        [Test]
        public void A_secondary_without_the_answer_of_sql_server_refuses_rather_than_skip_silently()
        {
            // Only the primary can elect (docs/rules.md F8): a secondary without sys.fn_hadr_backup_is_preferred_replica's answer cannot tell
            // whether it should take the backup; skipping would leave a gap if it were the preferred one.
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = null;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_PREFERENCE_UNKNOWN")));
            Assert.That(decision.Reason, Is.EqualTo(
                "sys.fn_hadr_backup_is_preferred_replica gave no answer for 'Sales' on this secondary replica (SQL2) of availability group 'AG1', and only "
                + "the primary can run the election, so whether this replica should take the LOG backup is unknown; the job fails rather than skip with "
                + "every other replica."));
        }

        [Test]
        public void A_secondary_without_an_answer_still_leaves_a_type_only_the_primary_takes_to_the_primary()
        {
            // The answer is not even asked for such a type (it can take seconds with many groups), so it is NULL by design.
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = null;

            Assert.That(given.Decide(BackupType.Diff).ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void Override_of_the_preference_lets_a_secondary_take_a_log_backup_sql_server_accepts()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = false;
            given.OverrideBackupPreference = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Reason, Is.EqualTo(
                "@OverrideBackupPreference = 'Y': this replica (SQL2) takes the LOG backup although another replica is the preferred backup replica of availability group 'AG1'."));
            Assert.That(decision.IsPreferredReplica, Is.False);
        }

        [Test]
        public void Override_of_the_preference_on_the_primary_names_the_preferred_secondary()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;
            given.OverrideBackupPreference = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Reason, Is.EqualTo(
                "@OverrideBackupPreference = 'Y': this replica (SQL1) takes the LOG backup although SQL2 is the preferred backup replica of availability group 'AG1'."));
        }

        [Test]
        public void A_log_backup_on_the_seeding_source_waits_for_seeding_only_when_the_caller_asks_for_it()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = true;
            given.IsSeeding = true;
            given.ExcludeSeedingFromLogBackup = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_SEEDING"));
            Assert.That(decision.Reason, Is.EqualTo(
                "This replica (SQL1) would take this LOG backup, but it is seeding database 'Sales' to another replica of availability group 'AG1' "
                + "and @ExcludeSeedingFromLogBackup = 'Y', so the LOG backup waits until seeding finishes."));
        }

        [Test]
        public void Log_backups_go_on_during_seeding_by_default()
        {
            // Log backups remain possible while automatic seeding runs; skipping them silently for hours was a gap.
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = true;
            given.IsSeeding = true;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void A_seeding_source_that_would_not_take_the_log_says_who_does_not_that_it_is_seeding()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;
            given.IsSeeding = true;
            given.ExcludeSeedingFromLogBackup = true;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
        }

        [Test]
        public void A_copy_only_full_backup_does_not_wait_for_seeding()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.IsSeeding = true;

            BackupDecision decision = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void A_log_backup_runs_once_seeding_has_finished()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.IsSeeding = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }
    }
}
