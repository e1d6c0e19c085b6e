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
/// @CleanupTime = 0, so that only the chain guard keeps anything; an earlier chain's backups, dated hours before, are what it
/// may delete; then a restore from the files both kept, in a third instance.
/// </summary>
[TestFixture]
public sealed class CleanupTests : AvailabilityGroupTestBase
{
    private const string XpDeleteFolder = "/var/opt/mssql/xpdelete";

    // A zone 11 hours behind UTC all year (no daylight saving): backups the third instance writes carry headers dated 11 hours
    // before the replicas' UTC clocks, older than any cutoff the guard draws from this test's FULLs less its 2-hour margin.
    private const string EarlierTimeZone = "Pacific/Pago_Pago";
    private const string EarlierFull = "AgBackupClrEarlierChain.bak";
    private const string EarlierLog = "AgBackupClrEarlierChain.trn";
    private const int EarlierHours = 11;
    private static readonly TimeSpan EarlierBy = TimeSpan.FromHours(EarlierHours);

    private static readonly TimeSpan BaseTimeout = TimeSpan.FromMinutes(1);

    private static IReadOnlyDictionary<string, object?> Database => new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName };

    private Replica[] Both => [Cluster.Primary, Cluster.Secondary];

    [Test]
    public async Task TheGuardCleansOnceASecondFullIsSeenAndTheChainItKeptRestoresInAThirdInstance()
    {
        // Given empty folders and no observed base on either replica, and an earlier chain's FULL in the folder the primary
        // cleans and its LOG in the one the secondary cleans, both 11 hours old by their headers and by their last write
        // (which of the two xp_delete_file compares is undocumented)
        await using SqlServerInstance third = await SqlServerInstance.StartAsync(SqlServerContainers.CreateBuilder(SqlServerImage.Default, EarlierTimeZone));
        foreach (Replica replica in Both)
        {
            await ResetFolderAsync(replica.Server);
            await replica.Server.ExecuteFileAsync(SqlServerInstance.UtilityDatabase, "Retention/ForgetObservedBases.sql", Database);
        }

        await third.ExecuteFileAsync("master", "Retention/BackUpEarlierChain.sql", new Dictionary<string, object?> { ["@FullFile"] = "/tmp/" + EarlierFull, ["@LogFile"] = "/tmp/" + EarlierLog });
        TimeSpan thirdBehind = BehindUtc(await ClocksAsync(third));
        Assert.That(thirdBehind, Is.EqualTo(EarlierBy).Within(TimeSpan.FromMinutes(1)), $"TZ={EarlierTimeZone} did not move the third instance's clock, so the earlier chain's headers are not older");
        await PlaceEarlierAsync(third, EarlierFull, Cluster.Primary, "FULL");
        await PlaceEarlierAsync(third, EarlierLog, Cluster.Secondary, "LOG");

        // When the primary takes a FULL and both replicas run the LOG job (the secondary takes it), then the primary takes a
        // second FULL and both run the LOG job twice more; every replica runs every job, each after the secondary shows the
        // newest FULL's base
        var full1 = await FullRoundAsync();
        IReadOnlyList<string> fullsAfterFirst = await ListAsync(Cluster.Primary.Server, TypeFolder("FULL"));
        (ProcedureOutcome Primary, ProcedureOutcome Secondary) log1 = await LogRoundAsync();
        IReadOnlyList<string> logsAfterFirst = await ListAsync(Cluster.Secondary.Server, TypeFolder("LOG"));
        var full2 = await FullRoundAsync();
        IReadOnlyList<string> fullsKept = await ListAsync(Cluster.Primary.Server, TypeFolder("FULL"));
        var laterLogs = new[] { await LogRoundAsync(), await LogRoundAsync() };
        IReadOnlyList<string> logsKept = await ListAsync(Cluster.Secondary.Server, TypeFolder("LOG"));

        // Then, with one base seen, there is no base before the newest and nothing is deleted (SKIP_CLEANUP_GUARD); from the
        // second FULL on, the replica that took each backup cleans its folder (OK_CLEANED) and the other leaves it to it
        Assert.Multiple(() =>
        {
            AssertTookAndCleaned(full1.Primary, "SKIP_CLEANUP_GUARD");
            AssertTookAndCleaned(full2.Primary, "OK_CLEANED");
            AssertTookAndCleaned(log1.Secondary, "SKIP_CLEANUP_GUARD");
            foreach ((ProcedureOutcome primary, ProcedureOutcome secondary) in laterLogs)
            {
                AssertTookAndCleaned(secondary, "OK_CLEANED");
                Assert.That(Codes(primary), Is.EqualTo(new[] { "SKIP_NOT_PREFERRED", "SKIP_CLEANUP_NOT_HERE" }), primary.Describe());
            }

            Assert.That(Codes(log1.Primary), Is.EqualTo(new[] { "SKIP_NOT_PREFERRED", "SKIP_CLEANUP_NOT_HERE" }), log1.Primary.Describe());
            foreach (ProcedureOutcome secondary in new[] { full1.Secondary, full2.Secondary })
            {
                Assert.That(secondary.Rows.Select(r => r.Action), Is.EqualTo(new[] { "SKIP", "SKIP" }), secondary.Describe());
                Assert.That(Codes(secondary).Last(), Is.EqualTo("SKIP_CLEANUP_NOT_HERE"), secondary.Describe());
            }
        });

        // Then each cleaning replica recorded both FULLs' bases once, in order, and drew its cutoff from them: the earlier of
        // their differential_base_time less 2 hours, so the earlier chain went and every backup of this chain stayed
        IReadOnlyList<SqlRow> primaryObserved = await ObservedAsync(Cluster.Primary);
        IReadOnlyList<SqlRow> secondaryObserved = await ObservedAsync(Cluster.Secondary);
        Assert.Multiple(() =>
        {
            decimal?[] bases = [full1.Base, full2.Base];
            Assert.That(primaryObserved.Select(o => o.Numeric("differential_base_lsn")), Is.EqualTo(bases), "dbo.ObservedDifferentialBase on the primary");
            Assert.That(secondaryObserved.Select(o => o.Numeric("differential_base_lsn")), Is.EqualTo(bases), "dbo.ObservedDifferentialBase on the secondary");
            AssertCutoff(full2.Primary, primaryObserved);
            foreach ((ProcedureOutcome _, ProcedureOutcome secondary) in laterLogs)
            {
                AssertCutoff(secondary, secondaryObserved);
            }

            Assert.That(fullsAfterFirst, Is.EquivalentTo(new[] { EarlierFull, WrittenFile(full1.Primary) }), "SKIP_CLEANUP_GUARD deleted a FULL");
            Assert.That(logsAfterFirst, Is.EquivalentTo(new[] { EarlierLog, WrittenFile(log1.Secondary) }), "SKIP_CLEANUP_GUARD deleted a LOG");
            Assert.That(fullsKept, Is.EquivalentTo(new[] { WrittenFile(full1.Primary), WrittenFile(full2.Primary) }), $"the earlier chain's FULL, {EarlierHours} hours old, goes; both FULLs of this chain stay");
            Assert.That(logsKept, Is.EquivalentTo(new[] { log1, laterLogs[0], laterLogs[1] }.Select(l => WrittenFile(l.Secondary))), $"the earlier chain's LOG, {EarlierHours} hours old, goes; every LOG of this chain stays");
        });

        // When the files both replicas kept are restored in the third instance: the FULL the guard kept the chain from, then
        // every LOG in order, each WITH NORECOVERY, then RECOVERY
        string full = (await CopyKeptAsync("FULL", third)).First(f => f.EndsWith("/" + WrittenFile(full1.Primary), StringComparison.Ordinal));
        IReadOnlyList<string> logFiles = await CopyKeptAsync("LOG", third);
        await third.ExecuteFileAsync("master", "Common/RestoreFullWithNoRecovery.sql", new Dictionary<string, object?>(Database) { ["@File"] = full });
        foreach (string log in logFiles)
        {
            await third.ExecuteFileAsync("master", "Common/RestoreLogWithNoRecovery.sql", new Dictionary<string, object?>(Database) { ["@File"] = log });
        }

        SqlRow recovered = await third.QuerySingleFileAsync("master", "Common/RecoverDatabase.sql", Database);

        // Then the database is ONLINE: the chain the two replicas kept is whole
        Assert.That(recovered.Text("state_desc"), Is.EqualTo("ONLINE"), $"restored from {full} and {logFiles.Count} log backup(s)");
    }

    [Test]
    public async Task XpDeleteFileDeletesBackupsDatedBeforeTheCutoffAndNeverAFileThatIsNoBackup()
    {
        // Given a backup of master and a file that only has a backup's extension, in a folder of their own
        SqlServerInstance server = Cluster.Primary.Server;
        await server.Container.ExecAsync(["mkdir", "-p", XpDeleteFolder]).ThrowOnFailure();
        await server.ExecuteFileAsync("master", "Common/BackUpMasterTo.sql", new Dictionary<string, object?> { ["@File"] = XpDeleteFolder + "/master.bak" });
        await server.Container.CopyAsync(
            "not a backup"u8.ToArray(), XpDeleteFolder + "/notes.bak", 10001, 10001, UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead);

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

    /// <summary>The job took its backup (BACKUP) and its cleanup row has this code, without an error: xp_delete_file, when
    /// it ran, returned 0 through the context connection on Linux.</summary>
    private static void AssertTookAndCleaned(ProcedureOutcome outcome, string cleanupCode)
    {
        Assert.That(outcome.Rows.Select(r => r.Action), Is.EqualTo(new[] { "BACKUP", cleanupCode == "OK_CLEANED" ? "CLEANUP" : "SKIP" }), outcome.Describe());
        Assert.That(CleanupRow(outcome).ReasonCode, Is.EqualTo(cleanupCode), outcome.Describe());
        Assert.That(outcome.Error, Is.Null, outcome.Describe());
    }

    /// <summary>
    /// The chain guard's cutoff with @CleanupTime = 0 and two observed bases: the newest (N) was seen by now, the one before it
    /// (P) is the first, so it is the earlier differential_base_time of the two less the 2-hour margin; on a UTC instance the
    /// local and the UTC reading of that time agree. xp_delete_file gets it to the second.
    /// </summary>
    private static void AssertCutoff(ProcedureOutcome outcome, IReadOnlyList<SqlRow> observed)
    {
        DateTime earliest = observed.Min(o => o.Time("differential_base_time")!.Value).AddHours(-2);
        DateTime expected = earliest.AddTicks(-(earliest.Ticks % TimeSpan.TicksPerSecond));
        Assert.That(DeleteBefore(outcome), Is.InRange(expected.AddMinutes(-1), expected), "the earlier base's differential_base_time less 2 hours; " + outcome.Describe());
    }

    /// <summary>Moves the preference to PRIMARY (SQL Server 2025 lets a secondary take a FULL too), runs the FULL job on the
    /// primary, waits until the secondary's sys.master_files shows the new base, then runs the FULL job on the secondary.</summary>
    private async Task<(ProcedureOutcome Primary, ProcedureOutcome Secondary, decimal? Base)> FullRoundAsync()
    {
        await Cluster.ConfigureBackupAsync("PRIMARY", 50, 60);
        ProcedureOutcome primary = await Cluster.Primary.Server.BackUpAsync(Job("FULL"));
        decimal? newBase = (await Cluster.BaseLsnsAsync(Cluster.Primary)).DifferentialBaseLsn;
        decimal? seen = await Eventually.ReadUntilAsync(
            async () => (await Cluster.BaseLsnsAsync(Cluster.Secondary)).DifferentialBaseLsn,
            lsn => lsn == newBase,
            BaseTimeout);
        // The chain guard relies on it; the docs do not say so.
        Assert.That(seen, Is.EqualTo(newBase), "sys.master_files on the secondary after a FULL on the primary: " + primary.Describe());
        return (primary, await Cluster.Secondary.Server.BackUpAsync(Job("FULL")), newBase);
    }

    /// <summary>Moves the preference to SECONDARY and runs the LOG job on the primary, then on the secondary.</summary>
    private async Task<(ProcedureOutcome Primary, ProcedureOutcome Secondary)> LogRoundAsync()
    {
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 60);
        return (await Cluster.Primary.Server.BackUpAsync(Job("LOG")), await Cluster.Secondary.Server.BackUpAsync(Job("LOG")));
    }

    private static Task<IReadOnlyList<SqlRow>> ObservedAsync(Replica replica) =>
        replica.Server.QueryFileAsync(SqlServerInstance.UtilityDatabase, "Common/ObservedDifferentialBases.sql", Database);

    /// <summary>Copies one of the earlier chain's backups into the folder of its type on a replica, and dates its last write
    /// as far back as its header.</summary>
    private static async Task PlaceEarlierAsync(SqlServerInstance third, string name, Replica replica, string backupType)
    {
        byte[] content = await third.Container.ReadFileAsync("/tmp/" + name);
        string target = TypeFolder(backupType) + "/" + name;
        await replica.Server.Container.CopyAsync(content, target, 10001, 10001, UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead);
        string lastWrite = "@" + DateTimeOffset.UtcNow.Subtract(EarlierBy).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await replica.Server.Container.ExecAsync(["touch", "-d", lastWrite, target]).ThrowOnFailure();
    }

    /// <summary>Copies the files of one backup type both replicas kept into the third instance, in name (time) order.</summary>
    private async Task<IReadOnlyList<string>> CopyKeptAsync(string backupType, SqlServerInstance third)
    {
        string typeFolder = TypeFolder(backupType);
        var copied = new List<string>();
        foreach (Replica replica in Both)
        {
            foreach (string name in await ListAsync(replica.Server, typeFolder))
            {
                byte[] content = await replica.Server.Container.ReadFileAsync(typeFolder + "/" + name);
                string target = "/tmp/restore/" + name;
                await third.Container.CopyAsync(content, target, 10001, 10001, UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead);
                copied.Add(target);
            }
        }

        copied.Sort(StringComparer.Ordinal);
        Assert.That(copied, Is.Not.Empty, $"no {backupType} file was kept in {typeFolder} on either replica");
        return copied;
    }
}
