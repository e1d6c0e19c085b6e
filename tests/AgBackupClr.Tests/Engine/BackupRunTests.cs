using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>usp_BackupIfPreferred end to end, with the state in memory and the commands recorded instead of run.</summary>
    public class BackupRunTests
    {
        private FixedState state = null!;
        private RecordingExecutor executor = null!;
        private RecordingLog log = null!;

        [SetUp]
        public void Given_an_instance_with_an_availability_group_and_standalone_databases()
        {
            state = new FixedState(InMemory.State());
            executor = new RecordingExecutor();
            log = new RecordingLog();
        }

        [Test]
        public void The_job_step_example_backs_up_the_log_of_each_ag_database_only_where_it_is_preferred()
        {
            RunOutcome outcome = Run(InMemory.Arguments("AVAILABILITY_GROUP_DATABASES", "LOG"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.DatabaseName, row.Action, row.ReasonCode), Is.EqualTo(("Sales", "SKIP", "SKIP_NOT_PREFERRED")));
            Assert.That(row.PreferredReplicaName, Is.EqualTo("SQL2"));
            Assert.That(row.ReplicaRole, Is.EqualTo("PRIMARY"));
            Assert.That(executor.Commands, Is.Empty);
            Assert.That(outcome.FinalError, Is.Null, "a skip is a success: the job step must not fail");
        }

        [Test]
        public void A_full_backup_of_user_databases_runs_each_backup_and_records_its_times_and_file()
        {
            RunOutcome outcome = Run(InMemory.Arguments("USER_DATABASES", "FULL"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action, r.ReasonCode)), Is.EqualTo(new[]
            {
                ("Sales", "BACKUP", "OK_PRIMARY_ONLY_TYPE"),
                ("Finance", "BACKUP", "OK_NOT_IN_AG"),
                ("Staging", "BACKUP", "OK_NOT_IN_AG"),
            }));
            Assert.That(executor.Commands[0], Is.EqualTo(
                @"BACKUP DATABASE [Sales] TO DISK = N'\\backupshare\sql\AG1_Sales_FULL_20261126_013001_000.bak' WITH CHECKSUM, NAME = N'AgBackupClr FULL on SQL1 in AG1', STATS = 10;"));
            Assert.That(executor.Commands[1], Is.EqualTo(
                @"BACKUP DATABASE [Finance] TO DISK = N'\\backupshare\sql\SQL1$MSSQLSERVER_Finance_FULL_20261126_013003_000.bak' WITH CHECKSUM, NAME = N'AgBackupClr FULL on SQL1', STATS = 10;"));
            BackupResultRow sales = outcome.Rows[0];
            Assert.That(sales.BackupFile, Is.EqualTo(@"\\backupshare\sql\AG1_Sales_FULL_20261126_013001_000.bak"));
            Assert.That(sales.StartedAt!.Value, Is.LessThan(sales.FinishedAt!.Value));
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void A_failure_in_the_middle_becomes_a_failed_row_the_next_database_still_runs_and_the_job_step_fails()
        {
            executor = new RecordingExecutor(failWhenContains: "[Finance]", errorNumber: 3201);

            RunOutcome outcome = Run(InMemory.Arguments("USER_DATABASES", "FULL"));

            Assert.That(outcome.Rows.Select(r => r.Action), Is.EqualTo(new[] { "BACKUP", "FAILED", "BACKUP" }));
            Assert.That(outcome.Rows[1].ErrorNumber, Is.EqualTo(3201));
            Assert.That(outcome.Rows[1].ErrorMessage, Does.StartWith("Cannot open backup device."));
            Assert.That(executor.Commands, Has.Count.EqualTo(3));
            Assert.That(outcome.FinalError, Is.EqualTo(
                "usp_BackupIfPreferred: 1 of 3 row(s) were refused or failed: Finance FAILED OK_NOT_IN_AG Msg 3201. The result rows and dbo.BackupDecisionLog say why for each database."));
        }

        [Test]
        public void A_log_the_job_owner_may_not_write_still_runs_every_backup_returns_every_row_and_fails_the_job_step_naming_the_grant()
        {
            log = new RecordingLog(failWith: 229);

            RunOutcome outcome = Run(InMemory.Arguments("Finance, Staging", "FULL"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action)), Is.EqualTo(new[] { ("Finance", "BACKUP"), ("Staging", "BACKUP") }));
            Assert.That(executor.Commands, Has.Count.EqualTo(2), "a log that cannot be written must not stop the backups");
            Assert.That(outcome.FinalError, Is.EqualTo(
                "usp_BackupIfPreferred: dbo.BackupDecisionLog could not be written for 2 row(s) (Msg 229: The EXECUTE permission was denied on the object "
                + "'usp_LogBackupDecision', database 'DBA', schema 'dbo'.); every row is still in the result set. GRANT EXECUTE ON dbo.usp_LogBackupDecision "
                + "TO the login that runs the job (sql/permissions/grant-job-owner.sql grants all it needs), or run with @LogToTable = 'N'."));
        }

        [Test]
        public void A_log_write_that_fails_for_another_reason_is_reported_with_the_refusals_and_without_a_grant_hint()
        {
            log = new RecordingLog(failWith: 2812);

            RunOutcome outcome = Run(InMemory.Arguments("Finance, Nowhere", "FULL"));

            Assert.That(outcome.FinalError, Does.StartWith("usp_BackupIfPreferred: dbo.BackupDecisionLog could not be written for 2 row(s) (Msg 2812: "));
            Assert.That(outcome.FinalError, Does.EndWith(
                "every row is still in the result set. 1 of 2 row(s) were refused or failed: Nowhere REFUSE REFUSE_DATABASE_NOT_FOUND. The result rows and dbo.BackupDecisionLog say why for each database."));
            Assert.That(outcome.FinalError, Does.Not.Contain("GRANT"));
        }

        [Test]
        public void Without_logging_a_log_that_cannot_be_written_is_never_asked()
        {
            log = new RecordingLog(failWith: 229);

            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL").With(logToTable: "N"));

            Assert.That(log.Rows, Is.Empty);
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void The_log_is_kept_to_its_retention_once_every_database_is_backed_up_and_logged()
        {
            RunOutcome outcome = Run(InMemory.Arguments("USER_DATABASES", "FULL"));

            Assert.That(log.Calls, Is.EqualTo(new[] { "write", "write", "write", "write", "write", "write", "delete" }), "three backups, each logged before and after; then the retention");
            Assert.That(log.Deletes.Single(), Is.EqualTo(new System.DateTime(2026, 8, 28, 1, 30, 7, System.DateTimeKind.Utc)), "90 days before the end of the run, to the second");
            Assert.That((outcome.Notice, outcome.FinalError), Is.EqualTo(((string?)null, (string?)null)), "a retention that did its job says nothing");
        }

        [Test]
        public void A_retention_the_job_owner_may_not_run_fails_the_job_step_after_every_backup_ran_naming_the_grant_and_the_refusals()
        {
            log = new RecordingLog(deleteFailsWith: 229);

            RunOutcome outcome = Run(InMemory.Arguments("Finance, Nowhere", "FULL"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action)), Is.EqualTo(new[] { ("Finance", "BACKUP"), ("Nowhere", "REFUSE") }));
            Assert.That(executor.Commands, Has.Count.EqualTo(1));
            Assert.That(outcome.FinalError, Is.EqualTo(
                "usp_BackupIfPreferred: The rows of dbo.BackupDecisionLog logged before 2026-08-28 01:30:03 UTC (@LogRetentionDays = 90) could not all be deleted (Msg 229: "
                + "The EXECUTE permission was denied on the object 'usp_DeleteBackupDecisionLog', database 'DBA', schema 'dbo'.): 0 were, every younger row is kept, and the backups "
                + "of this run are not affected. GRANT EXECUTE ON dbo.usp_DeleteBackupDecisionLog TO the login that runs the job (sql/permissions/grant-job-owner.sql grants all it "
                + "needs), or run with @LogRetentionDays = NULL to keep every row. 1 of 2 row(s) were refused or failed: Nowhere REFUSE REFUSE_DATABASE_NOT_FOUND. The result rows "
                + "and dbo.BackupDecisionLog say why for each database."));
        }

        [Test]
        public void A_null_retention_and_a_run_that_does_not_log_never_ask_for_a_delete()
        {
            log = new RecordingLog(deleteFailsWith: 229);

            RunOutcome keepAll = Run(InMemory.Arguments("Finance", "FULL").With(logRetentionDays: null));
            RunOutcome notLogged = Run(InMemory.Arguments("Finance", "FULL").With(logToTable: "N"));

            Assert.That(log.Deletes, Is.Empty);
            Assert.That((keepAll.FinalError, notLogged.FinalError), Is.EqualTo(((string?)null, (string?)null)));
        }

        [Test]
        public void A_run_that_stops_before_any_database_deletes_nothing()
        {
            RunOutcome invalid = Run(InMemory.Arguments("Finance", "FULL").With(logRetentionDays: 0));
            RunOutcome unreachable = new BackupRun(state, executor, log, new SteppingClock(), new FakeFolders(new[] { @"\\backupshare\sql" }), new FakeBackupFiles(), new FakeLogBackupLsns()).Run(InMemory.Arguments("Finance", "FULL"));

            Assert.That((invalid.Rows.Single().ReasonCode, unreachable.Rows.Single().ReasonCode), Is.EqualTo(("REFUSE_INVALID_ARGUMENT", "REFUSE_DESTINATION_NOT_FOUND")));
            Assert.That(invalid.Rows.Single().Reason, Does.EndWith(", not 0. Nothing ran."));
            Assert.That(log.Deletes, Is.Empty, "'Nothing ran' stays true");
        }

        [Test]
        public void A_dry_run_deletes_nothing_and_says_after_its_rows_what_it_would_delete()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL", execute: "N"));

            Assert.That(log.Deletes, Is.Empty);
            Assert.That(outcome.Notice, Does.StartWith("usp_BackupIfPreferred: dry run (@Execute = 'N'): the rows of dbo.BackupDecisionLog logged before 2026-08-28 "));
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void Inside_a_user_transaction_the_backups_are_refused_and_the_old_rows_are_kept_with_a_notice()
        {
            state = new FixedState(InMemory.State(tranCount: 1));

            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL"));

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_IN_USER_TRANSACTION"));
            Assert.That(log.Deletes, Is.Empty);
            Assert.That(outcome.Notice, Does.Contain("were kept: inside a user transaction (@@TRANCOUNT = 1)"));
        }

        [Test]
        public void The_state_is_read_once_for_the_requested_backup_type()
        {
            Run(InMemory.Arguments("USER_DATABASES", "FULL").With(copyOnly: "Y"));

            Assert.That(state.ReadFor[0], Is.EqualTo(((string?)null, AgBackupClr.Model.BackupType.Full, true)));
        }

        [Test]
        public void A_backup_is_logged_before_it_starts_and_completed_after_it_ends()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL"));

            Assert.That(log.Ids, Is.EqualTo(new long?[] { null, 1 }), "one row written, then completed");
            Assert.That((log.Rows[0].Action, log.Rows[0].StartedAt, log.Rows[0].FinishedAt), Is.EqualTo(("BACKUP", outcome.Rows[0].StartedAt, (System.DateTime?)null)),
                "a job killed during the BACKUP leaves a BACKUP row with finished_at NULL");
            Assert.That(log.Rows[1], Is.EqualTo(outcome.Rows.Single()));
        }

        [Test]
        public void The_state_is_read_again_before_each_backup_and_a_failover_in_between_turns_the_backup_into_a_skip()
        {
            // The run began on the primary; before Sales' FULL starts, SQL1 has become a secondary.
            state.Later = InMemory.State().With(
                availabilityGroups: new[]
                {
                    InMemory.Group().With(
                        replicas: new[]
                        {
                            new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, true),
                            new ReplicaFacts("SQL2", 60, AvailabilityMode.SynchronousCommit, null, null, null, false),
                        }),
                });

            RunOutcome outcome = Run(InMemory.Arguments("Sales, Finance", "FULL"));

            BackupResultRow sales = outcome.Rows[0];
            Assert.That((sales.Action, sales.ReasonCode), Is.EqualTo(("SKIP", "SKIP_RUNS_ON_PRIMARY")));
            Assert.That(sales.Reason, Does.StartWith(
                "Decided again just before the BACKUP, from the state read then: the decision changed from BACKUP OK_PRIMARY_ONLY_TYPE (FULL) when the run began. "));
            Assert.That(executor.Commands.Single(), Does.StartWith("BACKUP DATABASE [Finance]"));
            Assert.That(state.ReadFor.Skip(1).Select(r => r.Database), Is.EqualTo(new[] { "Sales", "Finance" }), "one single-database read before each BACKUP");
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void A_database_dropped_while_the_run_goes_on_is_refused_not_backed_up()
        {
            state.Later = InMemory.State().With(databases: InMemory.State().Databases.Where(d => d.Name != "Finance").ToList());

            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL"));

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_DATABASE_NOT_FOUND"));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void A_dry_run_reads_the_state_once()
        {
            Run(InMemory.Arguments("USER_DATABASES", "FULL", execute: "N"));

            Assert.That(state.Reads, Is.EqualTo(1));
        }

        [TestCase("LOG", true, "DIFF", "has no log backup base (sys.database_recovery_status.last_log_backup_lsn is NULL), so this LOG backup became a DIFF backup")]
        [TestCase("LOG", false, "FULL", "has no log backup base (sys.database_recovery_status.last_log_backup_lsn is NULL), so this LOG backup became a FULL backup")]
        [TestCase("DIFF", false, "FULL", "has no differential base (sys.master_files.differential_base_lsn is NULL), so this DIFF backup became a FULL backup")]
        public void Change_backup_type_turns_a_backup_without_a_base_into_the_one_that_creates_it(string asked, bool hasDifferentialBase, string taken, string why)
        {
            DatabaseFacts noBase = InMemory.Database("Finance").With(hasLogBackupBase: false, hasDifferentialBase: hasDifferentialBase);
            state = new FixedState(InMemory.State().With(databases: new[] { noBase }));

            RunOutcome outcome = Run(InMemory.Arguments("Finance", asked).With(changeBackupType: "Y"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.BackupType), Is.EqualTo(("BACKUP", "OK_NOT_IN_AG", taken)));
            Assert.That(row.Reason, Does.StartWith("@ChangeBackupType = 'Y': database 'Finance' " + why + ", which creates the base; where it runs is decided for the " + taken + " backup. "));
            string command = executor.Commands.Single();
            Assert.That(command, Does.StartWith("BACKUP DATABASE [Finance]"));
            Assert.That(command.Contains("DIFFERENTIAL", System.StringComparison.Ordinal), Is.EqualTo(taken == "DIFF"));
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void Change_backup_type_does_not_turn_a_log_of_a_database_in_simple_recovery_into_a_full()
        {
            // SIMPLE recovery has no log chain for a FULL to start (as in Ola Hallengren's DatabaseBackup): the LOG is refused, and
            // a new database without a differential base gets no FULL from the LOG job.
            DatabaseFacts simple = InMemory.Database("Finance", RecoveryModel.Simple).With(hasLogBackupBase: false, hasDifferentialBase: false);
            state = new FixedState(InMemory.State().With(databases: new[] { simple }));

            RunOutcome outcome = Run(InMemory.Arguments("Finance", "LOG").With(changeBackupType: "Y"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.Action, row.ReasonCode, row.BackupType), Is.EqualTo(("REFUSE", "REFUSE_LOG_SIMPLE_RECOVERY", "LOG")));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void Without_change_backup_type_a_log_without_a_base_is_refused()
        {
            state = new FixedState(InMemory.State().With(databases: new[] { InMemory.Database("Finance", hasBase: false) }));

            RunOutcome outcome = Run(InMemory.Arguments("Finance", "LOG"));

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_NO_BASE_BACKUP"));
        }

        [Test]
        public void Change_backup_type_places_the_changed_backup_so_an_availability_database_gets_its_first_full_on_the_primary()
        {
            DatabaseFacts sales = InMemory.AgDatabase("Sales", false).With(hasLogBackupBase: false, hasDifferentialBase: false);
            state = new FixedState(InMemory.State().With(databases: new[] { sales }));

            RunOutcome outcome = Run(InMemory.Arguments("Sales", "LOG").With(changeBackupType: "Y"));

            Assert.That((outcome.Rows.Single().BackupType, outcome.Rows.Single().ReasonCode), Is.EqualTo(("FULL", "OK_PRIMARY_ONLY_TYPE")),
                "the LOG would go to the preferred secondary SQL2; the FULL that creates its base is the primary's");
        }

        [TestCase("FULL", null, "@ChangeBackupType = 'Y' applies to DIFF and LOG backups that are not COPY_ONLY (it turns one without a base into the backup that creates it); leave it 'N' for a FULL backup.")]
        [TestCase("LOG", "Y", "@ChangeBackupType = 'Y' applies to DIFF and LOG backups that are not COPY_ONLY (it turns one without a base into the backup that creates it); leave it 'N' for a COPY_ONLY LOG backup.")]
        public void Change_backup_type_is_refused_where_it_means_nothing(string type, string? copyOnly, string message)
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance", type).With(changeBackupType: "Y", copyOnly: copyOnly));

            Assert.That(outcome.Rows.Single().Reason, Is.EqualTo(message + " Nothing ran."));
        }

        [TestCase("@AllowNonCopyOnlyBackupsOnForwarder")]
        [TestCase("@ExcludeSeedingFromLogBackup")]
        [TestCase("@ChangeBackupType")]
        public void The_new_flags_take_only_y_or_n(string parameter)
        {
            RawBackupArguments arguments = InMemory.Arguments("Finance", "LOG");
            arguments = parameter switch
            {
                "@AllowNonCopyOnlyBackupsOnForwarder" => arguments.With(allowNonCopyOnlyBackupsOnForwarder: "yes"),
                "@ExcludeSeedingFromLogBackup" => arguments.With(excludeSeedingFromLogBackup: "yes"),
                _ => arguments.With(changeBackupType: "yes"),
            };

            RunOutcome outcome = Run(arguments);

            Assert.That(outcome.Rows.Single().Reason, Is.EqualTo(parameter + " must be 'Y' or 'N', not 'yes'. Nothing ran."));
        }

        [Test]
        public void A_dry_run_returns_the_commands_and_runs_nothing()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL", execute: "N"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That(row.Action, Is.EqualTo("BACKUP"));
            Assert.That(row.Command, Does.StartWith("BACKUP DATABASE [Finance] TO DISK = "));
            Assert.That(row.Reason, Does.EndWith(" Dry run (@Execute = 'N'): nothing ran."));
            Assert.That(row.StartedAt, Is.Null);
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void Inside_a_user_transaction_every_backup_is_refused_and_nothing_runs()
        {
            state = new FixedState(InMemory.State(tranCount: 1));

            RunOutcome outcome = Run(InMemory.Arguments("Finance, Staging", "FULL"));

            Assert.That(outcome.Rows.Select(r => r.ReasonCode), Is.EqualTo(new[] { "REFUSE_IN_USER_TRANSACTION", "REFUSE_IN_USER_TRANSACTION" }));
            Assert.That(outcome.Rows[0].Reason, Is.EqualTo(
                "BACKUP cannot run inside a user transaction (@@TRANCOUNT = 1); commit or roll back first, and do not call usp_BackupIfPreferred through INSERT ... EXEC, which runs it inside one."));
            Assert.That(executor.Commands, Is.Empty);
            Assert.That(outcome.FinalError, Does.StartWith("usp_BackupIfPreferred: 2 of 2 row(s) were refused or failed"));
        }

        [Test]
        public void Refusals_and_backups_mix_and_the_refusal_fails_the_job_step_after_every_database_ran()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance, Staging, Nowhere", "LOG"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.ReasonCode)), Is.EqualTo(new[]
            {
                ("Finance", "OK_NOT_IN_AG"),
                ("Staging", "REFUSE_LOG_SIMPLE_RECOVERY"),
                ("Nowhere", "REFUSE_DATABASE_NOT_FOUND"),
            }));
            Assert.That(executor.Commands.Single(), Does.StartWith("BACKUP LOG [Finance]"));
            Assert.That(outcome.FinalError, Is.EqualTo(
                "usp_BackupIfPreferred: 2 of 3 row(s) were refused or failed: Staging REFUSE REFUSE_LOG_SIMPLE_RECOVERY, Nowhere REFUSE REFUSE_DATABASE_NOT_FOUND. The result rows and dbo.BackupDecisionLog say why for each database."));
        }

        [Test]
        public void A_log_job_over_every_database_by_wildcard_skips_each_by_design_exclusion_and_succeeds()
        {
            state = new FixedState(WithByDesignExclusions());

            RunOutcome outcome = Run(InMemory.Arguments("%", "LOG"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action, r.ReasonCode)), Is.EqualTo(new[]
            {
                ("master", "SKIP", "SKIP_MASTER_FULL_ONLY"),
                ("model", "BACKUP", "OK_NOT_IN_AG"),
                ("msdb", "SKIP", "SKIP_LOG_SIMPLE_RECOVERY"),
                ("Sales", "SKIP", "SKIP_NOT_PREFERRED"),
                ("Finance", "BACKUP", "OK_NOT_IN_AG"),
                ("Staging", "SKIP", "SKIP_LOG_SIMPLE_RECOVERY"),
                ("Archive", "SKIP", "SKIP_DATABASE_NOT_ONLINE"),
                ("Shipped", "SKIP", "SKIP_DATABASE_NOT_ONLINE"),
                ("Warm", "SKIP", "SKIP_DATABASE_NOT_ONLINE"),
            }), "tempdb and the snapshot Finance_Monday are never selected by a wildcard");
            Assert.That(executor.Commands.Select(c => c.Split(" TO ")[0]), Is.EqualTo(new[] { "BACKUP LOG [model]", "BACKUP LOG [Finance]" }));
            Assert.That(outcome.FinalError, Is.Null);
        }

        [Test]
        public void Tempdb_named_explicitly_is_still_refused()
        {
            RunOutcome outcome = Run(InMemory.Arguments("tempdb, %", "FULL"));

            Assert.That(outcome.Rows.Where(r => r.Action == "REFUSE").Select(r => (r.DatabaseName, r.ReasonCode)), Is.EqualTo(new[] { ("tempdb", "REFUSE_TEMPDB") }));
            Assert.That(outcome.FinalError, Does.StartWith("usp_BackupIfPreferred: 1 of 7 row(s) were refused or failed: tempdb REFUSE REFUSE_TEMPDB."));
        }

        [Test]
        public void The_same_databases_named_explicitly_are_refused_and_fail_the_job_step()
        {
            state = new FixedState(WithByDesignExclusions());

            RunOutcome outcome = Run(InMemory.Arguments("Staging, Archive, Shipped, Warm, Finance_Monday, USER_DATABASES", "LOG"));

            Assert.That(outcome.Rows.Where(r => r.Action == "REFUSE").Select(r => (r.DatabaseName, r.ReasonCode)), Is.EqualTo(new[]
            {
                ("Staging", "REFUSE_LOG_SIMPLE_RECOVERY"),
                ("Archive", "REFUSE_DATABASE_NOT_ONLINE"),
                ("Shipped", "REFUSE_DATABASE_NOT_ONLINE"),
                ("Warm", "REFUSE_DATABASE_NOT_ONLINE"),
                ("Finance_Monday", "REFUSE_DATABASE_SNAPSHOT"),
            }));
            Assert.That(outcome.FinalError, Does.StartWith("usp_BackupIfPreferred: 5 of 7 row(s) were refused or failed: Staging REFUSE REFUSE_LOG_SIMPLE_RECOVERY, "));
        }

        [Test]
        public void Verify_reads_back_each_backup_it_wrote()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL").With(verify: "Y"));

            Assert.That(executor.Commands, Has.Count.EqualTo(2));
            Assert.That(executor.Commands[1], Is.EqualTo("RESTORE VERIFYONLY FROM DISK = N'" + outcome.Rows[0].BackupFile + "' WITH CHECKSUM;"));
            Assert.That(outcome.Rows[0].Command, Is.EqualTo(executor.Commands[0] + "\n" + executor.Commands[1]));
        }

        [Test]
        public void Every_row_is_logged_skips_included_unless_logging_is_off()
        {
            RunOutcome logged = Run(InMemory.Arguments("ALL_DATABASES", "LOG"));
            int newRows = log.Ids.Count(id => id == null);
            int completions = log.Ids.Count(id => id != null);
            log.Rows.Clear();

            RunOutcome quiet = Run(InMemory.Arguments("ALL_DATABASES", "LOG").With(logToTable: "N"));

            Assert.That(newRows, Is.EqualTo(quiet.Rows.Count), "one log row per result row");
            Assert.That(completions, Is.EqualTo(logged.Rows.Count(r => r.Action == "BACKUP")), "each BACKUP's row is completed after it ran");
            Assert.That(log.Rows, Is.Empty);
        }

        [Test]
        public void A_bad_argument_refuses_before_reading_any_state_and_says_what_is_allowed()
        {
            RunOutcome outcome = Run(InMemory.Arguments("USER_DATABASES", "RESTORE"));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.DatabaseName, row.Action, row.ReasonCode), Is.EqualTo(((string?)null, "REFUSE", "REFUSE_INVALID_ARGUMENT")));
            Assert.That(row.Reason, Is.EqualTo("@BackupType must be FULL, DIFF or LOG, not 'RESTORE'; RESTORE is only for dbo.fn_ValidateBackupRequest. Nothing ran."));
            Assert.That(state.Reads, Is.Zero);
            Assert.That(log.Rows, Has.Count.EqualTo(1));
            Assert.That(outcome.FinalError, Is.Not.Null);
        }

        [Test]
        public void A_selection_that_matches_nothing_is_an_error_not_a_silent_success()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Arch%", "FULL"));

            Assert.That(outcome.Rows.Single().ReasonCode, Is.EqualTo("REFUSE_INVALID_ARGUMENT"));
            Assert.That(outcome.FinalError, Is.Not.Null);
        }

        [Test]
        public void A_path_too_long_for_sql_server_is_refused_for_that_database_and_never_truncated()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Finance", "FULL").With(directory: @"D:\" + new string('x', 240)));

            BackupResultRow row = outcome.Rows.Single();
            Assert.That(row.ReasonCode, Is.EqualTo("REFUSE_INVALID_ARGUMENT"));
            Assert.That(row.Reason, Does.StartWith("The backup path would be "));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void A_file_name_windows_would_change_is_refused_for_that_database_naming_the_template_it_came_from()
        {
            RunOutcome outcome = Run(InMemory.Arguments("Sales, Finance", "FULL").With(fileName: "{DatabaseName}.{CopyOnly}", availabilityGroupFileName: "{DatabaseName}.{CopyOnly}"));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.ReasonCode)), Is.EqualTo(new[]
            {
                ("Sales", "REFUSE_INVALID_ARGUMENT"),
                ("Finance", "REFUSE_INVALID_ARGUMENT"),
            }));
            Assert.That(outcome.Rows[0].Reason, Does.StartWith("@AvailabilityGroupFileName gives the file name 'Sales.', which ends in a dot or space"));
            Assert.That(outcome.Rows[1].Reason, Does.StartWith("@FileName gives the file name 'Finance.', which ends in a dot or space"));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void A_missing_permission_fails_the_job_step_with_the_permission_to_grant_and_runs_nothing()
        {
            var run = new BackupRun(new UnreadableState(), executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns());

            RunOutcome outcome = run.Run(InMemory.Arguments("USER_DATABASES", "FULL"));

            Assert.That(outcome.Rows, Is.Empty);
            Assert.That(outcome.FinalError, Is.EqualTo(
                "usp_BackupIfPreferred: Reading availability group state needs the VIEW SERVER STATE permission (sys.dm_hadr_* views); GRANT VIEW SERVER STATE TO the login that runs the job. Nothing ran."));
            Assert.That(executor.Commands, Is.Empty);
        }

        /// <summary>The in-memory instance with a database snapshot and databases OFFLINE, RESTORING and in STANDBY.</summary>
        private static ServerState WithByDesignExclusions()
        {
            ServerState server = InMemory.State();
            DatabaseFacts[] more =
            {
                InMemory.Database("Archive").With(state: DatabaseState.Offline),
                InMemory.Database("Shipped").With(state: DatabaseState.Restoring),
                InMemory.Database("Warm").With(isInStandby: true),
                InMemory.Database("Finance_Monday").With(isSnapshot: true),
            };
            return server.With(databases: server.Databases.Concat(more).ToArray());
        }

        private RunOutcome Run(RawBackupArguments arguments) => new BackupRun(state, executor, log, new SteppingClock(), new FakeFolders(), new FakeBackupFiles(), new FakeLogBackupLsns()).Run(arguments);
    }

    internal sealed class UnreadableState : IStateSource
    {
        public AgBackupClr.Model.ServerState Read(string? databaseName, AgBackupClr.Model.BackupType backupType, bool copyOnly) => throw new StateReadException(StateReader.MissingPermission(false, true)!);
    }
}
