using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AgBackupClr.TSql;

namespace AgBackupClr.Planner;

/// <summary>What a restore test needs to know of the instance it restores into.</summary>
/// <param name="ServerName">SERVERPROPERTY('ServerName').</param>
/// <param name="Databases">sys.databases: each name and group_database_id (null outside an availability group).</param>
/// <param name="DefaultDataPath">SERVERPROPERTY('InstanceDefaultDataPath'), where the restored data files go unless --data-path says.</param>
/// <param name="DefaultLogPath">SERVERPROPERTY('InstanceDefaultLogPath'), where the restored log goes unless --log-path says.</param>
public sealed record RestoreInstance(string ServerName, IReadOnlyList<HistoryDatabase> Databases, string? DefaultDataPath, string? DefaultLogPath);

/// <summary>One row of RESTORE HEADERONLY (docs/t-sql/statements/restore-statements-headeronly-transact-sql.md): a backup set of the media.</summary>
public sealed record BackupHeader(int Position, string DatabaseName, decimal FirstLsn, decimal LastLsn, Guid BackupSetGuid);

/// <summary>The instance a restore test runs on: the seam its offline tests replace.</summary>
public interface IRestoreServer
{
    RestoreInstance Read(string connectionString);

    IReadOnlyList<BackupHeader> HeaderOnly(string connectionString, string statement);

    /// <summary>RESTORE FILELISTONLY's LogicalName, PhysicalName and Type.</summary>
    IReadOnlyList<BackupFile> FileListOnly(string connectionString, string statement);

    /// <summary>Runs a statement without a time limit, passing on each message it prints (RESTORE's STATS, CHECKDB's).</summary>
    void Execute(string connectionString, string statement, Action<string> message);
}

/// <summary>What a restore test did: the restore and its point in time, CHECKDB's outcome, and whether the copy was dropped.</summary>
/// <param name="CheckDb">PASSED, FAILED, or NOT_RUN without --check or after a failed restore.</param>
/// <param name="Error">Why the restore or CHECKDB failed; null when neither did.</param>
public sealed record RestoreTestResult(
    string DatabaseName,
    string RestoredAs,
    string ServerName,
    DateTime RestoredToUtc,
    int Backups,
    TimeSpan RestoreDuration,
    string CheckDb,
    TimeSpan? CheckDbDuration,
    bool Dropped,
    string? Error)
{
    public bool Succeeded => Error == null;
}

/// <summary>
/// agbackup restore --test: restores the sequence into another instance under a new name, checks it with DBCC CHECKDB when
/// asked, and drops it unless kept. Every rule that needs no server is a pure function here.
/// </summary>
public static class RestoreTest
{
    private const string Suffix = "_restoretest_";

    /// <summary>"&lt;name&gt;_restoretest_&lt;UTC time&gt;", the name cut so that the whole is a sysname (128 characters).</summary>
    public static string DefaultName(string databaseName, DateTime nowUtc)
    {
        string stamp = Suffix + nowUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        int keep = Math.Min(databaseName.Length, 128 - stamp.Length);

        // Cutting between the two halves of a surrogate pair would leave half a character.
        if (keep > 0 && keep < databaseName.Length && char.IsHighSurrogate(databaseName[keep - 1]))
        {
            keep--;
        }

        return databaseName.Substring(0, keep) + stamp;
    }

    /// <summary>
    /// Why the test must not restore into this instance, or null: never over a database that exists (compared ignoring case,
    /// as most collations do), and never into a replica of the group the database belongs to, whose disks and memory serve
    /// it, unless forced.
    /// </summary>
    public static string? Refusal(RestoreInstance instance, IReadOnlyList<ReplicaHistory> replicas, string databaseName, string restoreAs, bool force)
    {
        if (instance.Databases.Any(d => string.Equals(d.Name, restoreAs, StringComparison.OrdinalIgnoreCase)))
        {
            return Echo.Line(instance.ServerName) + " already has a database named " + Echo.Quote(restoreAs)
                + ": a restore test never restores over one; give --as another name.";
        }

        HashSet<Guid> groupDatabases = replicas.SelectMany(r => r.Databases).Where(d => d.Name == databaseName && d.GroupDatabaseId != null)
            .Select(d => d.GroupDatabaseId!.Value).ToHashSet();
        bool replica = replicas.Any(r => string.Equals(r.ServerName, instance.ServerName, StringComparison.OrdinalIgnoreCase))
            || instance.Databases.Any(d => d.GroupDatabaseId is Guid id && groupDatabases.Contains(id));
        return replica && !force
            ? Echo.Line(instance.ServerName) + " is a replica of " + Echo.Quote(databaseName)
                + "'s availability group or one whose history was read: a restore test there takes the disk and memory it serves with; "
                + "give another instance, or --force."
            : null;
    }

    public static string HeaderOnly(RestoreStep step) => "RESTORE HEADERONLY FROM " + RestoreScript.Devices(step) + ";";

    public static string FileListOnly(RestoreStep step) =>
        "RESTORE FILELISTONLY FROM " + RestoreScript.Devices(step) + " WITH FILE = " + step.Backup.Position.ToString(CultureInfo.InvariantCulture) + ";";

    public static string CheckDb(string restoredAs) => "DBCC CHECKDB (" + TSqlText.QuoteName(restoredAs) + ") WITH NO_INFOMSGS, ALL_ERRORMSGS;";

