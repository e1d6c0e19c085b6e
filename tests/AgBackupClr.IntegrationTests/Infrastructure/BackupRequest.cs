using System.Collections.Generic;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The arguments of one dbo.usp_BackupIfPreferred call; defaults are the procedure's own.
/// Every value is text, so a test can send NULL or a wrong value where a DBA could.</summary>
public sealed record BackupRequest(string? Databases, string? BackupType, string? Directory)
{
    public string? CopyOnly { get; init; } = "N";

    public string? Checksum { get; init; } = "Y";

    public string? Compress { get; init; }

    public string? Verify { get; init; } = "N";

    public string? Execute { get; init; } = "Y";

    public string? LogToTable { get; init; } = "Y";

    public string? OverrideBackupPreference { get; init; } = "N";

    /// <summary>The file-name template for databases outside availability groups; null is the procedure's default.</summary>
    public string? FileName { get; init; }

    /// <summary>The file-name template for availability group databases; null is the procedure's default.</summary>
    public string? AvailabilityGroupFileName { get; init; }

    public string? CompressionAlgorithm { get; init; }

    public string? CompressionLevel { get; init; }

    public int? NumberOfFiles { get; init; }

    public int? MaxTransferSize { get; init; }

    public int? BufferCount { get; init; }

    public int? BlockSize { get; init; }

    public int? MaxFileSize { get; init; }

    public string? Encrypt { get; init; } = "N";

    public string? EncryptionAlgorithm { get; init; }

    public string? ServerCertificate { get; init; }

    public string? ServerAsymmetricKey { get; init; }

    public string? Url { get; init; }

    public string? Credential { get; init; }

    public string? BackupOptions { get; init; }

    public string? AvailabilityGroups { get; init; }

    public string? DatabaseOrder { get; init; }

    public string? Description { get; init; }

    /// <summary>Null is the procedure's default structure; empty writes into @Directory itself.</summary>
    public string? DirectoryStructure { get; init; }

    public string? AvailabilityGroupDirectoryStructure { get; init; }

    /// <summary>Null keeps every row of the decision log.</summary>
    public int? LogRetentionDays { get; init; } = 90;

    /// <summary>LOG only: the age in minutes above which a LOG skipped for another replica is refused; null is no limit.</summary>
    public int? MaxLogAgeMinutes { get; init; }

    public int? CleanupTime { get; init; }

    public string? CleanupMode { get; init; } = "AFTER_BACKUP";

    public string? CleanupWhenSkipped { get; init; } = "N";

    /// <summary>Where a test that keeps no backup writes a regular FULL: the procedure refuses one to NUL (it would become
    /// the differential base and be thrown away), so it goes to a folder of the container, which the default structure creates.</summary>
    public const string RegularFullFolder = "/var/opt/mssql/agbackupclr-fulls";

    /// <summary>A COPY_ONLY full backup of master to NUL, logged: master takes FULL backups (docs/rules.md F9) and exists on every
    /// instance, so it is a real decision that needs no database of the test's own; COPY_ONLY, because the procedure
    /// refuses a regular FULL to NUL.</summary>
    public static BackupRequest CopyOnlyFullOfMasterToNul => new("master", "FULL", "NUL") { CopyOnly = "Y" };

    /// <summary>A backup of this kind that the test does not keep: to NUL, except a regular FULL, which goes to
    /// <see cref="RegularFullFolder"/>.</summary>
    public static BackupRequest Discarded(string database, BackupKind kind, bool execute) =>
        For(database, kind, kind == BackupKind.Full ? RegularFullFolder : "NUL", execute);

    public static BackupRequest For(string database, BackupKind kind, string directory, bool execute)
    {
        return new BackupRequest(database, kind.BackupType(), directory)
        {
            CopyOnly = kind.IsCopyOnly() ? "Y" : "N",
            Execute = execute ? "Y" : "N",
        };
    }

    internal IReadOnlyDictionary<string, object?> ToArguments()
    {
        return new Dictionary<string, object?>
        {
            ["@Databases"] = Databases,
            ["@BackupType"] = BackupType,
            ["@Directory"] = Directory,
            ["@CopyOnly"] = CopyOnly,
            ["@Checksum"] = Checksum,
            ["@Compress"] = Compress,
            ["@Verify"] = Verify,
            ["@Execute"] = Execute,
            ["@LogToTable"] = LogToTable,
            ["@OverrideBackupPreference"] = OverrideBackupPreference,
            ["@FileName"] = FileName,
            ["@AvailabilityGroupFileName"] = AvailabilityGroupFileName,
            ["@CompressionAlgorithm"] = CompressionAlgorithm,
            ["@CompressionLevel"] = CompressionLevel,
            ["@NumberOfFiles"] = NumberOfFiles,
            ["@MaxTransferSize"] = MaxTransferSize,
            ["@BufferCount"] = BufferCount,
            ["@BlockSize"] = BlockSize,
            ["@MaxFileSize"] = MaxFileSize,
            ["@Encrypt"] = Encrypt,
            ["@EncryptionAlgorithm"] = EncryptionAlgorithm,
            ["@ServerCertificate"] = ServerCertificate,
            ["@ServerAsymmetricKey"] = ServerAsymmetricKey,
            ["@URL"] = Url,
            ["@Credential"] = Credential,
            ["@BackupOptions"] = BackupOptions,
            ["@AvailabilityGroups"] = AvailabilityGroups,
            ["@DatabaseOrder"] = DatabaseOrder,
            ["@Description"] = Description,
            ["@DirectoryStructure"] = DirectoryStructure,
            ["@AvailabilityGroupDirectoryStructure"] = AvailabilityGroupDirectoryStructure,
            ["@LogRetentionDays"] = LogRetentionDays,
            ["@MaxLogAgeMinutes"] = MaxLogAgeMinutes,
            ["@CleanupTime"] = CleanupTime,
            ["@CleanupMode"] = CleanupMode,
            ["@CleanupWhenSkipped"] = CleanupWhenSkipped,
        };
    }
}
