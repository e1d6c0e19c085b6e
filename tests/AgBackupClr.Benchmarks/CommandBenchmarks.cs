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
        10,
        compressionAlgorithm: CompressionAlgorithm.Zstd,
        compressionLevel: CompressionLevel.High,
        bufferCount: 64,
        maxTransferSize: 4194304,
        blockSize: 65536,
        encryption: new BackupEncryption(EncryptionAlgorithm.Aes256, EncryptorKind.ServerCertificate, "BackupCertificate"),
        device: BackupDevice.Url,
        credential: "s3://s3.example.com:9000/sql",
        backupOptions: "{\"s3\": {\"region\":\"us-west-2\"}}",
        name: "AgBackupClr COPY_ONLY FULL on SQL2 in AgSales",
        description: "Nightly full backup, striped");

    [Benchmark]
    public string BuildBackupLog() => BackupCommand.Build(options);

    [Benchmark]
    public string BuildStripedBackupWithEveryOption() => BackupCommand.Build(striped);
}
