using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.TSql;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>Building one BACKUP statement, target at most 2 us: one file, and striped to 8 files with every option set.</summary>
[MemoryDiagnoser]
public class CommandBenchmarks
{
    private readonly BackupCommandOptions options = new BackupCommandOptions(
        "Sales", BackupType.Log, false, new[] { @"\\backupshare\sql\AgSales_Sales_LOG_20250101_120000_000.trn" }, true, true, 10);

    private readonly BackupCommandOptions striped = new BackupCommandOptions(
        "Sales",
        BackupType.Full,
        true,
        Enumerable.Range(1, 8).Select(i => "s3://s3.example.com:9000/sql/AgSales_Sales_FULL_COPY_ONLY_20250101_120000_000_" + i + ".bak").ToArray(),
        true,
        true,
        10)
    {
        CompressionAlgorithm = CompressionAlgorithm.Zstd,
        CompressionLevel = CompressionLevel.High,
        BufferCount = 64,
        MaxTransferSize = 4194304,
        BlockSize = 65536,
        Encryption = new BackupEncryption(EncryptionAlgorithm.Aes256, EncryptorKind.ServerCertificate, "BackupCertificate"),
        Device = BackupDevice.Url,
        Credential = "s3://s3.example.com:9000/sql",
        BackupOptions = "{\"s3\": {\"region\":\"us-west-2\"}}",
        Name = "AgBackupClr COPY_ONLY FULL on SQL2 in AgSales",
        Description = "Nightly full backup, striped",
    };

    [Benchmark]
    public string BuildBackupLog() => BackupCommand.Build(options);

    [Benchmark]
    public string BuildStripedBackupWithEveryOption() => BackupCommand.Build(striped);
}
