using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>One backup this instance took, as msdb.dbo.backupset and backupmediafamily record it, its finish time in UTC.</summary>
    /// <param name="Type">backupset.type: 'D' FULL, 'I' DIFF, 'L' LOG.</param>
    /// <param name="LastLsn">backupset.last_lsn: where the next log backup of the chain starts.</param>
    /// <param name="File">backupmediafamily.physical_device_name of the first file; null when msdb has no media row.</param>
    public sealed class LocalBackup
    {
        public LocalBackup(string databaseName, char type, DateTime finishedUtc, decimal lastLsn, string? @file)
        {
            DatabaseName = databaseName;
            Type = type;
            FinishedUtc = finishedUtc;
            LastLsn = lastLsn;
            File = @file;
        }

        public string DatabaseName { get; }

        public char Type { get; }

        public DateTime FinishedUtc { get; }

        public decimal LastLsn { get; }

        public string? File { get; }
    }

    /// <summary>
    /// A row of dbo.ObservedLogBackupLsn: a database's last_log_backup_lsn, and when this replica first saw it there, by its own
    /// UTC clock (the watch of @MaxLogAgeMinutes).
    /// </summary>
    public sealed class LogBackupLsnSeen
    {
        public LogBackupLsnSeen(string databaseName, decimal lastLogBackupLsn, DateTime firstSeenUtc)
        {
            DatabaseName = databaseName;
            LastLogBackupLsn = lastLogBackupLsn;
            FirstSeenUtc = firstSeenUtc;
        }

        public string DatabaseName { get; }

        public decimal LastLogBackupLsn { get; }

        public DateTime FirstSeenUtc { get; }
    }

    /// <summary>
    /// One row of dbo.fn_BackupStatus: what this replica can know about one database's backups. Its own msdb shows only the
    /// backups this instance took; the database's own facts (differential base, last log backup LSN and time) travel with
    /// the database to every replica where SQL Server shows them.
    /// </summary>
    /// <param name="LastLogBackupLsnFirstSeenUtc">When this replica's watch first saw last_log_backup_lsn where it stands now; null when no watch saw it there.</param>
    /// <param name="NewestLogBackupUtc">The newer of LastLog and LogBackupTimeUtc: the newest log backup this replica can see, wherever it was taken.</param>
    public sealed class BackupStatusRow
    {
        public BackupStatusRow(
            string databaseName,
            Guid? groupDatabaseId,
            string? availabilityGroupName,
            string? replicaRole,
            string recoveryModel,
            string state,
            LocalBackup? lastFull,
            LocalBackup? lastDiff,
            LocalBackup? lastLog,
            decimal? differentialBaseLsn,
            DateTime? differentialBaseTimeUtc,
            decimal? lastLogBackupLsn,
            DateTime? lastLogBackupLsnFirstSeenUtc,
            DateTime? logBackupTimeUtc,
            DateTime? newestLogBackupUtc,
            DateTime readAtUtc)
        {
            DatabaseName = databaseName;
            GroupDatabaseId = groupDatabaseId;
            AvailabilityGroupName = availabilityGroupName;
            ReplicaRole = replicaRole;
            RecoveryModel = recoveryModel;
            State = state;
            LastFull = lastFull;
            LastDiff = lastDiff;
            LastLog = lastLog;
            DifferentialBaseLsn = differentialBaseLsn;
            DifferentialBaseTimeUtc = differentialBaseTimeUtc;
            LastLogBackupLsn = lastLogBackupLsn;
            LastLogBackupLsnFirstSeenUtc = lastLogBackupLsnFirstSeenUtc;
            LogBackupTimeUtc = logBackupTimeUtc;
            NewestLogBackupUtc = newestLogBackupUtc;
            ReadAtUtc = readAtUtc;
        }

        public string DatabaseName { get; }

        public Guid? GroupDatabaseId { get; }

        public string? AvailabilityGroupName { get; }

        public string? ReplicaRole { get; }

        public string RecoveryModel { get; }

        public string State { get; }

        public LocalBackup? LastFull { get; }

        public LocalBackup? LastDiff { get; }

        public LocalBackup? LastLog { get; }

        public decimal? DifferentialBaseLsn { get; }

        public DateTime? DifferentialBaseTimeUtc { get; }

        public decimal? LastLogBackupLsn { get; }

        public DateTime? LastLogBackupLsnFirstSeenUtc { get; }

        public DateTime? LogBackupTimeUtc { get; }

        public DateTime? NewestLogBackupUtc { get; }

        public DateTime ReadAtUtc { get; }
    }

    /// <summary>dbo.fn_BackupStatus without SQL Server: the state and the history read, joined per database.</summary>
    public static class BackupStatusReport
    {
        public const char Full = 'D';
        public const char Diff = 'I';
        public const char Log = 'L';

        /// <summary>
        /// A row for every database that can be backed up (not tempdb, not a database snapshot), in sys.databases order, each
        /// with the newest backup of each type msdb names it with (the newest, and the first read of two equally new), and
        /// when this replica's log watch first saw its last_log_backup_lsn where it stands now.
        /// </summary>
        public static IReadOnlyList<BackupStatusRow> Rows(ServerState server, IReadOnlyList<LocalBackup> history, IReadOnlyList<LogBackupLsnSeen> watched, DateTime nowUtc)
        {
            var rows = new List<BackupStatusRow>();
            foreach (DatabaseFacts database in server.Databases)
            {
                if (database.IsTempdb || database.IsSnapshot)
                {
                    continue;
                }

                AvailabilityGroupFacts? group = server.GroupOf(database);
                LocalBackup? log = Newest(history, database.Name, Log);
                rows.Add(new BackupStatusRow(
                    database.Name,
                    database.GroupDatabaseId,
                    group?.Name,
                    group?.LocalRole is ReplicaRole role ? SqlNames.Of(role) : null,
                    SqlNames.Of(database.RecoveryModel),
                    SqlNames.Of(database.State),
                    Newest(history, database.Name, Full),
                    Newest(history, database.Name, Diff),
                    log,
                    database.DifferentialBaseLsn,
                    database.DifferentialBaseTimeUtc,
                    database.LastLogBackupLsn,
                    FirstSeen(watched, database),
                    database.LastLogBackupUtc,
                    Newer(log?.FinishedUtc, database.LastLogBackupUtc),
                    nowUtc));
            }

            return rows;
        }

        /// <summary>msdb names databases as sys.databases does; the history is compared by exact name, as SQL Server wrote it.</summary>
        private static LocalBackup? Newest(IReadOnlyList<LocalBackup> history, string databaseName, char type)
        {
            LocalBackup? newest = null;
            foreach (LocalBackup backup in history)
            {
                if (backup.Type == type && string.Equals(backup.DatabaseName, databaseName, StringComparison.Ordinal)
                    && (newest == null || backup.FinishedUtc > newest.FinishedUtc))
                {
                    newest = backup;
                }
            }

            return newest;
        }

        /// <summary>
        /// The newest row the watch keeps of the database (by exact name, as the table compares them) says since when its LSN
        /// stands where it does, but only while it still stands there: an LSN that moved since the last watch was not seen yet.
        /// </summary>
        private static DateTime? FirstSeen(IReadOnlyList<LogBackupLsnSeen> watched, DatabaseFacts database)
        {
            LogBackupLsnSeen? newest = null;
            foreach (LogBackupLsnSeen seen in watched)
            {
                if (string.Equals(seen.DatabaseName, database.Name, StringComparison.Ordinal) && (newest == null || seen.FirstSeenUtc > newest.FirstSeenUtc))
                {
                    newest = seen;
                }
            }

            return newest != null && newest.LastLogBackupLsn == database.LastLogBackupLsn ? newest.FirstSeenUtc : null;
        }

        private static DateTime? Newer(DateTime? first, DateTime? second) =>
            first == null ? second : second == null ? first : first > second ? first : second;
    }
}
