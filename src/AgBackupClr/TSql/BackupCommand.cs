using System.Collections.Generic;
using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.TSql
{
    /// <summary>What goes into one native BACKUP statement. Compression null leaves SQL Server's 'backup compression default'.</summary>
    public sealed record BackupCommandOptions(
        string DatabaseName,
        BackupType BackupType,
        bool CopyOnly,
        string Path,
        bool Checksum,
        bool? Compression,
        int? Stats)
    {
        /// <summary>COMPRESSION (ALGORITHM = ...), with Compression true only; null leaves the server's 'backup compression algorithm'.</summary>
        public CompressionAlgorithm? CompressionAlgorithm { get; init; }

        /// <summary>COMPRESSION (..., LEVEL = ...), written only with an algorithm.</summary>
        public CompressionLevel? CompressionLevel { get; init; }
    }

    /// <summary>
    /// The text of BACKUP DATABASE / BACKUP LOG and RESTORE VERIFYONLY (docs/t-sql/statements/backup-transact-sql.md,
    /// docs/t-sql/statements/restore-statements-verifyonly-transact-sql.md). Values enter only as QUOTENAME'd identifiers
    /// and N'...' literals.
    /// </summary>
    public static class BackupCommand
    {
        public static string Build(BackupCommandOptions options)
        {
            var with = new List<string>(5);
            if (options.BackupType == BackupType.Diff)
            {
                with.Add("DIFFERENTIAL");
            }

            if (options.CopyOnly)
            {
                with.Add("COPY_ONLY");
            }

            with.Add(options.Checksum ? "CHECKSUM" : "NO_CHECKSUM");
            if (options.Compression.HasValue)
            {
                with.Add(options.Compression.Value ? Compression(options) : "NO_COMPRESSION");
            }

            if (options.Stats.HasValue)
            {
                with.Add("STATS = " + options.Stats.Value.ToString(CultureInfo.InvariantCulture));
            }

            string statement = options.BackupType == BackupType.Log ? "BACKUP LOG " : "BACKUP DATABASE ";
            return statement + TSqlText.QuoteName(options.DatabaseName) + " TO DISK = " + TSqlText.Literal(options.Path)
                + " WITH " + string.Join(", ", with) + ";";
        }

        /// <summary>COMPRESSION, or COMPRESSION (ALGORITHM = ZSTD, LEVEL = HIGH): only keywords of closed lists go in.</summary>
        private static string Compression(BackupCommandOptions options)
        {
            if (options.CompressionAlgorithm is not CompressionAlgorithm algorithm)
            {
                return "COMPRESSION";
            }

            return options.CompressionLevel is CompressionLevel level
                ? "COMPRESSION (ALGORITHM = " + SqlNames.Of(algorithm) + ", LEVEL = " + SqlNames.Of(level) + ")"
                : "COMPRESSION (ALGORITHM = " + SqlNames.Of(algorithm) + ")";
        }

        /// <summary>Reads the backup just written and checks it is complete and readable, without restoring anything.</summary>
        public static string Verify(string path, bool checksum) =>
            "RESTORE VERIFYONLY FROM DISK = " + TSqlText.Literal(path) + (checksum ? " WITH CHECKSUM;" : ";");
    }
}
