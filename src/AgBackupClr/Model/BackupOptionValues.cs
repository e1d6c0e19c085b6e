namespace AgBackupClr.Model
{
    /// <summary>
    /// COMPRESSION (ALGORITHM = ...) of BACKUP: MS_XPRESS and QAT_DEFLATE from SQL Server 2022 (16.x)
    /// (docs/t-sql/statements/backup-transact-sql.md), ZSTD from SQL Server 2025 (17.x)
    /// (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
    /// </summary>
    public enum CompressionAlgorithm
    {
        MsXpress,
        QatDeflate,
        Zstd,
    }

    /// <summary>COMPRESSION (ALGORITHM = ZSTD, LEVEL = ...), SQL Server 2025 (17.x); SQL Server's default is LOW.</summary>
    public enum CompressionLevel
    {
        Low,
        Medium,
        High,
    }
}
