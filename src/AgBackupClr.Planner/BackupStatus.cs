using System;
using System.Collections.Generic;
using System.Linq;

namespace AgBackupClr.Planner;

/// <summary>
/// One row of msdb.dbo.backupset, with its media families and, for a FULL, its files: what agbackup status and restore use
/// (docs/relational-databases/system-tables/backupset-transact-sql.md, backupmediafamily-transact-sql.md,
/// backupmediaset-transact-sql.md, backupfile-transact-sql.md).
/// </summary>
/// <param name="Type">backupset.type: 'D' database (FULL), 'I' differential database, 'L' log; other types are not read.</param>
/// <param name="FirstLsn">backupset.first_lsn: numeric(25,0), hence decimal.</param>
/// <param name="LastLsn">backupset.last_lsn: the next LSN after the backup set, so the next log backup starts there.</param>
/// <param name="CheckpointLsn">backupset.checkpoint_lsn: where redo starts; a DIFF based on a FULL has it as its differential_base_lsn.</param>
/// <param name="DifferentialBaseLsn">backupset.differential_base_lsn of a DIFF; null for the other types.</param>
/// <param name="StartedUtc">backupset.backup_start_date (local time of that server) less backupset.time_zone.</param>
/// <param name="FinishedUtc">backupset.backup_finish_date (local time of that server) less backupset.time_zone.</param>
/// <param name="UtcOffsetMinutes">backupset.time_zone in minutes (15 per unit), or the server's offset when msdb says 127, unknown.</param>
/// <param name="Position">backupset.position: the backup set's place in its media set, RESTORE's FILE option.</param>
/// <param name="BackupSize">backupset.backup_size in bytes, null when msdb has none.</param>
/// <param name="MediaFamilyCount">backupmediaset.media_family_count: how many stripes the backup was written to, null when unknown.</param>
/// <param name="Families">Every backupmediafamily row of the media set: one per stripe and mirror.</param>
/// <param name="Files">The backupfile rows of a FULL whose file is in the backup (is_present = 1): what RESTORE ... MOVE moves.</param>
public sealed record HistoryBackup(
    string DatabaseName,
    Guid BackupSetUuid,
    char Type,
    bool IsCopyOnly,
    decimal FirstLsn,
    decimal LastLsn,
    decimal? CheckpointLsn,
    decimal? DifferentialBaseLsn,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    int UtcOffsetMinutes,
    int Position,
    decimal? BackupSize,
    int? MediaFamilyCount,
    IReadOnlyList<MediaFamily> Families,
    IReadOnlyList<BackupFile> Files)
{
    /// <summary>The physical_device_name of the first family of mirror 0: the file status names.</summary>
    public string? File => Families.FirstOrDefault(family => family.FamilySequenceNumber == 1 && family.Mirror == 0)?.PhysicalDeviceName;
}

/// <summary>One row of msdb.dbo.backupmediafamily: one stripe (family) of a media set, on one of its mirrors.</summary>
/// <param name="DeviceType">backupmediafamily.device_type: 2 disk, 5 tape, 7 virtual device, 9 URL, 105 permanent backup device; null when msdb has none.</param>
public sealed record MediaFamily(int FamilySequenceNumber, int Mirror, string? PhysicalDeviceName, int? DeviceType);

/// <summary>One row of msdb.dbo.backupfile: a database file in the backup, as it was when the backup was taken.</summary>
/// <param name="FileType">backupfile.file_type: 'D' data, 'L' log, 'F' full-text catalog.</param>
public sealed record BackupFile(string LogicalName, string PhysicalName, char FileType);

/// <summary>A database of sys.databases: the ones status reports on.</summary>
/// <param name="GroupDatabaseId">sys.databases.group_database_id: the same on every replica of an availability database, NULL outside one.</param>
/// <param name="SimpleRecovery">sys.databases.recovery_model_desc = SIMPLE: no log backups to expect, no chain to check.</param>
/// <param name="GroupName">sys.availability_groups.name of the group through sys.databases.replica_id; NULL outside one, or where the login cannot see the group.</param>
public sealed record HistoryDatabase(string Name, Guid? GroupDatabaseId, bool SimpleRecovery, string? GroupName = null);

/// <summary>The newest row of dbo.BackupDecisionLog for a database and backup type (FULL, DIFF, LOG; not copy-only).</summary>
public sealed record LoggedDecision(string DatabaseName, string BackupType, string Action, string ReasonCode, DateTime LoggedAtUtc);

/// <summary>The newest decision a replica's job logged for a type that is late: why it did not take it.</summary>
public sealed record ReplicaDecision(string ServerName, string BackupType, string Action, string ReasonCode, DateTime LoggedAtUtc);

