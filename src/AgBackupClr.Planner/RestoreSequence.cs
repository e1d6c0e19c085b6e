using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AgBackupClr.Planner;

/// <summary>No restore sequence reaches the target: the message names the LSNs or the time, and the replicas concerned.</summary>
public sealed class RestoreSequenceException : Exception
{
    public RestoreSequenceException(string message)
        : base(message)
    {
    }
}

/// <summary>A backup of one replica's msdb, named with the replica that read it.</summary>
public sealed record ReplicaBackup(HistoryBackup Backup, string ServerName);

/// <summary>One RESTORE of the sequence.</summary>
/// <param name="Stripes">The file of each family (stripe) to read, in family order, each from the lowest mirror msdb names.</param>
public sealed record RestoreStep(HistoryBackup Backup, string ServerName, IReadOnlyList<MediaFamily> Stripes);

/// <summary>The backups to restore in order, and the time to stop at in the last LOG (null: restore to its end).</summary>
public sealed record RestoreSequence(string DatabaseName, IReadOnlyList<RestoreStep> Steps, DateTime? StopAtUtc);

/// <summary>
/// Builds the shortest restore sequence of one database across every replica's history: log backups taken on any replica
/// of an availability group form one chain (active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md),
/// so each backup is taken from whichever replica's msdb names it. LSN rules: backupset-transact-sql.md (first_lsn,
/// last_lsn, checkpoint_lsn, differential_base_lsn) and "Log Sequence Numbers and Restore Planning" (SQL Server 2008 docs,
/// ms190729): a data backup restores the database to its last_lsn; a log backup applies when it holds that LSN.
/// </summary>
public static class RestoreSequenceBuilder
{
    /// <summary>Device types a RESTORE reads by name (backupmediafamily.device_type): 2 disk, 9 URL; null is taken for disk.</summary>
    private const int Disk = 2;
    private const int Url = 9;

    /// <summary>
    /// The backups of the database of that name, each once (the same backup_set_uuid read on two replicas is one backup). An
    /// availability database is one database on every replica; a database outside a group of that name on two instances is
    /// two databases whose chains are not one, so the name alone is refused.
    /// </summary>
    public static IReadOnlyList<ReplicaBackup> BackupsOf(IReadOnlyList<ReplicaHistory> replicas, string databaseName)
    {
        var owners = new List<(ReplicaHistory Replica, string Key)>();
        foreach (ReplicaHistory replica in replicas)
        {
            foreach (HistoryDatabase database in replica.Databases.Where(d => d.Name == databaseName))
            {
                owners.Add((replica, database.GroupDatabaseId is Guid id ? "group " + id.ToString("D") : "instance " + replica.ServerName));
            }
        }

        List<string> keys = owners.Select(owner => owner.Key).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count > 1)
        {
            throw new RestoreSequenceException(
                Echo.Quote(databaseName) + " is a database of " + Echo.List(owners.Select(owner => owner.Replica.ServerName).Distinct(StringComparer.Ordinal).ToList(), false)
                + " that is not one availability database, and their log chains are not one: read only the instance to restore from.");
        }

        // A database dropped everywhere still has its history; otherwise only the replicas that hold it tell its backups.
        IEnumerable<ReplicaHistory> readers = keys.Count == 0 ? replicas : owners.Select(owner => owner.Replica);
        var seen = new HashSet<Guid>();
        var backups = new List<ReplicaBackup>();
        foreach (ReplicaHistory replica in readers)
        {
            foreach (HistoryBackup backup in replica.Backups)
            {
                if (backup.DatabaseName == databaseName && seen.Add(backup.BackupSetUuid))
                {
                    backups.Add(new ReplicaBackup(backup, replica.ServerName));
                }
            }
        }

