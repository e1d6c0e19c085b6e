using System;

namespace AgBackupClr.Planner.Tests;

/// <summary>msdb rows as the tests write them: the facts a test is about, and the plainest values for the rest.</summary>
internal static class HistoryRows
{
    /// <summary>A backup to one disk file, started a minute before it finished, on a server at UTC.</summary>
    public static HistoryBackup Backup(string database, Guid id, char type, bool copyOnly, decimal firstLsn, decimal lastLsn, DateTime finishedUtc, string? file) =>
        new(
            database,
            id,
            type,
            copyOnly,
            firstLsn,
            lastLsn,
            firstLsn,
            null,
            finishedUtc.AddMinutes(-1),
            finishedUtc,
            0,
            1,
            null,
            1,
            new[] { new MediaFamily(1, 0, file, 2) },
            Array.Empty<BackupFile>());
}
