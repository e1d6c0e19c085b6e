using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>A database snapshot, an OFFLINE, an AUTO_CLOSE and a RESTORING database on the instance while the procedure
/// runs over ALL_DATABASES: it must answer for each without crashing, and its rows must follow docs/rules.md's
/// invariants. The messages also say what the code answered when these tests were written, before any real run.</summary>
[TestFixture]
[Category("Integration")]
public sealed class UnusualDatabaseStateTests
{
    private const string Snapshot = "UnusualSnapshot";
    private const string Offline = "UnusualOffline";
    private const string AutoClose = "UnusualAutoClose";
    private const string Restoring = "UnusualRestoring";

    /// <summary>What SQL Server reports when CLR code throws out of a procedure: the procedure crashed.</summary>
    private const int ClrUnhandledException = 6522;

    // AUTO_CLOSE shuts the database down shortly after its last user leaves.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromMinutes(1);

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [OneTimeSetUp]
    public Task CreateTheUnusualDatabases() => Server.ExecuteFileAsync("master", "Standalone/CreateUnusualDatabases.sql");

    [OneTimeTearDown]
    public Task DropTheUnusualDatabases() => Server.ExecuteFileAsync("master", "Standalone/DropUnusualDatabases.sql");

    [Test]
    public async Task SqlServerShowsEachDatabaseInTheStateTheOtherTestsAssume()
    {
        // Given the databases of CreateUnusualDatabases.sql, and the AUTO_CLOSE one left alone until it closes
        await WaitUntilTheAutoCloseDatabaseIsClosedAsync();

        // When sys.databases is read
        IReadOnlyDictionary<string, SqlRow> states = await StatesAsync();

        // Then a snapshot is ONLINE (only source_database_id tells it apart), and a closed AUTO_CLOSE database is ONLINE too
        Assert.Multiple(() =>
        {
            Assert.That(states[Snapshot].Text("state_desc"), Is.EqualTo("ONLINE"), "a database snapshot's state_desc");
            Assert.That(states[Snapshot].Flag("is_snapshot"), Is.True, "sys.databases.source_database_id of a snapshot");
            Assert.That(states[Offline].Text("state_desc"), Is.EqualTo("OFFLINE"), "after ALTER DATABASE ... SET OFFLINE");
            Assert.That(states[Restoring].Text("state_desc"), Is.EqualTo("RESTORING"), "after BACKUP LOG ... WITH NORECOVERY");
            Assert.That(states[AutoClose].Text("state_desc"), Is.EqualTo("ONLINE"), "a closed AUTO_CLOSE database's state_desc");
            Assert.That(states[AutoClose].Flag("is_started"), Is.False, "DATABASEPROPERTYEX(..., 'Collation') is NULL while it is closed");
        });
    }

