using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using NUnit.Framework;
using static AgBackupClr.IntegrationTests.AvailabilityGroups.CleanupScenario;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>
/// @CleanupTime across the two replicas: FULLs on the primary and LOG backups on the secondary, each job cleaning with
/// @CleanupTime = 0, so that only the chain guard keeps anything. Files dated "now" cannot anchor it (2-hour margin), so two
/// more instances with clocks behind UTC write FULLs of the same database family (and a LOG), dated hours before; the guard
/// must keep from the newest of them, delete what is older, and keep every backup this test's own jobs wrote; then a restore
/// from what the replicas kept, in one of those instances.
/// </summary>
[TestFixture]
public sealed class CleanupTests : AvailabilityGroupTestBase
{
    private const string XpDeleteFolder = "/var/opt/mssql/xpdelete";

    // Zones behind UTC all year (no daylight saving): 11 and 5 hours. Their headers are older than any cutoff the guard could
    // draw from a FULL of this test's own less the 2-hour margin, and the one 5 hours behind is the newer of the two.
    private const string OldestZone = "Pacific/Pago_Pago";
    private const string OlderZone = "America/Bogota";
    private const string FullA = "AgBackupClrFamilyA.bak";
    private const string LogA = "AgBackupClrFamilyA.trn";
    private const string FullB = "AgBackupClrFamilyB.bak";

    private Replica[] Both => [Cluster.Primary, Cluster.Secondary];

    [Test]
    public async Task TheGuardKeepsFromTheNewestFullOldEnoughAndWhatItKeptRestores()
    {
        // Given empty folders on both replicas, and two instances, 11 and 5 hours behind UTC, that each wrote a FULL of the
        // availability database's family (A, with a LOG after it, and B)
        // (one writer at a time, so that with the group's two at most three instances run: README, up to four at once)
        foreach (Replica replica in Both)
        {
            await ResetFolderAsync(replica.Server);
        }

        byte[] fullB;
        await using (SqlServerInstance writerB = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder(SqlServerImage.Default, OlderZone)))
        {
            Assert.That(BehindUtc(await ClocksAsync(writerB)), Is.EqualTo(TimeSpan.FromHours(5)).Within(TimeSpan.FromMinutes(1)), $"TZ={OlderZone} did not move the clock");
            (fullB, _) = await WriteFamilyBackupsAsync(Cluster.Primary.Server, writerB, withLog: false);
        }

