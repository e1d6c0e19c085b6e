using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>What the @CleanupTime scenarios share: the job step every replica runs, the folders it writes, and what its rows
/// and those folders say.</summary>
internal static class CleanupScenario
{
    /// <summary>The same path on every replica. The containers share no folder: what the replicas keep together is what one
    /// shared folder would hold.</summary>
    public const string Folder = "/var/opt/mssql/agshared";

    /// <summary>Read and write for the SQL Server user (10001) that owns the files it backs up.</summary>
    public const UnixFileModes FileMode = UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.OtherRead;

    /// <summary>The cutoff in xp_delete_file's call, as CleanupCommand writes it: N'yyyy-MM-ddTHH:mm:ss', then 0 (no subfolders).</summary>
    private static readonly Regex DeleteBeforeArgument = new(@"N'(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})', 0;", RegexOptions.CultureInvariant);

    /// <summary>The job step every replica runs: the availability database to the folder, with @CleanupTime = 0, so that
    /// every backup before now may go and only the chain guard keeps anything.</summary>
    public static BackupRequest Job(string backupType) =>
        new(AvailabilityGroupCluster.DatabaseName, backupType, Folder) { CleanupTime = 0 };

    /// <summary>Where the job writes one backup type, under the default @AvailabilityGroupDirectoryStructure.</summary>
    public static string TypeFolder(string backupType) =>
        $"{Folder}/{AvailabilityGroupCluster.AvailabilityGroupName}/{AvailabilityGroupCluster.DatabaseName}/{backupType}";

    public static string[] Codes(ProcedureOutcome outcome) => outcome.Rows.Select(r => r.ReasonCode ?? "(null)").ToArray();

    /// <summary>The cleanup row of a run: the procedure writes it after the database's backup row.</summary>
    public static BackupDecision CleanupRow(ProcedureOutcome outcome) => outcome.Rows.Last();

    /// <summary>The backup file a BACKUP row wrote, without its folder.</summary>
    public static string WrittenFile(ProcedureOutcome outcome)
    {
        string file = outcome.Rows.First().BackupFile ?? throw new InvalidOperationException("No backup_file: " + outcome.Describe());
        return file[(file.LastIndexOf('/') + 1)..];
    }

    /// <summary>The date an OK_CLEANED row gave xp_delete_file: backups dated before it are deleted (this replica's local time).</summary>
    public static DateTime DeleteBefore(ProcedureOutcome outcome)
    {
        BackupDecision row = CleanupRow(outcome);
        Match match = DeleteBeforeArgument.Match(row.Command ?? string.Empty);
        if (!match.Success)
        {
            throw new AssertionException("No xp_delete_file cutoff in the cleanup row's command; " + outcome.Describe());
        }

        return DateTime.ParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Empties the folder on a replica and creates the folders of both backup types, as the replica's own user.</summary>
    public static async Task ResetFolderAsync(SqlServerInstance server)
    {
        await server.Container.ExecAsync(["rm", "-rf", Folder]).ThrowOnFailure();
        await server.Container.ExecAsync(["mkdir", "-p", TypeFolder("FULL"), TypeFolder("LOG")]).ThrowOnFailure();
    }

    public static async Task<IReadOnlyList<string>> ListAsync(SqlServerInstance server, string folder)
    {
        var listing = await server.Container.ExecAsync(["ls", "-1", folder]);
        return listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static IReadOnlyDictionary<string, object?> Database => new Dictionary<string, object?> { ["@DatabaseName"] = AvailabilityGroupCluster.DatabaseName };

    /// <summary>
    /// A FULL of the availability database's family, and a LOG after it when <paramref name="withLog"/>, written by
    /// <paramref name="writer"/>: the primary's COPY_ONLY FULL restored there under the same name (a RESTORE keeps
    /// family_guid), then backed up, so the headers are dated in the writer's local time. Returns the files' bytes.
    /// </summary>
    public static async Task<(byte[] Full, byte[]? Log)> WriteFamilyBackupsAsync(SqlServerInstance primary, SqlServerInstance writer, bool withLog)
    {
        const string seed = "/tmp/AgBackupClrSeed.bak";
        const string full = "/tmp/AgBackupClrFamily.bak";
        const string log = "/tmp/AgBackupClrFamily.trn";
        await primary.ExecuteFileAsync("master", "Retention/BackUpCopyOnlyTo.sql", new Dictionary<string, object?>(Database) { ["@File"] = seed });
        await writer.Container.CopyAsync(await primary.Container.ReadFileAsync(seed), seed, 10001, 10001, FileMode);
        await writer.ExecuteFileAsync("master", "Retention/WriteFamilyBackups.sql", new Dictionary<string, object?>(Database)
        {
            ["@SeedFile"] = seed,
            ["@FullFile"] = full,
            ["@LogFile"] = withLog ? log : null,
        });
        return (await writer.Container.ReadFileAsync(full), withLog ? await writer.Container.ReadFileAsync(log) : null);
    }

    /// <summary>
    /// Puts a backup file into a folder of a replica as the replica's SQL Server user, with its last write at its header's
    /// BackupFinishDate read as the replica's local time (touch follows the container's TZ, as SQL Server does): which of the
    /// two xp_delete_file compares is undocumented. Returns the header.
    /// </summary>
    public static async Task<SqlRow> PlaceAsync(SqlServerInstance server, byte[] content, string folder, string name)
    {
        string path = folder + "/" + name;
        await server.Container.CopyAsync(content, path, 10001, 10001, FileMode);
        SqlRow header = await HeaderAsync(server, path);
        string finished = header.Time("BackupFinishDate")!.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await server.Container.ExecAsync(["touch", "-d", finished, path]).ThrowOnFailure();
        return header;
    }

    /// <summary>The first backup set of a file as RESTORE HEADERONLY reads it on this instance.</summary>
    public static Task<SqlRow> HeaderAsync(SqlServerInstance server, string path) =>
        server.QuerySingleFileAsync("master", "Retention/BackupHeader.sql", new Dictionary<string, object?> { ["@File"] = path });

    /// <summary>The family_guid of the availability database on this replica, as text.</summary>
    public static async Task<string?> FamilyGuidAsync(SqlServerInstance server) =>
        (await server.QuerySingleFileAsync("master", "Retention/FamilyGuid.sql", Database)).Text("family_guid");

    /// <summary>The chain guard's cutoff when it keeps from the FULL whose header this is: its BackupStartDate less the
    /// 2-hour margin, as xp_delete_file gets it, to the second.</summary>
    public static void AssertCutoffFrom(SqlRow anchorHeader, ProcedureOutcome outcome)
    {
        DateTime expected = anchorHeader.Time("BackupStartDate")!.Value.AddHours(-2);
        Assert.That(
            DeleteBefore(outcome),
            Is.EqualTo(expected).Within(TimeSpan.FromSeconds(1)),
            $"the anchor's header BackupStartDate {anchorHeader.Time("BackupStartDate"):s} less 2 hours; " + outcome.Describe());
    }

    /// <summary>This instance's local and UTC clocks, read in one statement.</summary>
    public static Task<SqlRow> ClocksAsync(SqlServerInstance server) => server.QuerySingleFileAsync("master", "Common/Clocks.sql");

    /// <summary>How far this instance's local clock is behind UTC.</summary>
    public static TimeSpan BehindUtc(SqlRow clocks) => clocks.Time("utc_now")!.Value - clocks.Time("local_now")!.Value;
}