/// <summary>What one replica's msdb holds since the window's start, when it was read, and its decision log (empty without AgBackupClr).</summary>
public sealed record ReplicaHistory(
    string ServerName, DateTime ReadAtUtc, IReadOnlyList<HistoryDatabase> Databases, IReadOnlyList<HistoryBackup> Backups, IReadOnlyList<LoggedDecision> Decisions);

/// <summary>The newest backup of one type, wherever it was taken.</summary>
public sealed record LastBackup(DateTime FinishedUtc, string ServerName, string? File);

public static class ChainStates
{
    /// <summary>Every log backup since the newest FULL that is a differential base starts where the one before ended.</summary>
    public const string Intact = "INTACT";

    /// <summary>A log backup after that FULL starts after the LSN the chain had reached: a restore stops there.</summary>
    public const string Broken = "BROKEN";

    /// <summary>No FULL that can be a base (copy-only ones cannot) in the window read.</summary>
    public const string NoFull = "NO_FULL";

    /// <summary>SIMPLE recovery: no log backups, no chain.</summary>
    public const string NotApplicable = "NOT_APPLICABLE";
}

/// <param name="GroupName">The availability group's name where a replica read showed it; NULL outside a group.</param>
/// <param name="ServerName">NULL for an availability database (merged across replicas); the instance otherwise.</param>
/// <param name="GapFromLsn">Where the chain stops: the LSN no log backup read starts at or covers.</param>
/// <param name="GapToLsn">Where the next log backup starts.</param>
/// <param name="Late">FULL, DIFF, LOG: the types older than their threshold, or missing while one was given.</param>
/// <param name="LateDecisions">For each late type, each replica's newest logged decision about it; a replica that logged none is absent.</param>
/// <param name="Backups">Every backup read that is not copy-only, each once, with the replica that took it, by LSN: what the chain was checked over.</param>
public sealed record DatabaseStatus(
    string DatabaseName,
    Guid? GroupDatabaseId,
    string? GroupName,
    string? ServerName,
    LastBackup? Full,
    LastBackup? Diff,
    LastBackup? Log,
    string Chain,
    decimal? GapFromLsn,
    decimal? GapToLsn,
    IReadOnlyList<string> Late,
    IReadOnlyList<ReplicaDecision> LateDecisions,
    IReadOnlyList<(HistoryBackup Backup, string Server)> Backups)
{
    public bool Healthy => Late.Count == 0 && (Chain == ChainStates.Intact || Chain == ChainStates.NotApplicable);
}

/// <summary>The age above which a type of backup is late; null where none was asked for.</summary>
public sealed record Freshness(TimeSpan? MaxFullAge, TimeSpan? MaxDiffAge, TimeSpan? MaxLogAge)
{
    public static readonly Freshness Any = new(null, null, null);
}

/// <summary>
/// Merges the histories read from the replicas and checks each database's log chain. Log backups taken on any replica of
/// an availability group form one chain (active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md),
/// so an availability database is one status whatever replica took what; any other database is one per instance.
/// </summary>
public static class BackupStatusCheck
{
    /// <summary>"Now", which ages are measured from: the newest SYSUTCDATETIME() read, so that no age depends on this machine's clock.</summary>
    public static DateTime Now(IReadOnlyList<ReplicaHistory> replicas)
    {
        DateTime now = DateTime.MinValue;
        foreach (ReplicaHistory replica in replicas)
        {
            now = replica.ReadAtUtc > now ? replica.ReadAtUtc : now;
        }

        return now;
    }

