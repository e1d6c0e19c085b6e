using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// The checks of usp_BackupIfPreferred's parameters that depend on this replica: its version, edition and platform.
    /// They run once its state is read and before anything runs, on every replica with its own facts: during a rolling
    /// upgrade the replicas of one group run different versions, and each refuses what it cannot do itself.
    /// </summary>
    public static class ReplicaArgumentChecks
    {
        /// <summary>SERVERPROPERTY('EngineEdition') of Standard (and Web) and of Express.</summary>
        private const int StandardEngineEdition = 2;
        private const int ExpressEngineEdition = 4;

        /// <summary>Null when this replica can do what the arguments ask; otherwise the parameter, its value and what is allowed here.</summary>
        public static string? Check(BackupArguments arguments, ServerState server) => Compression(arguments, server.Instance);

        private static string? Compression(BackupArguments arguments, InstanceFacts instance)
        {
            // Backup compression: Enterprise, Standard and Developer (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
            if (arguments.Compress == true && instance.EngineEdition == ExpressEngineEdition)
            {
                return "@Compress = 'Y' needs Enterprise, Standard or Developer edition; this replica is Express (SERVERPROPERTY('EngineEdition') = 4): use @Compress = 'N' or NULL.";
            }

            if (arguments.CompressionAlgorithm is not CompressionAlgorithm algorithm)
            {
                return null;
            }

            string value = "@CompressionAlgorithm = '" + SqlNames.Of(algorithm) + "'";

            // ALGORITHM from SQL Server 2022 (docs/t-sql/statements/backup-transact-sql.md, COMPRESSION).
            if (instance.ProductMajorVersion < 16)
            {
                return value + " needs SQL Server 2022 (16.x) or later; " + This(instance) + ": leave @CompressionAlgorithm NULL.";
            }

            // ZSTD from SQL Server 2025 (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
            if (algorithm == CompressionAlgorithm.Zstd && instance.ProductMajorVersion < 17)
            {
                return value + " needs SQL Server 2025 (17.x) or later; " + This(instance) + ": use MS_XPRESS, or leave @CompressionAlgorithm NULL.";
            }

            if (algorithm == CompressionAlgorithm.QatDeflate)
            {
                // Integrated acceleration needs Windows (docs/relational-databases/integrated-acceleration/overview.md, Limitations).
                if (instance.IsLinux)
                {
                    return value + " needs SQL Server on Windows (Intel QAT integrated acceleration is not available on Linux or in containers); "
                        + "this replica runs on Linux: use MS_XPRESS" + (instance.ProductMajorVersion >= 17 ? " or ZSTD." : ".");
                }

                // Compression at all needs Standard or Enterprise (backup-compression-sql-server.md); QAT as Ola Hallengren's DatabaseBackup checks it.
                if (instance.EngineEdition != StandardEngineEdition && !instance.IsEnterpriseEngine)
                {
                    return value + " needs Enterprise, Standard or Developer edition; this replica's SERVERPROPERTY('EngineEdition') is "
                        + Count(instance.EngineEdition) + ": use MS_XPRESS.";
                }
            }

            return null;
        }

        /// <summary>"this replica is SQL Server 2019 (15.x)".</summary>
        private static string This(InstanceFacts instance) =>
            "this replica is " + VersionName(instance.ProductMajorVersion) + " (SERVERPROPERTY('ProductMajorVersion') = " + Count(instance.ProductMajorVersion) + ")";

        private static string VersionName(int majorVersion) => majorVersion switch
        {
            11 => "SQL Server 2012",
            12 => "SQL Server 2014",
            13 => "SQL Server 2016",
            14 => "SQL Server 2017",
            15 => "SQL Server 2019",
            16 => "SQL Server 2022",
            17 => "SQL Server 2025",
            _ => "SQL Server " + Count(majorVersion) + ".x",
        };

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