    [Test]
    public async Task ADryRunOfAllDatabasesFollowsTheSelectionInvariants()
    {
        // Given the unusual databases, the AUTO_CLOSE one closed
        await WaitUntilTheAutoCloseDatabaseIsClosedAsync();

        // When the procedure runs a FULL dry run of ALL_DATABASES
        ProcedureOutcome outcome = await Server.BackUpAsync(new BackupRequest("ALL_DATABASES", "FULL", StandaloneSetUpFixture.BackupDirectory) { Execute = "N" });
        await TestContext.Out.WriteLineAsync("ALL_DATABASES with unusual databases: " + outcome.Describe());

        // Then it does not crash, never selects the snapshot, skips what a keyword must skip, and backs up the rest
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ErrorNumbers, Does.Not.Contain(ClrUnhandledException), "the procedure crashed; " + outcome.Describe());
            Assert.That(
                outcome.Rows.Select(row => row.DatabaseName),
                Does.Not.Contain(Snapshot),
                "docs/rules.md: database snapshots are never selected (when written, StateQueries.Databases read no source_database_id, " +
                "so a BACKUP OK_NOT_IN_AG row was expected here, whose BACKUP would fail with Msg 3002); " + outcome.Describe());
            Assert.That(
                ReasonOf(outcome, Offline),
                Is.EqualTo("SKIP SKIP_DATABASE_NOT_ONLINE"),
                "docs/rules.md: an OFFLINE database chosen by a keyword is a SKIP with its own code (when written: REFUSE_DATABASE_NOT_ONLINE, which fails the job); " + outcome.Describe());
            Assert.That(
                ReasonOf(outcome, Restoring),
                Is.EqualTo("SKIP SKIP_DATABASE_NOT_ONLINE"),
                "docs/rules.md: a RESTORING database chosen by a keyword is a SKIP with its own code (when written: REFUSE_DATABASE_NOT_ONLINE); " + outcome.Describe());
            Assert.That(ReasonOf(outcome, AutoClose), Is.EqualTo("BACKUP OK_NOT_IN_AG"), "a closed AUTO_CLOSE database is ONLINE and backed up; " + outcome.Describe());
            Assert.That(outcome.Error, Is.Null, "only SKIP and BACKUP rows, so the job step succeeds; " + outcome.Describe());
        });
    }

    [Test]
    public async Task AWildcardLogDryRunLeavesOutTempdbAndTheSnapshotAndSkipsWhatHasNoLogBackupByDesign()
    {
        // Given the unusual databases, and msdb in SIMPLE recovery as SQL Server installs it
        // When the procedure runs a LOG dry run of every database by a wildcard
        ProcedureOutcome outcome = await Server.BackUpAsync(new BackupRequest("%", "LOG", "NUL") { Execute = "N" });
        await TestContext.Out.WriteLineAsync("% for LOG with unusual databases: " + outcome.Describe());

        // Then tempdb and the snapshot have no row, and what cannot take a LOG backup by design is skipped, never refused
        // (other databases may refuse for their own reasons: a FULL recovery database never backed up has no base)
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ErrorNumbers, Does.Not.Contain(ClrUnhandledException), "the procedure crashed; " + outcome.Describe());
            Assert.That(
                outcome.Rows.Select(row => row.DatabaseName),
                Has.None.EqualTo("tempdb").And.None.EqualTo(Snapshot),
                "docs/rules.md: a wildcard selects neither tempdb nor a database snapshot (when written, % selected tempdb and its REFUSE_TEMPDB failed every run); " + outcome.Describe());
            Assert.That(ReasonOf(outcome, Offline), Is.EqualTo("SKIP SKIP_DATABASE_NOT_ONLINE"), outcome.Describe());
            Assert.That(ReasonOf(outcome, Restoring), Is.EqualTo("SKIP SKIP_DATABASE_NOT_ONLINE"), outcome.Describe());
            Assert.That(ReasonOf(outcome, "msdb"), Is.EqualTo("SKIP SKIP_LOG_SIMPLE_RECOVERY"), "msdb is in SIMPLE recovery by default; " + outcome.Describe());
            Assert.That(ReasonOf(outcome, "master"), Is.EqualTo("SKIP SKIP_MASTER_FULL_ONLY"), "master takes FULL backups only; " + outcome.Describe());
        });
    }

    [Test]
    public async Task ALogDryRunOfAClosedAutoCloseDatabaseSeesItsBaseBackup()
    {
        // Given the AUTO_CLOSE database in FULL recovery with a base full backup, closed
        await WaitUntilTheAutoCloseDatabaseIsClosedAsync();

        // When the procedure is asked for a LOG backup of it
        ProcedureOutcome outcome = await Server.BackUpAsync(new BackupRequest(AutoClose, "LOG", "NUL") { Execute = "N" });
        bool startedByTheCall = (await StatesAsync())[AutoClose].Flag("is_started") ?? false;
        await TestContext.Out.WriteLineAsync($"The LOG dry run left {AutoClose} started: {startedByTheCall}.");

        // Then it backs up: sys.database_recovery_status starts a closed database ("If the database is not opened, the
        // Database Engine tries to start it"), so last_log_backup_lsn is not the NULL that would mean "no base backup"
        Assert.That(
            ReasonOf(outcome, AutoClose),
            Is.EqualTo("BACKUP OK_NOT_IN_AG"),
            "a closed AUTO_CLOSE database must not read as REFUSE_NO_BASE_BACKUP; " + outcome.Describe());
    }

    [Test]
    public async Task NamedExplicitlyTheSnapshotAndTheOfflineAndRestoringDatabasesAreRefused()
    {
        // Given the snapshot, the OFFLINE and the RESTORING database
        // When the procedure is asked for them by name
        ProcedureOutcome outcome = await Server.BackUpAsync(
            new BackupRequest(string.Join(",", Snapshot, Offline, Restoring), "FULL", StandaloneSetUpFixture.BackupDirectory) { Execute = "N" });

        // Then each is refused (docs/rules.md: a database named explicitly is REFUSEd for the reasons a keyword skips it)
        Assert.Multiple(() =>
        {
            Assert.That(
                ReasonOf(outcome, Snapshot),
                Is.EqualTo("REFUSE REFUSE_DATABASE_SNAPSHOT"),
                "BACKUP of a database snapshot fails (Msg 3002); when written the procedure answered BACKUP OK_NOT_IN_AG; " + outcome.Describe());
            Assert.That(ReasonOf(outcome, Offline), Is.EqualTo("REFUSE REFUSE_DATABASE_NOT_ONLINE"), outcome.Describe());
            Assert.That(ReasonOf(outcome, Restoring), Is.EqualTo("REFUSE REFUSE_DATABASE_NOT_ONLINE"), outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), "a REFUSE row fails the call; " + outcome.Describe());
        });
    }

    private static string? ReasonOf(ProcedureOutcome outcome, string database) =>
        outcome.Rows.Where(row => row.DatabaseName == database).Select(row => row.Action + " " + row.ReasonCode).FirstOrDefault();

    private static async Task<IReadOnlyDictionary<string, SqlRow>> StatesAsync()
    {
        IReadOnlyList<SqlRow> rows = await Server.QueryFileAsync("master", "Standalone/UnusualDatabaseStates.sql");
        return rows.ToDictionary(row => row.Text("name") ?? string.Empty, StringComparer.OrdinalIgnoreCase);
    }

    private static Task WaitUntilTheAutoCloseDatabaseIsClosedAsync()
    {
        return Eventually.WaitUntilAsync(
            async () => (await StatesAsync())[AutoClose].Flag("is_started") == false,
            CloseTimeout,
            $"the AUTO_CLOSE database {AutoClose} to close");
    }
}