    public static IReadOnlyList<DatabaseStatus> Check(IReadOnlyList<ReplicaHistory> replicas, Freshness freshness)
    {
        DateTime now = Now(replicas);
        var order = new List<string>();
        var databases = new Dictionary<string, (HistoryDatabase Database, string? Server, Dictionary<Guid, (HistoryBackup Backup, string Server)> Backups)>(StringComparer.Ordinal);
        var decisions = new Dictionary<string, List<ReplicaDecision>>(StringComparer.Ordinal);
        foreach (ReplicaHistory replica in replicas)
        {
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (HistoryDatabase database in replica.Databases)
            {
                string key = database.GroupDatabaseId is Guid id ? "group " + id.ToString("D") : "instance " + replica.ServerName + "\n" + database.Name;
                keys[database.Name] = key;
                if (!databases.TryGetValue(key, out var known))
                {
                    order.Add(key);
                    databases.Add(key, (database, database.GroupDatabaseId == null ? replica.ServerName : null, new Dictionary<Guid, (HistoryBackup, string)>()));
                }
                else if (known.Database.GroupName == null && database.GroupName != null)
                {
                    // A replica whose login could not see the group's name is helped by one that could.
                    databases[key] = (database, known.Server, known.Backups);
                }
            }

            foreach (HistoryBackup backup in replica.Backups)
            {
                // A backup of a database since dropped is not reported; the same backup read twice counts once.
                if (keys.TryGetValue(backup.DatabaseName, out string? key))
                {
                    databases[key].Backups[backup.BackupSetUuid] = (backup, replica.ServerName);
                }
            }

            foreach (LoggedDecision decision in replica.Decisions)
            {
                if (keys.TryGetValue(decision.DatabaseName, out string? key))
                {
                    if (!decisions.TryGetValue(key, out List<ReplicaDecision>? list))
                    {
                        decisions.Add(key, list = new List<ReplicaDecision>());
                    }

                    list.Add(new ReplicaDecision(replica.ServerName, decision.BackupType, decision.Action, decision.ReasonCode, decision.LoggedAtUtc));
                }
            }
        }

        var statuses = new List<DatabaseStatus>(order.Count);
        foreach (string key in order)
        {
            (HistoryDatabase database, string? server, Dictionary<Guid, (HistoryBackup Backup, string Server)> backups) = databases[key];
            DatabaseStatus status = Status(database, server, new List<(HistoryBackup, string)>(backups.Values), freshness, now);
            List<ReplicaDecision> logged = decisions.TryGetValue(key, out List<ReplicaDecision>? found) ? found : new List<ReplicaDecision>();
            statuses.Add(status with { LateDecisions = logged.FindAll(decision => status.Late.Any(type => type == decision.BackupType)) });
        }

        return statuses;
    }

    private static DatabaseStatus Status(
        HistoryDatabase database, string? server, List<(HistoryBackup Backup, string Server)> backups, Freshness freshness, DateTime now)
    {
        // Copy-only backups are outside the sequence (copy-only-backups-sql-server.md): never a base, never in the chain.
        backups.RemoveAll(entry => entry.Backup.IsCopyOnly);
        backups.Sort((x, y) => x.Backup.FirstLsn != y.Backup.FirstLsn ? x.Backup.FirstLsn.CompareTo(y.Backup.FirstLsn) : x.Backup.LastLsn.CompareTo(y.Backup.LastLsn));
        (HistoryBackup Backup, string Server)? full = Newest(backups, 'D');
        LastBackup? lastFull = Last(full);
        LastBackup? lastDiff = Last(Newest(backups, 'I'));
        LastBackup? lastLog = database.SimpleRecovery ? null : Last(Newest(backups, 'L'));

        string chain = database.SimpleRecovery ? ChainStates.NotApplicable : full == null ? ChainStates.NoFull : ChainStates.Intact;
        decimal? gapFrom = null;
        decimal? gapTo = null;
        if (chain == ChainStates.Intact)
        {
            decimal reached = full!.Value.Backup.LastLsn;
            foreach ((HistoryBackup backup, _) in backups)
            {
                if (backup.Type != 'L' || backup.LastLsn <= reached)
                {
                    continue;
                }

                if (backup.FirstLsn > reached)
                {
                    (chain, gapFrom, gapTo) = (ChainStates.Broken, reached, backup.FirstLsn);
                    break;
                }

                reached = backup.LastLsn;
            }
        }

        var late = new List<string>();
        AddIfLate(late, "FULL", lastFull, freshness.MaxFullAge, now);
        AddIfLate(late, "DIFF", lastDiff, database.Name == "master" ? null : freshness.MaxDiffAge, now);
        AddIfLate(late, "LOG", lastLog, database.SimpleRecovery ? null : freshness.MaxLogAge, now);
        return new DatabaseStatus(
            database.Name, database.GroupDatabaseId, database.GroupName, server, lastFull, lastDiff, lastLog, chain, gapFrom, gapTo, late, Array.Empty<ReplicaDecision>(), backups);
    }

    /// <summary>The newest by LSN, which every replica of a group shares, rather than by each server's clock.</summary>
    private static (HistoryBackup Backup, string Server)? Newest(List<(HistoryBackup Backup, string Server)> backups, char type)
    {
        for (int i = backups.Count - 1; i >= 0; i--)
        {
            if (backups[i].Backup.Type == type)
            {
                return backups[i];
            }
        }

        return null;
    }

    private static LastBackup? Last((HistoryBackup Backup, string Server)? entry) =>
        entry == null ? null : new LastBackup(entry.Value.Backup.FinishedUtc, entry.Value.Server, entry.Value.Backup.File);

    private static void AddIfLate(List<string> late, string type, LastBackup? last, TimeSpan? maxAge, DateTime now)
    {
        if (maxAge != null && (last == null || now - last.FinishedUtc > maxAge.Value))
        {
            late.Add(type);
        }
    }
}
