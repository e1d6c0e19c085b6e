using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>The request a database gets, and why it differs from the one asked, or null when it does not.</summary>
    public sealed class ChangedBackupType
    {
        public ChangedBackupType(BackupRequest request, string? reason)
        {
            Request = request;
            Reason = reason;
        }

        public BackupRequest Request { get; }

        public string? Reason { get; }
    }

    /// <summary>
    /// @ChangeBackupType = 'Y', as in Ola Hallengren's DatabaseBackup: a LOG or DIFF that has no base would fail every
    /// run (Msg 4214, Msg 3035) until the weekly FULL, so it becomes the backup that creates the base, and placement is
    /// then decided for that backup. Only where the base is known to be missing: a secondary that cannot see it keeps
    /// the type asked, and SQL Server's refusal is a FAILED row.
    /// </summary>
    public static class BackupTypeChange
    {
        public static ChangedBackupType Apply(DatabaseFacts database, BackupRequest request)
        {
            if (request.CopyOnly)
            {
                return new ChangedBackupType(request, null);
            }

            // docs/relational-databases/backup-restore/recovery-models-sql-server.md: after a switch from SIMPLE, a full or
            // differential backup starts the log chain.
            if (request.BackupType == BackupType.Log && database.RecoveryModel != RecoveryModel.Simple && database.HasLogBackupBase == false)
            {
                BackupType to = database.HasDifferentialBase == true ? BackupType.Diff : BackupType.Full;
                return Changed(request, to, "database " + Describe.Quote(database.Name) + " has no log backup base (sys.database_recovery_status.last_log_backup_lsn is NULL)");
            }

            if (request.BackupType == BackupType.Diff && database.HasDifferentialBase == false)
            {
                return Changed(request, BackupType.Full, "database " + Describe.Quote(database.Name) + " has no differential base (sys.master_files.differential_base_lsn is NULL)");
            }

            return new ChangedBackupType(request, null);
        }

        private static ChangedBackupType Changed(BackupRequest request, BackupType to, string why) =>
            new ChangedBackupType(
                request.With(backupType: to),
                "@ChangeBackupType = 'Y': " + why + ", so this " + SqlNames.Of(request.BackupType) + " backup became a " + SqlNames.Of(to)
                + " backup, which creates the base; where it runs is decided for the " + SqlNames.Of(to) + " backup.");
    }
}
