using System.Collections.Generic;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>fn_ValidateBackupRequest: the same engine, one row, for maintenance procedures that run their own BACKUP.</summary>
    public class BackupValidationTests
    {
        private FixedState state = null!;

        [SetUp]
        public void Given_the_in_memory_instance() => state = new FixedState(InMemory.State());

        [Test]
        public void On_the_primary_a_log_backup_the_preference_gives_to_a_secondary_should_not_run_here()
        {
            ValidationRow row = BackupValidation.Validate(state, "Sales", "LOG", false);

            Assert.That((row.IsSupportedHere, row.IsPreferredReplica, row.ShouldRunHere), Is.EqualTo((true, (bool?)false, false)));
            Assert.That((row.Action, row.ReasonCode), Is.EqualTo(("SKIP", "SKIP_NOT_PREFERRED")));
            Assert.That((row.AvailabilityGroupName, row.ReplicaRole, row.SynchronizationState), Is.EqualTo(("AG1", "PRIMARY", "SYNCHRONIZED")));
        }

        [Test]
        public void A_restore_into_an_availability_group_database_is_refused()
        {
            ValidationRow row = BackupValidation.Validate(state, "Sales", "RESTORE", false);

            Assert.That((row.Action, row.ReasonCode, row.ShouldRunHere), Is.EqualTo(("REFUSE", "REFUSE_RESTORE_ON_AG_DATABASE", false)));
        }

        [Test]
        public void A_restore_creating_a_new_database_may_run()
        {
            ValidationRow row = BackupValidation.Validate(state, "NewCopy", "RESTORE", false);

            Assert.That((row.Action, row.ReasonCode, row.ShouldRunHere), Is.EqualTo(("BACKUP", "OK_NOT_IN_AG", true)));
        }

        [Test]
        public void A_standalone_database_answers_with_no_availability_group_columns()
        {
            ValidationRow row = BackupValidation.Validate(state, "Finance", "FULL", false);

            Assert.That((row.ReasonCode, row.AvailabilityGroupName, row.ReplicaRole, row.SynchronizationState), Is.EqualTo(("OK_NOT_IN_AG", (string?)null, (string?)null, (string?)null)));
        }

        [TestCase(true, "MASTER", "REFUSE_MASTER_FULL_ONLY")]
        [TestCase(true, "Master", "REFUSE_MASTER_FULL_ONLY")]
        [TestCase(false, "master", "REFUSE_MASTER_FULL_ONLY")]
        [TestCase(false, "Master", "OK_NOT_IN_AG")]
        [TestCase(false, "MASTER", "REFUSE_DATABASE_NOT_FOUND")]
        public void A_name_finds_the_database_sql_server_would_find_under_the_server_collation(bool ignoresCase, string name, string reasonCode)
        {
            // On a case-sensitive server a user database may be called Master; on a case-insensitive one it cannot exist.
            var databases = new List<DatabaseFacts> { InMemory.Database("master", RecoveryModel.Simple) };
            if (!ignoresCase)
            {
                databases.Add(InMemory.Database("Master"));
            }

            var server = new FixedState(new ServerState(InMemory.Instance(collationIgnoresCase: ignoresCase), databases, new[] { InMemory.Group() }));

            Assert.That(BackupValidation.Validate(server, name, "LOG", false).ReasonCode, Is.EqualTo(reasonCode));
        }

        [TestCase(null, "LOG", false, "@DatabaseName is NULL; pass the name of the database, for example name from sys.databases.")]
        [TestCase("Sales", "BOGUS", false, "@BackupType must be FULL, DIFF, LOG or RESTORE, not 'BOGUS'.")]
        [TestCase("Sales", "LOG", null, "@CopyOnly is NULL; pass 1 for a COPY_ONLY backup, 0 otherwise.")]
        public void Bad_arguments_are_refused_without_reading_state(string? database, string backupType, bool? copyOnly, string message)
        {
            ValidationRow row = BackupValidation.Validate(state, database, backupType, copyOnly);

            Assert.That((row.ReasonCode, row.Reason, row.IsSupportedHere), Is.EqualTo(("REFUSE_INVALID_ARGUMENT", message, false)));
            Assert.That(state.Reads, Is.Zero);
        }
    }
}
