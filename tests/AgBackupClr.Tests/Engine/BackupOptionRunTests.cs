using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// A representative call per backup option, as a dry run: the exact BACKUP text each option gives, and the refusal,
    /// before anything runs, of what this replica cannot do.
    /// </summary>
    public class BackupOptionRunTests
    {
        private RecordingExecutor executor = null!;
        private RecordingLog log = null!;

        [SetUp]
        public void Given_a_replica_that_records_instead_of_running()
        {
            executor = new RecordingExecutor();
            log = new RecordingLog();
        }

        [Test]
        public void Zstd_at_a_level_on_sql_server_2025()
        {
            BackupResultRow row = DryRun(
                InMemory.Arguments("Finance", "FULL") with { Compress = "Y", CompressionAlgorithm = "ZSTD", CompressionLevel = "HIGH" },
                Version(17)).Rows.Single();

            Assert.That(row.Command, Is.EqualTo(
                @"BACKUP DATABASE [Finance] TO DISK = N'\\backupshare\sql\SQL1$MSSQLSERVER_Finance_FULL_20261126_013001_000.bak' "
                + "WITH CHECKSUM, COMPRESSION (ALGORITHM = ZSTD, LEVEL = HIGH), STATS = 10;"));
        }

        [Test]
        public void Ms_xpress_named_on_sql_server_2022()
        {
            BackupResultRow row = DryRun(InMemory.Arguments("Finance", "LOG") with { Compress = "Y", CompressionAlgorithm = "MS_XPRESS" }, Version(16)).Rows.Single();

            Assert.That(row.Command, Does.EndWith(".trn' WITH CHECKSUM, COMPRESSION (ALGORITHM = MS_XPRESS), STATS = 10;"));
        }

        [Test]
        public void An_algorithm_this_replica_does_not_have_refuses_the_whole_call_and_nothing_runs()
        {
            RunOutcome outcome = new BackupRun(new FixedState(Version(16)), executor, log, new SteppingClock())
                .Run(InMemory.Arguments("USER_DATABASES", "FULL") with { Compress = "Y", CompressionAlgorithm = "ZSTD" });

            BackupResultRow row = outcome.Rows.Single();
            Assert.That((row.DatabaseName, row.Action, row.ReasonCode), Is.EqualTo(((string?)null, "REFUSE", "REFUSE_INVALID_ARGUMENT")));
            Assert.That(row.Reason, Does.StartWith("@CompressionAlgorithm = 'ZSTD' needs SQL Server 2025 (17.x) or later; this replica is SQL Server 2022"));
            Assert.That(row.Reason, Does.EndWith(" Nothing ran."));
            Assert.That(executor.Commands, Is.Empty);
            Assert.That(log.Rows, Has.Count.EqualTo(1), "the refusal is logged");
            Assert.That(outcome.FinalError, Is.Not.Null);
        }

        private static ServerState Version(int version) =>
            InMemory.State() with { Instance = InMemory.Instance() with { ProductMajorVersion = version } };

        private RunOutcome DryRun(RawBackupArguments arguments, ServerState state)
        {
            RunOutcome outcome = new BackupRun(new FixedState(state), executor, log, new SteppingClock()).Run(arguments with { Execute = "N" });
            Assert.That(executor.Commands, Is.Empty);
            return outcome;
        }
    }
}
