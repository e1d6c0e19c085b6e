using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// Which backups a replica may take: docs/rules.md F1 (secondaries up to SQL Server 2022), F3 (SQL Server 2025), F4 (basic AGs,
    /// edition) and docs/rules.md F5 (distributed AGs). Every secondary here is preferred and healthy, so only the type decides.
    /// </summary>
    public class ReplicaBackupRulesTests
    {
        private static Facts PreferredSecondary(int version = 16, int engineEdition = 3)
        {
            Facts given = Facts.OnSecondary();
            given.IsPreferredBackupReplica = true;
            given.ProductMajorVersion = version;
            given.EngineEdition = engineEdition;
            return given;
        }

        [Test]
        public void A_copy_only_full_backup_runs_on_a_secondary_of_sql_server_2022()
        {
            BackupDecision decision = PreferredSecondary().Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
            Assert.That(decision.IsSupportedHere, Is.True);
        }

        [Test]
        public void A_regular_full_backup_is_left_to_the_primary_by_a_secondary_of_sql_server_2022()
        {
            BackupDecision decision = PreferredSecondary().Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "SQL Server 16.x (before SQL Server 2025) allows only COPY_ONLY FULL backups on a secondary replica, so the primary replica takes it; this replica (SQL2) skips this FULL backup."));
            Assert.That(decision.IsSupportedHere, Is.False);
        }

        [Test]
        public void A_regular_full_backup_runs_on_a_secondary_of_sql_server_2025()
        {
            BackupDecision decision = PreferredSecondary(version: 17).Decide(BackupType.Full);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void A_differential_backup_is_left_to_the_primary_by_a_secondary_of_sql_server_2022()
        {
            BackupDecision decision = PreferredSecondary().Decide(BackupType.Diff);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "SQL Server 16.x (before SQL Server 2025) does not allow differential backups on a secondary replica, so the primary replica takes it; this replica (SQL2) skips this DIFF backup."));
        }

        [Test]
        public void A_differential_backup_runs_on_a_secondary_of_sql_server_2025()
        {
            BackupDecision decision = PreferredSecondary(version: 17).Decide(BackupType.Diff);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [TestCase(16)]
        [TestCase(17)]
        public void A_regular_log_backup_runs_on_a_secondary(int version)
        {
            BackupDecision decision = PreferredSecondary(version).Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [TestCase(16)]
        [TestCase(17)]
        public void A_copy_only_log_backup_is_left_to_the_primary_by_a_secondary_of_any_version(int version)
        {
            BackupDecision decision = PreferredSecondary(version).Decide(BackupType.Log, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "SQL Server does not allow COPY_ONLY log backups on a secondary replica, so the primary replica takes it; this replica (SQL2) skips this COPY_ONLY LOG backup."));
        }

        [Test]
        public void A_secondary_of_standard_edition_takes_no_backup()
        {
            BackupDecision decision = PreferredSecondary(engineEdition: 2).Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "Backups on a secondary replica need Enterprise or Developer edition (EngineEdition 3), and this instance is EngineEdition 2, so the primary replica takes it; this replica (SQL2) skips this LOG backup."));
        }

        [Test]
        public void A_secondary_of_standard_edition_takes_no_full_backup_even_on_sql_server_2025()
        {
            BackupDecision decision = PreferredSecondary(version: 17, engineEdition: 2).Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void A_secondary_of_enterprise_edition_takes_a_copy_only_full_backup()
        {
            BackupDecision decision = PreferredSecondary(engineEdition: 3).Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void A_secondary_of_a_basic_availability_group_takes_no_backup()
        {
            Facts given = PreferredSecondary(version: 17);
            given.IsBasic = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "A basic availability group allows no backups on its secondary replica, so the primary replica takes it; this replica (SQL2) skips this LOG backup."));
        }

        [Test]
        public void A_secondary_of_an_availability_group_that_is_not_basic_takes_a_log_backup()
        {
            Facts given = PreferredSecondary();
            given.IsBasic = false;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void Override_of_the_preference_does_not_let_a_secondary_take_a_backup_sql_server_refuses()
        {
            Facts given = PreferredSecondary();
            given.IsPreferredBackupReplica = false;
            given.OverrideBackupPreference = true;

            BackupDecision decision = given.Decide(BackupType.Diff);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void A_secondary_of_the_availability_group_that_holds_the_global_primary_takes_a_log_backup()
        {
            Facts given = PreferredSecondary();
            given.DistributedRole = DistributedRole.GlobalPrimary;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void The_forwarder_of_a_distributed_availability_group_takes_a_copy_only_full_backup()
        {
            Facts given = Facts.OnPrimary();
            given.DistributedRole = DistributedRole.Secondary;
            given.IsPreferredBackupReplica = true;

            BackupDecision decision = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Backup));
            Assert.That(decision.ReasonCode, Is.EqualTo("OK_PREFERRED_REPLICA"));
        }

        [Test]
        public void The_forwarder_of_a_distributed_availability_group_leaves_a_log_backup_to_the_global_primary()
        {
            Facts given = Facts.OnPrimary();
            given.DistributedRole = DistributedRole.Secondary;
            given.IsPreferredBackupReplica = true;

            BackupDecision decision = given.Decide(BackupType.Log);

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "The forwarder of a distributed availability group takes only COPY_ONLY FULL backups unless @AllowNonCopyOnlyBackupsOnForwarder = 'Y' "
                + "(a policy, not a SQL Server limit: FULL, DIFF and LOG backups at two sites would split the log chain), so the distributed availability "
                + "group's global primary replica takes it; this replica (SQL1) skips this LOG backup."));
        }

        [TestCase(BackupType.Log, "OK_PREFERRED_REPLICA")]
        [TestCase(BackupType.Full, "OK_PRIMARY_ONLY_TYPE")]
        [TestCase(BackupType.Diff, "OK_PRIMARY_ONLY_TYPE")]
        public void A_forwarder_allowed_non_copy_only_backups_takes_them(BackupType type, string code)
        {
            Facts given = Facts.OnPrimary();
            given.DistributedRole = DistributedRole.Secondary;
            given.IsPreferredBackupReplica = true;
            given.AllowNonCopyOnlyBackupsOnForwarder = true;

            BackupDecision decision = given.Decide(type);

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Backup, code)));
        }

        [Test]
        public void Allowing_the_forwarder_more_changes_nothing_for_the_secondaries_of_its_group()
        {
            Facts given = Facts.OnSecondary();
            given.DistributedRole = DistributedRole.Secondary;
            given.IsPreferredBackupReplica = true;
            given.AllowNonCopyOnlyBackupsOnForwarder = true;

            Assert.That(given.Decide(BackupType.Log).ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void The_forwarder_of_a_distributed_availability_group_leaves_a_regular_full_backup_to_the_global_primary()
        {
            Facts given = Facts.OnPrimary();
            given.DistributedRole = DistributedRole.Secondary;

            BackupDecision decision = given.Decide(BackupType.Full);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
        }

        [Test]
        public void A_secondary_of_a_distributed_availability_groups_secondary_group_takes_no_backup()
        {
            Facts given = PreferredSecondary();
            given.DistributedRole = DistributedRole.Secondary;

            BackupDecision decision = given.Decide(BackupType.Full, copyOnly: true);

            Assert.That(decision.ReasonCode, Is.EqualTo("SKIP_RUNS_ON_PRIMARY"));
            Assert.That(decision.Reason, Is.EqualTo(
                "A secondary replica of a distributed availability group's secondary availability group takes no backups, so the distributed availability group's global primary replica takes it; this replica (SQL2) skips this COPY_ONLY FULL backup."));
        }
    }
}