        await using SqlServerInstance writerA = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder(SqlServerImage.Default, OldestZone));
        Assert.That(BehindUtc(await ClocksAsync(writerA)), Is.EqualTo(TimeSpan.FromHours(11)).Within(TimeSpan.FromMinutes(1)), $"TZ={OldestZone} did not move the clock");
        (byte[] fullA, byte[]? logA) = await WriteFamilyBackupsAsync(Cluster.Primary.Server, writerA, withLog: true);

        // When the earlier chain's LOG is in the secondary's LOG folder and no FULL is in either replica's FULL folder, and
        // both replicas run the LOG job (the secondary takes it)
        await PlaceAsync(Cluster.Secondary.Server, logA!, TypeFolder("LOG"), LogA);
        var log0 = await LogRoundAsync();
        IReadOnlyList<string> logsBeforeAnyFull = await ListAsync(Cluster.Secondary.Server, TypeFolder("LOG"));

        // Then the secondary took its LOG and refused to clean a folder no FULL can start a restore of, failing the step;
        // nothing was deleted
        Assert.Multiple(() =>
        {
            AssertTookAndCleaned(log0.Secondary, "REFUSE", "REFUSE_CLEANUP_NO_FULL");
            Assert.That(log0.Secondary.Error?.Class, Is.EqualTo(16), "REFUSE_CLEANUP_NO_FULL fails the job step; " + log0.Secondary.Describe());
            AssertLeftToTheOther(log0.Primary);
            Assert.That(logsBeforeAnyFull, Is.EquivalentTo(new[] { LogA, WrittenFile(log0.Secondary) }), "REFUSE_CLEANUP_NO_FULL deleted a LOG");
        });

        // When FULL A and FULL B are in the primary's FULL folder, and the primary takes a FULL (round 1)
        SqlRow headerA = await PlaceAsync(Cluster.Primary.Server, fullA, TypeFolder("FULL"), FullA);
        SqlRow headerB = await PlaceAsync(Cluster.Primary.Server, fullB, TypeFolder("FULL"), FullB);
        string? family = await FamilyGuidAsync(Cluster.Primary.Server);
        var full1 = await FullRoundAsync();
        IReadOnlyList<string> fullsAfterFirst = await ListAsync(Cluster.Primary.Server, TypeFolder("FULL"));

        // Then both headers name the database's family (RESTORE kept family_guid), and the primary cleaned from FULL B, the
        // newest FULL that finished 2 hours before now: FULL A went, FULL B and this test's FULL stayed
        Assert.Multiple(() =>
        {
            foreach (SqlRow header in new[] { headerA, headerB })
            {
                Assert.That(header.Text("FamilyGUID"), Is.EqualTo(family), "RESTORE HEADERONLY FamilyGUID against sys.database_recovery_status.family_guid on the primary");
                Assert.That(header.Text("DatabaseName"), Is.EqualTo(AvailabilityGroupCluster.DatabaseName));
                Assert.That(header.Number("BackupType"), Is.EqualTo(1), "a database (FULL) backup");
            }

            Assert.That(headerA.Time("BackupFinishDate"), Is.LessThan(headerB.Time("BackupStartDate")!.Value), "A is dated before B");
            AssertTookAndCleaned(full1.Primary, "CLEANUP", "OK_CLEANED");
            AssertCutoffFrom(headerB, full1.Primary);
            AssertLeftToTheOther(full1.Secondary);
            Assert.That(fullsAfterFirst, Is.EquivalentTo(new[] { FullB, WrittenFile(full1.Primary) }), "FULL A, older than FULL B less 2 hours, goes; FULL B and the job's FULL stay");
        });

        // When the secondary's FULL folder holds what the primary's does (the containers share no folder: together they
        // hold what one shared folder would), and both replicas run the LOG job (round 1)
        await MirrorFullsAsync();
        var log1 = await LogRoundAsync();
        IReadOnlyList<string> logsAfterFirst = await ListAsync(Cluster.Secondary.Server, TypeFolder("LOG"));

        // Then the secondary cleaned its LOG folder from FULL B, proven by its header there: LOG A went, its own LOGs stayed
        Assert.Multiple(() =>
        {
            AssertTookAndCleaned(log1.Secondary, "CLEANUP", "OK_CLEANED");
            AssertCutoffFrom(headerB, log1.Secondary);
            AssertLeftToTheOther(log1.Primary);
            Assert.That(logsAfterFirst, Is.EquivalentTo(new[] { WrittenFile(log0.Secondary), WrittenFile(log1.Secondary) }), "LOG A goes; every LOG of the jobs stays");
        });

        // When a regular FULL goes to NUL by native T-SQL (it moves the differential base and leaves no file), then the
        // primary takes a FULL and both replicas run the LOG job (round 2)
        NativeBackupOutcome toNul = await Cluster.NativeBackupAsync(Cluster.Primary, BackupKind.Full);
        Assert.That(toNul.Succeeded, Is.True, "native regular FULL to NUL: " + toNul);
        var full2 = await FullRoundAsync();
        var log2 = await LogRoundAsync();
        IReadOnlyList<string> fullsKept = await ListAsync(Cluster.Primary.Server, TypeFolder("FULL"));
        IReadOnlyList<string> logsKept = await ListAsync(Cluster.Secondary.Server, TypeFolder("LOG"));

        // Then the anchor did not move: both cutoffs are still FULL B's start less 2 hours, and every file stays
        Assert.Multiple(() =>
        {
            AssertTookAndCleaned(full2.Primary, "CLEANUP", "OK_CLEANED");
            AssertCutoffFrom(headerB, full2.Primary);
            AssertTookAndCleaned(log2.Secondary, "CLEANUP", "OK_CLEANED");
            AssertCutoffFrom(headerB, log2.Secondary);
            Assert.That(fullsKept, Is.EquivalentTo(new[] { FullB, WrittenFile(full1.Primary), WrittenFile(full2.Primary) }), "a FULL with no file here moved no anchor");
            Assert.That(logsKept, Is.EquivalentTo(new[] { log0, log1, log2 }.Select(l => WrittenFile(l.Secondary))), "a FULL with no file here moved no anchor");
        });

        // When the kept FULL of round 1 and the LOGs after it are restored in the instance that wrote A, each WITH NORECOVERY,
        // then RECOVERY
        string full = await CopyAsync(Cluster.Primary.Server, TypeFolder("FULL"), WrittenFile(full1.Primary), writerA);
        await writerA.ExecuteFileAsync("master", "Common/RestoreFullWithNoRecovery.sql", new Dictionary<string, object?>(Database) { ["@File"] = full });
        foreach (ProcedureOutcome log in new[] { log1.Secondary, log2.Secondary })
        {
            string file = await CopyAsync(Cluster.Secondary.Server, TypeFolder("LOG"), WrittenFile(log), writerA);
            await writerA.ExecuteFileAsync("master", "Common/RestoreLogWithNoRecovery.sql", new Dictionary<string, object?>(Database) { ["@File"] = file });
        }

        SqlRow recovered = await writerA.QuerySingleFileAsync("master", "Common/RecoverDatabase.sql", Database);

        // Then the database is ONLINE: the chain the two replicas kept is whole across the FULL to NUL
        Assert.That(recovered.Text("state_desc"), Is.EqualTo("ONLINE"), $"restored from {full} and 2 log backups");
    }

    [Test]
    public async Task XpDeleteFileDeletesBackupsDatedBeforeTheCutoffAndNeverAFileThatIsNoBackup()
    {
        // Given a backup of master and a file that only has a backup's extension, in a folder of their own
        SqlServerInstance server = Cluster.Primary.Server;
        await server.Container.ExecAsync(["mkdir", "-p", XpDeleteFolder]).ThrowOnFailure();
        await server.ExecuteFileAsync("master", "Common/BackUpMasterTo.sql", new Dictionary<string, object?> { ["@File"] = XpDeleteFolder + "/master.bak" });
        await server.Container.CopyAsync(
            "not a backup"u8.ToArray(), XpDeleteFolder + "/notes.bak", 10001, 10001, FileMode);

        // When xp_delete_file is asked for backups dated before yesterday, then before tomorrow (local time)
        SqlRow before = await DeleteBeforeAsync(server, DateTime.Now.AddDays(-1));
        IReadOnlyList<string> afterYesterday = await ListAsync(server, XpDeleteFolder);
        SqlRow after = await DeleteBeforeAsync(server, DateTime.Now.AddDays(1));
        IReadOnlyList<string> afterTomorrow = await ListAsync(server, XpDeleteFolder);

        // Then it returned 0 both times, kept the backup newer than the cutoff, deleted it once older, and never touched the other file
        Assert.Multiple(() =>
        {
            Assert.That((before.Number("return_code"), after.Number("return_code")), Is.EqualTo(((int?)0, (int?)0)));
            Assert.That(afterYesterday, Is.EquivalentTo(new[] { "master.bak", "notes.bak" }), "a backup newer than the cutoff is kept");
            Assert.That(afterTomorrow, Is.EquivalentTo(new[] { "notes.bak" }), "xp_delete_file type 0 reads the header: a file that is no backup stays");
        });
    }

    private static Task<SqlRow> DeleteBeforeAsync(SqlServerInstance server, DateTime before) =>
        server.QuerySingleFileAsync("master", "Common/DeleteBackupsBefore.sql", new Dictionary<string, object?>
        {
            ["@Folder"] = XpDeleteFolder,
            ["@Extension"] = "bak",
            ["@Before"] = before.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        });

    /// <summary>The job took its backup (BACKUP), and its cleanup row has this action and code: xp_delete_file, when it ran,
    /// returned 0 through the context connection on Linux (an OK_CLEANED run ends without an error).</summary>
    private static void AssertTookAndCleaned(ProcedureOutcome outcome, string cleanupAction, string cleanupCode)
    {
        Assert.That(outcome.Rows.Select(r => r.Action), Is.EqualTo(new[] { "BACKUP", cleanupAction }), outcome.Describe());
        Assert.That(CleanupRow(outcome).ReasonCode, Is.EqualTo(cleanupCode), outcome.Describe());
        if (cleanupCode == "OK_CLEANED")
        {
            Assert.That(outcome.Error, Is.Null, outcome.Describe());
        }
    }

    /// <summary>The replica that did not take the backup skipped it and left the shared folder to the one that did. The
    /// secondary's skip of a FULL is SKIP_RUNS_ON_PRIMARY, or SKIP_NOT_PREFERRED where SQL Server 2025 lets it take one.</summary>
    private static void AssertLeftToTheOther(ProcedureOutcome outcome)
    {
        Assert.That(outcome.Rows.Select(r => r.Action), Is.EqualTo(new[] { "SKIP", "SKIP" }), outcome.Describe());
        Assert.That(Codes(outcome).First(), Is.AnyOf("SKIP_NOT_PREFERRED", "SKIP_RUNS_ON_PRIMARY"), outcome.Describe());
        Assert.That(Codes(outcome).Last(), Is.EqualTo("SKIP_CLEANUP_NOT_HERE"), outcome.Describe());
        Assert.That(outcome.Error, Is.Null, outcome.Describe());
    }

    /// <summary>Moves the preference to PRIMARY (SQL Server 2025 lets a secondary take a FULL too) and runs the FULL job on
    /// the primary, then on the secondary.</summary>
    private async Task<(ProcedureOutcome Primary, ProcedureOutcome Secondary)> FullRoundAsync()
    {
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 60);
        return (await Cluster.Primary.Server.BackUpAsync(Job("FULL")), await Cluster.Secondary.Server.BackUpAsync(Job("FULL")));
    }

    /// <summary>Moves the preference to SECONDARY and runs the LOG job on the primary, then on the secondary.</summary>
    private async Task<(ProcedureOutcome Primary, ProcedureOutcome Secondary)> LogRoundAsync()
    {
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 60);
        return (await Cluster.Primary.Server.BackUpAsync(Job("LOG")), await Cluster.Secondary.Server.BackUpAsync(Job("LOG")));
    }

    /// <summary>Copies every file of the primary's FULL folder into the secondary's, dated as its header there.</summary>
    private async Task MirrorFullsAsync()
    {
        string folder = TypeFolder("FULL");
        foreach (string name in await ListAsync(Cluster.Primary.Server, folder))
        {
            await PlaceAsync(Cluster.Secondary.Server, await Cluster.Primary.Server.Container.ReadFileAsync(folder + "/" + name), folder, name);
        }
    }

    /// <summary>Copies one kept file into an instance for a restore, and returns its path there.</summary>
    private static async Task<string> CopyAsync(SqlServerInstance from, string folder, string name, SqlServerInstance to)
    {
        string target = "/tmp/restore/" + name;
        await to.Container.CopyAsync(await from.Container.ReadFileAsync(folder + "/" + name), target, 10001, 10001, FileMode);
        return target;
    }
}
