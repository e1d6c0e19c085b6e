using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// The election of docs/rules.md (F6): candidates have BACKUP_PRIORITY above 0, are not CONFIGURATION_ONLY and are
    /// connected and online where that is visible; the preference picks among them; highest priority wins; a tie goes to the
    /// lowest replica name, case-insensitively (unverified against SQL Server, docs/rules.md F7). Elections run on the primary (F8).
    /// </summary>
    public class ElectionTests
    {
        private static Facts Group(AutomatedBackupPreference preference, params ReplicaFacts[] replicas)
        {
            Facts given = Facts.OnPrimary();
            given.Preference = preference;
            given.Replicas.Clear();
            given.Replicas.AddRange(replicas);
            given.LocalReplicaName = replicas[0].ReplicaServerName;
            return given;
        }

        private static ReplicaFacts Primary(string name = Facts.Primary, int priority = 50) => Facts.Replica(name, ReplicaRole.Primary, priority);

        private static ReplicaFacts Secondary(string name, int priority = 50) => Facts.Replica(name, ReplicaRole.Secondary, priority);

        private static string? WinnerOf(Facts given) => given.Elect().Winner?.ReplicaServerName;

        [Test]
        public void Under_primary_the_primary_wins_even_when_a_secondary_has_a_higher_priority()
        {
            Facts given = Group(AutomatedBackupPreference.Primary, Primary(priority: 10), Secondary("SQL2", 100));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void Under_primary_nobody_wins_when_the_primary_is_not_online()
        {
            Facts given = Group(AutomatedBackupPreference.Primary, Primary().With(isOnline: false), Secondary("SQL2"));

            ElectionResult result = given.Elect();

            Assert.That(result.Winner, Is.Null);
            Assert.That(result.WhyNone, Is.EqualTo("the preference is PRIMARY and no primary replica is online"));
        }

        [Test]
        public void Under_primary_a_primary_with_priority_0_is_never_chosen()
        {
            // docs/rules.md: candidates have backup_priority > 0; F6: BACKUP_PRIORITY 0 = never.
            Facts given = Group(AutomatedBackupPreference.Primary, Primary(priority: 0), Secondary("SQL2"));

            Assert.That(WinnerOf(given), Is.Null);
        }

        [TestCase(AutomatedBackupPreference.Secondary)]
        [TestCase(AutomatedBackupPreference.SecondaryOnly)]
        [TestCase(AutomatedBackupPreference.None)]
        public void A_resolving_replica_never_wins_whatever_its_priority(AutomatedBackupPreference preference)
        {
            // A RESOLVING replica can take no backup: if it won, every healthy replica would skip and nobody back up.
            Facts given = Group(preference, Primary(priority: 10), Facts.Replica("SQL2", ReplicaRole.Resolving, 100), Secondary("SQL3", 20));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL3"));
        }

        [Test]
        public void Under_secondary_the_primary_still_takes_it_when_the_only_other_replica_is_resolving()
        {
            Facts given = Group(AutomatedBackupPreference.Secondary, Primary(), Facts.Replica("SQL2", ReplicaRole.Resolving, 100));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void A_replica_whose_role_is_not_visible_never_wins()
        {
            Facts given = Group(AutomatedBackupPreference.None, Primary(priority: 10), Facts.Replica("SQL2", ReplicaRole.Secondary, 100).With(role: null));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void In_a_distributed_groups_secondary_group_only_the_forwarder_can_win()
        {
            Facts given = Group(AutomatedBackupPreference.Secondary, Primary(priority: 10), Secondary("SQL2", 100));
            given.DistributedRole = DistributedRole.Secondary;

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void A_forwarder_nobody_may_elect_refuses_the_copy_only_full_backup_instead_of_skipping_it()
        {
            Facts given = Group(AutomatedBackupPreference.Secondary, Primary(priority: 0), Secondary("SQL2", 100));
            given.DistributedRole = DistributedRole.Secondary;
            given.IsPreferredBackupReplica = false;

            BackupDecision decision = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_ELIGIBLE_REPLICA"));
            Assert.That(decision.Reason, Does.Contain("only the forwarder takes backups"));
        }

        [Test]
        public void Under_secondary_only_the_secondary_with_the_highest_priority_wins()
        {
            Facts given = Group(
                AutomatedBackupPreference.SecondaryOnly, Primary(priority: 100), Secondary("SQL2", 50), Secondary("SQL3", 80));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL3"));
        }

        [Test]
        public void Under_secondary_only_a_tie_goes_to_the_lowest_name_ignoring_case()
        {
            Facts given = Group(AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQLB"), Secondary("sqla"));

            Assert.That(WinnerOf(given), Is.EqualTo("sqla"));
        }

        [Test]
        public void A_tie_does_not_depend_on_the_order_of_the_replicas()
        {
            Facts given = Group(AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("sqla"), Secondary("SQLB"));

            Assert.That(WinnerOf(given), Is.EqualTo("sqla"));
        }

        [Test]
        public void The_election_lists_every_candidate_tied_with_the_winner_among_those_the_preference_chooses_from()
        {
            // SQL Server does not document its tie-break (docs/rules.md F7): any of these may be the replica it prefers.
            Facts secondary = Group(AutomatedBackupPreference.Secondary, Primary(), Secondary("SQL3"), Secondary("SQL2"), Secondary("SQL4", 40),
                Secondary("SQL5").With(isConnected: false));
            Facts none = Group(AutomatedBackupPreference.None, Primary(), Secondary("SQL3"), Secondary("SQL2"), Secondary("SQL4", 40));
            Facts primary = Group(AutomatedBackupPreference.Primary, Primary(), Secondary("SQL2"));

            Assert.That(secondary.Elect().Tied().Select(r => r.ReplicaServerName), Is.EqualTo(new[] { "SQL3", "SQL2" }));
            Assert.That(none.Elect().Tied().Select(r => r.ReplicaServerName), Is.EqualTo(new[] { "SQL1", "SQL3", "SQL2" }));
            Assert.That(primary.Elect().Tied().Select(r => r.ReplicaServerName), Is.EqualTo(new[] { "SQL1" }));
            Assert.That(Group(AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQL2", 0)).Elect().Tied(), Is.Empty);
        }

        [Test]
        public void A_secondary_with_priority_0_is_never_chosen()
        {
            Facts given = Group(AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQL2", 0), Secondary("SQL3", 1));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL3"));
        }

        [Test]
        public void A_secondary_with_priority_1_can_be_chosen()
        {
            Facts given = Group(AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQL2", 1));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL2"));
        }

        [Test]
        public void A_disconnected_secondary_is_never_chosen()
        {
            Facts given = Group(
                AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQL2", 90).With(isConnected: false), Secondary("SQL3", 10));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL3"));
        }

        [Test]
        public void An_offline_secondary_is_never_chosen()
        {
            Facts given = Group(
                AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQL2", 90).With(isOnline: false), Secondary("SQL3", 10));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL3"));
        }

        [Test]
        public void A_secondary_whose_state_is_not_visible_is_still_a_candidate()
        {
            Facts given = Group(
                AutomatedBackupPreference.SecondaryOnly, Primary(), Secondary("SQL2").With(isConnected: null, isOnline: null));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL2"));
        }

        [Test]
        public void A_configuration_only_replica_is_never_chosen()
        {
            Facts given = Group(
                AutomatedBackupPreference.SecondaryOnly,
                Primary(),
                Secondary("SQL2", 100).With(availabilityMode: AvailabilityMode.ConfigurationOnly),
                Secondary("SQL3", 10));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL3"));
        }

        [Test]
        public void Under_secondary_only_nobody_wins_when_the_primary_is_the_only_replica_online()
        {
            Facts given = Group(
                AutomatedBackupPreference.SecondaryOnly,
                Primary(),
                Secondary("SQL2").With(isOnline: false),
                Secondary("SQL3").With(isConnected: false));

            ElectionResult result = given.Elect();

            Assert.That(result.Winner, Is.Null);
            Assert.That(result.WhyNone, Is.EqualTo(
                "the preference is SECONDARY_ONLY and no secondary replica is connected and online with BACKUP_PRIORITY above 0"));
        }

        [Test]
        public void Under_secondary_a_secondary_wins_over_a_primary_with_a_higher_priority()
        {
            Facts given = Group(AutomatedBackupPreference.Secondary, Primary(priority: 100), Secondary("SQL2", 1));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL2"));
        }

        [Test]
        public void Under_secondary_the_primary_wins_when_it_is_the_only_replica_online()
        {
            Facts given = Group(
                AutomatedBackupPreference.Secondary,
                Primary(),
                Secondary("SQL2").With(isOnline: false),
                Secondary("SQL3").With(isConnected: false));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void Under_secondary_the_primary_wins_when_every_secondary_has_priority_0()
        {
            Facts given = Group(AutomatedBackupPreference.Secondary, Primary(), Secondary("SQL2", 0), Secondary("SQL3", 0));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void Under_secondary_nobody_wins_when_the_only_replica_online_is_a_primary_with_priority_0()
        {
            Facts given = Group(AutomatedBackupPreference.Secondary, Primary(priority: 0), Secondary("SQL2").With(isOnline: false));

            ElectionResult result = given.Elect();

            Assert.That(result.Winner, Is.Null);
            Assert.That(result.WhyNone, Is.EqualTo(
                "no secondary replica is connected and online with BACKUP_PRIORITY above 0, and the primary's BACKUP_PRIORITY is 0"));
        }

        [Test]
        public void Under_secondary_with_no_secondary_and_the_primary_not_online_the_refusal_says_the_primary_is_not_online()
        {
            // The remedy differs from a primary with BACKUP_PRIORITY 0: bring the primary back, not change its priority.
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = false;
            given.ChangeLocal(r => r.With(isOnline: false));
            given.Change(Facts.Secondary, r => r.With(isOnline: false));
            given.Change(Facts.OtherSecondary, r => r.With(isConnected: false));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_NO_ELIGIBLE_REPLICA")));
            Assert.That(decision.Reason, Is.EqualTo(
                "No replica of availability group 'AG1' would take this LOG backup: no secondary replica is connected and online with BACKUP_PRIORITY above 0, "
                + "and no primary replica is online; change the backup preference or priorities, or bring a secondary back."));
        }

        [Test]
        public void Under_none_the_highest_priority_wins_whatever_its_role()
        {
            Facts given = Group(AutomatedBackupPreference.None, Primary(priority: 60), Secondary("SQL2", 50), Secondary("SQL3", 59));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void Under_none_a_secondary_with_a_higher_priority_than_the_primary_wins()
        {
            Facts given = Group(AutomatedBackupPreference.None, Primary(priority: 60), Secondary("SQL2", 61));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL2"));
        }

        [TestCase("SQL1", "SQL2", "SQL1")]
        [TestCase("SQL9", "SQL2", "SQL2")]
        [TestCase("sql9", "SQL10", "SQL10")]
        public void Under_none_a_tie_between_primary_and_secondary_goes_to_the_lowest_name(string primary, string secondary, string winner)
        {
            Facts given = Group(AutomatedBackupPreference.None, Primary(primary), Secondary(secondary));

            Assert.That(WinnerOf(given), Is.EqualTo(winner));
        }

        [Test]
        public void Under_none_configuration_only_disconnected_and_offline_replicas_are_passed_over()
        {
            Facts given = Group(
                AutomatedBackupPreference.None,
                Primary(priority: 10),
                Secondary("SQL2", 100).With(availabilityMode: AvailabilityMode.ConfigurationOnly),
                Secondary("SQL3", 90).With(isConnected: false),
                Secondary("SQL4", 80).With(isOnline: false));

            Assert.That(WinnerOf(given), Is.EqualTo("SQL1"));
        }

        [Test]
        public void Under_none_nobody_wins_when_every_priority_is_0()
        {
            Facts given = Group(AutomatedBackupPreference.None, Primary(priority: 0), Secondary("SQL2", 0), Secondary("SQL3", 0));

            ElectionResult result = given.Elect();

            Assert.That(result.Winner, Is.Null);
            Assert.That(result.WhyNone, Is.EqualTo("no replica is connected and online with BACKUP_PRIORITY above 0"));
        }

        [Test]
        public void On_the_primary_no_eligible_replica_under_secondary_only_refuses_the_backup()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.SecondaryOnly;
            given.IsPreferredBackupReplica = false;
            given.Change(Facts.Secondary, r => r.With(isOnline: false));
            given.Change(Facts.OtherSecondary, r => r.With(isConnected: false));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Refuse));
            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_ELIGIBLE_REPLICA"));
            Assert.That(decision.Reason, Is.EqualTo(
                "No replica of availability group 'AG1' would take this LOG backup: the preference is SECONDARY_ONLY and no secondary replica is connected and online with BACKUP_PRIORITY above 0; change the backup preference or priorities, or bring a secondary back."));
            Assert.That(decision.IsPreferredReplica, Is.False);
            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void On_the_primary_a_healthy_secondary_with_priority_1_avoids_the_refusal_under_secondary_only()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.SecondaryOnly;
            given.IsPreferredBackupReplica = false;
            given.Change(Facts.Secondary, r => r.With(backupPriority: 1));
            given.Change(Facts.OtherSecondary, r => r.With(backupPriority: 0));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_NOT_PREFERRED"));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
        }

        [Test]
        public void On_the_primary_every_priority_0_refuses_the_backup()
        {
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.None;
            given.IsPreferredBackupReplica = false;
            SetEveryPriority(given, 0);

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_ELIGIBLE_REPLICA"));
            Assert.That(decision.Reason, Is.EqualTo(
                "No replica of availability group 'AG1' would take this LOG backup: no replica is connected and online with BACKUP_PRIORITY above 0; change the backup preference or priorities, or bring a secondary back."));
        }

        [Test]
        public void On_the_primary_every_priority_0_refuses_the_backup_under_primary_too()
        {
            // docs/rules.md names "all priorities 0" as a REFUSE_NO_ELIGIBLE_REPLICA case, whatever the preference.
            Facts given = Facts.OnPrimary();
            given.Preference = AutomatedBackupPreference.Primary;
            given.IsPreferredBackupReplica = false;
            SetEveryPriority(given, 0);

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("REFUSE_NO_ELIGIBLE_REPLICA"));
        }

        [Test]
        public void Under_secondary_the_primary_takes_the_backup_when_it_is_the_only_replica_online()
        {
            Facts given = Facts.OnPrimary();
            given.IsPreferredBackupReplica = true;
            given.Change(Facts.Secondary, r => r.With(isOnline: false));
            given.Change(Facts.OtherSecondary, r => r.With(isOnline: false));

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.Warnings, Is.Empty);
        }

        private static void SetEveryPriority(Facts given, int priority)
        {
            List<ReplicaFacts> replicas = given.Replicas;
            for (int i = 0; i < replicas.Count; i++)
            {
                replicas[i] = replicas[i].With(backupPriority: priority);
            }
        }
    }
}
