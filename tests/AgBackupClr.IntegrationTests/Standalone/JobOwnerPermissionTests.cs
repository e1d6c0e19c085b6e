using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Standalone;

/// <summary>README "Requirements" and sql/permissions/grant-job-owner.sql: an Agent job owner that is not sysadmin,
/// with exactly the script's grants, runs the backups; without EXECUTE on dbo.usp_LogBackupDecision (T-SQL that CLR
/// sends over the context connection is checked as the caller) the backups still run and the closing error says what
/// to grant. The job owner writes into a folder that exists, as docs/usp_BackupIfPreferred.md tells such an owner to: the default directory
/// structure creates folders with xp_create_subdir, which the script does not grant.</summary>
[TestFixture]
[Category("Integration")]
public sealed class JobOwnerPermissionTests
{
    private const string Database = StandaloneSetUpFixture.FullRecoveryDatabase;

    private SqlLogin? jobOwner;
    private SqlLogin? ownerWithoutLogGrant;

    private static SqlServerInstance Server => StandaloneSetUpFixture.Server;

    [OneTimeSetUp]
    public async Task CreateTheJobOwners()
    {
        jobOwner = await SqlLogin.CreateJobOwnerAsync(Server, "agb_owner");
        ownerWithoutLogGrant = await SqlLogin.CreateJobOwnerAsync(Server, "agb_nolog");
        await Server.ExecuteFileAsync(
            SqlServerInstance.UtilityDatabase,
            "Permissions/RevokeExecute.sql",
            new Dictionary<string, object?> { ["@LoginName"] = ownerWithoutLogGrant.Name, ["@ProcedureName"] = "usp_LogBackupDecision" });
    }