    public static string Drop(string restoredAs) => "DROP DATABASE " + TSqlText.QuoteName(restoredAs) + ";";

    /// <summary>Why the files do not hold the backup set the history names (RESTORE HEADERONLY at its position), or null.</summary>
    public static string? HeaderProblem(RestoreStep step, IReadOnlyList<BackupHeader> headers)
    {
        BackupHeader? header = headers.FirstOrDefault(h => h.Position == step.Backup.Position);
        if (header == null)
        {
            return "hold no backup set at position " + step.Backup.Position.ToString(CultureInfo.InvariantCulture) + " (FILE): overwritten or another file.";
        }

        if (header.BackupSetGuid != step.Backup.BackupSetUuid)
        {
            return "hold another backup set at position " + step.Backup.Position.ToString(CultureInfo.InvariantCulture) + " (BackupSetGUID "
                + header.BackupSetGuid.ToString("D") + ", not " + step.Backup.BackupSetUuid.ToString("D") + "): overwritten.";
        }

        return header.DatabaseName != step.Backup.DatabaseName || header.FirstLsn != step.Backup.FirstLsn || header.LastLsn != step.Backup.LastLsn
            ? "hold a backup of " + Echo.Quote(header.DatabaseName) + " from LSN " + RestoreSequenceBuilder.Lsn(header.FirstLsn) + " to "
                + RestoreSequenceBuilder.Lsn(header.LastLsn) + ", where msdb says " + Echo.Quote(step.Backup.DatabaseName) + " from "
                + RestoreSequenceBuilder.Lsn(step.Backup.FirstLsn) + " to " + RestoreSequenceBuilder.Lsn(step.Backup.LastLsn) + "."
            : null;
    }

    /// <summary>The sequence with the FULL's file list as the backup itself holds it (FILELISTONLY), rather than as msdb recorded it.</summary>
    public static RestoreSequence WithFileList(RestoreSequence sequence, IReadOnlyList<BackupFile> files)
    {
        RestoreStep full = sequence.Steps[0];
        var steps = new List<RestoreStep>(sequence.Steps) { [0] = full with { Backup = full.Backup with { Files = files } } };
        return sequence with { Steps = steps };
    }

    /// <summary>The point the restore reaches: STOPAT, or the end of the last backup.</summary>
    public static DateTime RestoredTo(RestoreSequence sequence) => sequence.StopAtUtc ?? sequence.Steps[^1].Backup.FinishedUtc;

    /// <summary>
    /// Checks every file, restores, checks with CHECKDB when asked and drops unless kept; throws RestoreSequenceException when
    /// a file is not the backup the history names (nothing was restored then) and DbException when the instance cannot be read.
    /// </summary>
    public static RestoreTestResult Run(
        IRestoreServer server, string connectionString, RestoreSequence sequence, RestoreInstance instance, RestoreTarget target, bool check, bool keep, Action<string> progress)
    {
        foreach (RestoreStep step in sequence.Steps)
        {
            string? problem;
            try
            {
                problem = HeaderProblem(step, server.HeaderOnly(connectionString, HeaderOnly(step)));
            }
            catch (DbException unreadable)
            {
                problem = "cannot be read from " + Echo.Line(instance.ServerName) + ": " + unreadable.Message;
            }

            if (problem != null)
            {
                throw new RestoreSequenceException(
                    "the file(s) " + Echo.List(step.Stripes.Select(s => s.PhysicalDeviceName!).ToList()) + " of the " + RestoreSequenceBuilder.TypeName(step.Backup)
                    + " " + Echo.Line(step.ServerName) + " took (finished " + RestoreSequenceBuilder.Time(step.Backup.FinishedUtc) + ") " + problem);
            }
        }

        RestoreSequence restored = WithFileList(sequence, server.FileListOnly(connectionString, FileListOnly(sequence.Steps[0])));
        IReadOnlyList<string> statements = RestoreScript.Statements(restored, target);
        string restoredAs = target.RestoreAs!;
        var clock = Stopwatch.StartNew();
        string? error = Execute(server, connectionString, statements, progress);
        TimeSpan restoreDuration = clock.Elapsed;
        string checkDb = "NOT_RUN";
        TimeSpan? checkDbDuration = null;
        if (error == null && check)
        {
            clock.Restart();
            error = Execute(server, connectionString, new[] { CheckDb(restoredAs) }, progress);
            (checkDb, checkDbDuration) = (error == null ? "PASSED" : "FAILED", clock.Elapsed);
        }

        bool dropped = !keep && Execute(server, connectionString, new[] { Drop(restoredAs) }, progress) == null;
        return new RestoreTestResult(
            sequence.DatabaseName, restoredAs, instance.ServerName, RestoredTo(sequence), sequence.Steps.Count, restoreDuration, checkDb, checkDbDuration, dropped, error);
    }

    /// <summary>Runs the statements in order; the first that fails stops them, and its error is returned.</summary>
    private static string? Execute(IRestoreServer server, string connectionString, IEnumerable<string> statements, Action<string> progress)
    {
        foreach (string statement in statements)
        {
            try
            {
                server.Execute(connectionString, statement, progress);
            }
            catch (DbException failed)
            {
                return failed.Message;
            }
        }

        return null;
    }
}
