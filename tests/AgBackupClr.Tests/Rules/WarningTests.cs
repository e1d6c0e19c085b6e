using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// WARN_PREFERENCE_DISAGREES: sys.fn_hadr_backup_is_preferred_replica is the authority (docs/rules.md F7) but has known bugs, so on the
    /// primary a disagreement with the engine's own election is reported with both answers, never hidden.
    /// </summary>
    public class WarningTests
    {
        [Test]
        public void The_primary_reports_that_sql_server_prefers_it_although_the_election_chose_a_secondary()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Warnings, Has.Count.EqualTo(1));
            Assert.That(decision.Warnings[0].Code, Is.EqualTo("WARN_PREFERENCE_DISAGREES"));
            Assert.That(decision.Warnings[0].Message, Is.EqualTo(
                "sys.fn_hadr_backup_is_preferred_replica returned 1 on this primary replica, but the engine's election chose SQL2 (BACKUP_PRIORITY = 50); the decision follows SQL Server's answer."));
        }

        [Test]
        public void The_primary_reports_that_sql_server_does_not_prefer_it_although_the_election_chose_it()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.Warnings, Has.Count.EqualTo(1));
            Assert.That(decision.Warnings[0].Message, Is.EqualTo(
                "sys.fn_hadr_backup_is_preferred_replica returned 0 on this primary replica, but the engine's election chose SQL1 (BACKUP_PRIORITY = 50); the decision follows SQL Server's answer."));
        }

        [Test]
        public void The_primary_reports_that_sql_server_prefers_it_although_the_election_found_no_replica()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.SecondaryOnly;
            given.IsPreferredBackupReplica = true;
            given.Change(Facts.Secondary, r => r.With(isOnline: false));
            given.Change(Facts.OtherSecondary, r => r.With(isOnline: false));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Warnings, Has.Count.EqualTo(1));
            Assert.That(decision.Warnings[0].Message, Is.EqualTo(
                "sys.fn_hadr_backup_is_preferred_replica returned 1 on this primary replica, but the engine's election chose no replica (the preference is SECONDARY_ONLY and no secondary replica is connected and online with BACKUP_PRIORITY above 0); the decision follows SQL Server's answer."));
        }

        [Test]
        public void No_warning_when_sql_server_and_the_election_agree()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void No_warning_when_the_answer_of_sql_server_is_unknown()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = null;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void No_warning_on_a_secondary_which_cannot_run_the_election()
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.Change(Facts.OtherSecondary, r => r.With(backupPriority: 100));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void The_reason_with_warnings_carries_the_reason_then_each_warning_code_and_message()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonWithWarnings(), Is.EqualTo(
                "This replica, SQL1 (BACKUP_PRIORITY = 50), is the preferred backup replica of availability group 'AG1' under AUTOMATED_BACKUP_PREFERENCE = SECONDARY."
                + " WARN_PREFERENCE_DISAGREES: sys.fn_hadr_backup_is_preferred_replica returned 1 on this primary replica, but the engine's election chose SQL2 (BACKUP_PRIORITY = 50); the decision follows SQL Server's answer."));
        }
    }
}