        return backups;
    }

    /// <summary>
    /// Of the sequences that reach the target (a UTC time, or null: the newest backup read), the one of fewest backups, and of
    /// those the one from the newest FULL; throws RestoreSequenceException when there is none, or when a backup of it lacks a
    /// stripe or was written to a device a RESTORE cannot name.
    /// </summary>
    public static RestoreSequence Build(string databaseName, IReadOnlyList<ReplicaBackup> backups, DateTime? stopAtUtc)
    {
        if (backups.Count == 0)
        {
            throw new RestoreSequenceException("no backup of " + Echo.Quote(databaseName) + " in the history read.");
        }

        // Copy-only log backups are left out: a regular log backup holds the same log (copy-only-backups-sql-server.md).
        var chain = new LogChain(backups.Where(b => b.Backup.Type == 'L' && !b.Backup.IsCopyOnly).ToList());
        List<ReplicaBackup> fulls = backups.Where(b => b.Backup.Type == 'D').OrderByDescending(b => b.Backup.LastLsn).ToList();
        List<ReplicaBackup> bases = fulls.Where(b => stopAtUtc == null || b.Backup.FinishedUtc <= stopAtUtc).ToList();
        if (bases.Count == 0)
        {
            throw new RestoreSequenceException(NoFull(databaseName, fulls, stopAtUtc));
        }

        // Read after the check above: a FULL is among them, so there is a newest.
        decimal newestLsn = backups.Where(b => b.Backup.Type != 'L' || !b.Backup.IsCopyOnly).Max(b => b.Backup.LastLsn);
        List<ReplicaBackup> diffs = backups.Where(b => b.Backup.Type == 'I').ToList();
        List<ReplicaBackup>? shortest = null;
        string? newestFailure = null;
        foreach (ReplicaBackup full in bases)
        {
            List<ReplicaBackup>? steps = From(full, diffs, chain, stopAtUtc, newestLsn, shortest?.Count, databaseName, out string? failure);
            if (failure != null)
            {
                newestFailure ??= failure;
            }
            else if (steps != null)
            {
                shortest = steps;
            }
        }

        if (shortest == null)
        {
            throw new RestoreSequenceException(newestFailure!);
        }

        bool stopsInLog = stopAtUtc != null && shortest[shortest.Count - 1].Backup.Type == 'L';
        return new RestoreSequence(
            databaseName,
            shortest.Select(step => new RestoreStep(step.Backup, step.ServerName, Stripes(databaseName, step))).ToList(),
            stopsInLog ? stopAtUtc : null);
    }

    /// <summary>"FULL", "COPY_ONLY FULL", "DIFF" or "LOG", as a DBA names a backup.</summary>
    public static string TypeName(HistoryBackup backup) =>
        backup.Type switch { 'D' => backup.IsCopyOnly ? "COPY_ONLY FULL" : "FULL", 'I' => "DIFF", _ => "LOG" };

    /// <summary>The UTC time as messages and tables print it.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An LSN (numeric(25,0)) or a size in bytes, as digits.</summary>
    public static string Lsn(decimal lsn) => Digits(lsn);

    public static string Digits(decimal number) => number.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The FULL, the newest DIFF based on it, then the log backups to the target; failure says why they do not reach it. Null
    /// without a failure when the sequence would be no shorter than <paramref name="fewerThan"/>: an older FULL's walk stops
    /// there, so that a month of log backups is walked about once rather than once per FULL.
    /// </summary>
    private static List<ReplicaBackup>? From(
        ReplicaBackup full, List<ReplicaBackup> diffs, LogChain chain, DateTime? stopAtUtc, decimal newestLsn, int? fewerThan, string databaseName, out string? failure)
    {
        failure = null;
        var steps = new List<ReplicaBackup> { full };

        // A DIFF is based on the regular FULL whose checkpoint_lsn is its differential_base_lsn; a copy-only FULL is no base
        // (copy-only-backups-sql-server.md). A DIFF restores the database to its last_lsn, so the newest one is the shortest way.
        ReplicaBackup? diff = full.Backup.IsCopyOnly || full.Backup.CheckpointLsn == null
            ? null
            : diffs
                .Where(b => b.Backup.DifferentialBaseLsn == full.Backup.CheckpointLsn && b.Backup.LastLsn > full.Backup.LastLsn
                    && (stopAtUtc == null || b.Backup.FinishedUtc <= stopAtUtc))
                .OrderByDescending(b => b.Backup.LastLsn)
                .FirstOrDefault();
        if (diff != null)
        {
            steps.Add(diff);
        }

        // The log restored must reach the target: the newest LSN read, or a log backup that finished at or after the time
        // (all log written before a log backup ends is in it or in one before it).
        while (stopAtUtc == null ? steps[steps.Count - 1].Backup.LastLsn < newestLsn : steps[steps.Count - 1].Backup.FinishedUtc < stopAtUtc)
        {
            if (steps.Count + 1 >= fewerThan)
            {
                return null;
            }

            ReplicaBackup reached = steps[steps.Count - 1];
            ReplicaBackup? next = chain.Holding(reached.Backup.LastLsn);
            if (next == null)
            {
                failure = chain.After(reached.Backup.LastLsn) is ReplicaBackup after
                    ? Gap(databaseName, reached, after)
                    : Beyond(databaseName, reached, stopAtUtc);
                return steps;
            }

            steps.Add(next);
        }

        return fewerThan == null || steps.Count < fewerThan ? steps : null;
    }

    /// <summary>Each family's file from the lowest mirror that names one; throws when a family has none or cannot be named.</summary>
    private static IReadOnlyList<MediaFamily> Stripes(string databaseName, ReplicaBackup step)
    {
        HistoryBackup backup = step.Backup;
        int families = Math.Max(backup.MediaFamilyCount ?? 1, backup.Families.Count == 0 ? 1 : backup.Families.Max(f => f.FamilySequenceNumber));
        var stripes = new List<MediaFamily>(families);
        for (int family = 1; family <= families; family++)
        {
            MediaFamily? stripe = backup.Families
                .Where(f => f.FamilySequenceNumber == family && !string.IsNullOrEmpty(f.PhysicalDeviceName))
                .OrderBy(f => f.Mirror)
                .FirstOrDefault();
            if (stripe == null)
            {
                throw new RestoreSequenceException(
                    "the " + Describe(databaseName, step) + " has no file for stripe " + family.ToString(CultureInfo.InvariantCulture) + " of "
                    + families.ToString(CultureInfo.InvariantCulture) + " in msdb.dbo.backupmediafamily of " + Echo.Line(step.ServerName) + ".");
            }

            if (stripe.DeviceType is int type && type != Disk && type != Url)
            {
                throw new RestoreSequenceException(
                    "the " + Describe(databaseName, step) + " was written to a device of type " + type.ToString(CultureInfo.InvariantCulture)
                    + " (" + Echo.Quote(stripe.PhysicalDeviceName!) + "), which a RESTORE script cannot read: only disk files (2) and URLs (9).");
            }

            stripes.Add(stripe);
        }

        return stripes;
    }

    private static string NoFull(string databaseName, List<ReplicaBackup> fulls, DateTime? stopAtUtc)
    {
        if (fulls.Count == 0)
        {
            return "no FULL of " + Echo.Quote(databaseName) + " in the history read: read further back (--since) or the replica that took one.";
        }

        ReplicaBackup oldest = fulls.OrderBy(b => b.Backup.FinishedUtc).First();
        return "no FULL of " + Echo.Quote(databaseName) + " read finished at or before " + Time(stopAtUtc!.Value) + "; the oldest, which "
            + Echo.Line(oldest.ServerName) + " took, finished at " + Time(oldest.Backup.FinishedUtc) + ": read further back (--since).";
    }

    private static string Gap(string databaseName, ReplicaBackup reached, ReplicaBackup after) =>
        "no log backup of " + Echo.Quote(databaseName) + " read covers LSN " + Lsn(reached.Backup.LastLsn) + " to " + Lsn(after.Backup.FirstLsn)
        + ": it was taken between " + Time(reached.Backup.FinishedUtc) + " (end of the " + TypeName(reached.Backup) + " " + Echo.Line(reached.ServerName)
        + " took) and " + Time(after.Backup.StartedUtc) + " (start of the LOG " + Echo.Line(after.ServerName)
        + " took), and no msdb read names it: read the replica that took it, or its history was deleted.";

    private static string Beyond(string databaseName, ReplicaBackup reached, DateTime? stopAtUtc) =>
        "no backup of " + Echo.Quote(databaseName) + " read reaches " + (stopAtUtc is DateTime time ? Time(time) : "the newest backup read")
        + ": the log chain ends with the " + TypeName(reached.Backup) + " " + Echo.Line(reached.ServerName) + " took, which finished at "
        + Time(reached.Backup.FinishedUtc) + " (LSN " + Lsn(reached.Backup.LastLsn) + ").";

    private static string Describe(string databaseName, ReplicaBackup step) =>
        TypeName(step.Backup) + " of " + Echo.Quote(databaseName) + " " + Echo.Line(step.ServerName) + " took (finished " + Time(step.Backup.FinishedUtc) + ")";

    /// <summary>The log backups by first_lsn, with the one reaching furthest among each prefix, to find the next one in O(log n).</summary>
    private sealed class LogChain
    {
        private readonly List<ReplicaBackup> logs;
        private readonly int[] furthest;

        public LogChain(List<ReplicaBackup> logs)
        {
            logs.Sort((x, y) => x.Backup.FirstLsn.CompareTo(y.Backup.FirstLsn));
            this.logs = logs;
            furthest = new int[logs.Count];
            for (int i = 0; i < logs.Count; i++)
            {
                furthest[i] = i > 0 && logs[furthest[i - 1]].Backup.LastLsn >= logs[i].Backup.LastLsn ? furthest[i - 1] : i;
            }
        }

        /// <summary>The log backup that holds the LSN (first_lsn at or before it, last_lsn after it) and reaches furthest; null when none does.</summary>
        public ReplicaBackup? Holding(decimal lsn)
        {
            int last = LastStartingAtOrBefore(lsn);
            return last >= 0 && logs[furthest[last]].Backup.LastLsn > lsn ? logs[furthest[last]] : null;
        }

        /// <summary>The first log backup that starts after the LSN, null when none does.</summary>
        public ReplicaBackup? After(decimal lsn)
        {
            int next = LastStartingAtOrBefore(lsn) + 1;
            return next < logs.Count ? logs[next] : null;
        }

        private int LastStartingAtOrBefore(decimal lsn)
        {
            int low = 0;
            int high = logs.Count - 1;
            while (low <= high)
            {
                int middle = low + ((high - low) / 2);
                if (logs[middle].Backup.FirstLsn <= lsn)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return high;
        }
    }
}
