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
}