    [TestCase(BackupKind.Full)]
    [TestCase(BackupKind.Log)]
    public async Task AJobOwnerWithTheScriptsGrantsBacksUpAndVerifies(BackupKind kind)
    {
        // Given a base full backup on disk (so LOG has one; the procedure refuses a regular FULL to NUL), and a login that
        // is not sysadmin with exactly the script's grants
        ProcedureOutcome baseBackup = await Server.BackUpAsync(new BackupRequest(Database, "FULL", StandaloneSetUpFixture.BackupDirectory));
        Assert.That(baseBackup.Error, Is.Null, baseBackup.Describe());
        SqlRow caller = await CallerPermissionsAsync(jobOwner!);
        Assert.Multiple(() =>
        {
            Assert.That(caller.Flag("is_sysadmin"), Is.False, "the job owner is not sysadmin");
            Assert.That(caller.Flag("can_log_decision"), Is.True, "grant-job-owner.sql grants EXECUTE on dbo.usp_LogBackupDecision");
            Assert.That(caller.Flag("can_observe_log_backup_lsn"), Is.True, "grant-job-owner.sql grants EXECUTE on dbo.usp_ObserveLogBackupLsn");
        });
        int loggedBefore = await LoggedDecisionsAsync();

        // When it runs the backup into a real directory, verified with RESTORE VERIFYONLY
        RecordedRun run = await Server.BackUpRecordedAsync(JobOwnersRequest(kind), Database, jobOwner);
        int loggedAfter = await LoggedDecisionsAsync();

        // Then BACKUP (db_backupoperator) and RESTORE VERIFYONLY (CREATE ANY DATABASE: "obtaining information about a
        // backup set or backup device requires CREATE DATABASE permission") both succeed, and msdb records what was asked
        BackupDecision row = run.Outcome.Single(Database);
        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome.Errors, Is.Empty, run.Outcome.Describe());
            Assert.That(row.Action, Is.EqualTo("BACKUP"), run.Outcome.Describe());
            Assert.That(row.Command, Does.Contain("RESTORE VERIFYONLY"), run.Outcome.Describe());
            Assert.That(row.Command, Does.Not.Contain("xp_create_subdir"), "an empty structure creates no folder; " + run.Outcome.Describe());
            Assert.That(run.TakenKinds, Is.EqualTo(new[] { kind.RecordedKind() }), "msdb.dbo.backupset type and is_copy_only");
            Assert.That(run.Taken.Select(backup => backup.DeviceName), Is.EqualTo(new[] { row.BackupFile }), "msdb.dbo.backupmediafamily.physical_device_name");
            Assert.That(loggedAfter, Is.EqualTo(loggedBefore + 1), "ownership chaining from dbo.usp_LogBackupDecision lets it insert without INSERT on the table");
        });
    }

    [Test]
    public async Task WithoutExecuteOnTheLogProcedureTheBackupRunsAndTheClosingErrorSaysWhatToGrant()
    {
        // Given a job owner with the script's grants except EXECUTE on dbo.usp_LogBackupDecision
        SqlRow caller = await CallerPermissionsAsync(ownerWithoutLogGrant!);
        Assert.Multiple(() =>
        {
            Assert.That(caller.Flag("can_run_procedure"), Is.True, "EXECUTE on dbo.usp_BackupIfPreferred");
            Assert.That(caller.Flag("can_log_decision"), Is.False, "REVOKE took EXECUTE on dbo.usp_LogBackupDecision away");
        });
        int loggedBefore = await LoggedDecisionsAsync();

        // When it runs a logged COPY_ONLY FULL backup to NUL
        RecordedRun run = await Server.BackUpRecordedAsync(
            new BackupRequest(Database, "FULL", "NUL") { CopyOnly = "Y", LogToTable = "Y" }, Database, ownerWithoutLogGrant);

        // Then the row comes back, the backup was taken, and the call ends with a severity 16 error naming the grant
        ProcedureOutcome outcome = run.Outcome;
        BackupDecision row = outcome.Single(Database);
        int loggedAfter = await LoggedDecisionsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(loggedAfter, Is.EqualTo(loggedBefore), "the context connection is checked as the caller, so the log write was refused");
            Assert.That(row.Action, Is.EqualTo("BACKUP"), "a failed log write does not stop the backup; " + outcome.Describe());
            Assert.That(run.TakenKinds, Is.EqualTo(new[] { BackupKind.CopyOnlyFull.RecordedKind() }), "msdb.dbo.backupset");
            Assert.That(outcome.Error?.Number, Is.EqualTo(ProcedureOutcome.ClosingErrorNumber), "THROW 50000 closes the call; " + outcome.Describe());
            Assert.That(outcome.Error?.Class, Is.EqualTo(16), "severity 16 fails an Agent job step");
            Assert.That(outcome.Error?.Message, Does.Contain("GRANT EXECUTE ON dbo.usp_LogBackupDecision"), outcome.Describe());
            Assert.That(outcome.Error?.RowsBefore, Is.EqualTo(outcome.Rows.Count), "the closing error comes after every row");
        });
    }

    /// <summary>A verified backup written into <see cref="StandaloneSetUpFixture.BackupDirectory"/> itself, which the fixture
    /// creates: an empty @DirectoryStructure, so no xp_create_subdir, which a login that is not sysadmin may not run (docs/usp_BackupIfPreferred.md, after the result
    /// columns: "pre-create the folders and use an empty structure").</summary>
    internal static BackupRequest JobOwnersRequest(BackupKind kind)
    {
        return BackupRequest.For(Database, kind, StandaloneSetUpFixture.BackupDirectory, execute: true) with
        {
            Verify = "Y",
            DirectoryStructure = string.Empty,
        };
    }

    private static Task<int> LoggedDecisionsAsync() => DeploymentState.DecisionLogCountAsync(Server, SqlServerInstance.UtilityDatabase);

    private static Task<SqlRow> CallerPermissionsAsync(SqlLogin login)
    {
        return Server.QuerySingleFileAsync(SqlServerInstance.UtilityDatabase, "Permissions/CallerPermissions.sql", login: login);
    }
}
