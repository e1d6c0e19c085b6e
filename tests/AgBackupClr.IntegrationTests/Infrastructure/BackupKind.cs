using System;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The backups the issue asks to compare on primary and secondary.</summary>
public enum BackupKind
{
    Full,
    CopyOnlyFull,
    Diff,
    Log,
    CopyOnlyLog,
}

internal static class BackupKindExtensions
{
    /// <summary>The procedure's @BackupType value.</summary>
    public static string BackupType(this BackupKind kind) => kind switch
    {
        BackupKind.Full or BackupKind.CopyOnlyFull => "FULL",
        BackupKind.Diff => "DIFF",
        BackupKind.Log or BackupKind.CopyOnlyLog => "LOG",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool IsCopyOnly(this BackupKind kind) => kind is BackupKind.CopyOnlyFull or BackupKind.CopyOnlyLog;

    /// <summary>msdb.dbo.backupset.type of this backup: D database (full), I differential database, L log.</summary>
    public static string BackupSetType(this BackupKind kind) => kind switch
    {
        BackupKind.Full or BackupKind.CopyOnlyFull => "D",
        BackupKind.Diff => "I",
        BackupKind.Log or BackupKind.CopyOnlyLog => "L",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>How msdb records this backup, as <see cref="RecordedBackup.Kind"/> writes it.</summary>
    public static string RecordedKind(this BackupKind kind) => RecordedBackup.Describe(kind.BackupSetType(), kind.IsCopyOnly());
}
