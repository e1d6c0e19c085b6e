using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// Rules about the database and the session that hold on any replica (F9), in SPEC section 3's order.
    /// Each returns the refusal, or null when it does not apply.
    /// </summary>
    public static class DatabaseRules
    {
        /// <summary>docs/t-sql/statements/backup-transact-sql.md: COPY_ONLY has no effect with DIFFERENTIAL.</summary>
        public static BackupDecision? CopyOnlyDifferential(BackupRequest request) =>
            request.BackupType == BackupType.Diff && request.CopyOnly
                ? BackupDecision.InvalidArgument(
                    "A COPY_ONLY differential backup does not exist: SQL Server ignores COPY_ONLY with DIFFERENTIAL and takes a regular differential backup. Ask for DIFF without copy-only, or for a COPY_ONLY FULL backup.")
                : null;

        public static BackupDecision? NotFound(string databaseName, DatabaseFacts? database, BackupRequest request) =>
            database == null && request.BackupType != BackupType.Restore
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseDatabaseNotFound,
                    "Database " + Describe.Quote(databaseName) + " does not exist on this instance; check the name (brackets and case) in the request.")
                : null;

        public static BackupDecision? NotOnline(DatabaseFacts database, BackupRequest request) =>
            database.State != DatabaseState.Online && request.BackupType != BackupType.Restore
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseDatabaseNotOnline,
                    "Database " + Describe.Quote(database.Name) + " is " + SqlNames.Of(database.State) + ", not ONLINE, so it cannot be backed up.")
                : null;

        /// <summary>docs/relational-databases/databases/tempdb-database.md: tempdb cannot be backed up or restored.</summary>
        public static BackupDecision? Tempdb(DatabaseFacts database) =>
            database.IsTempdb
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseTempdb,
                    "tempdb cannot be backed up or restored: SQL Server recreates it at every start.")
                : null;

        /// <summary>docs/relational-databases/backup-restore/back-up-and-restore-of-system-databases-sql-server.md: master takes full backups only.</summary>
        public static BackupDecision? MasterFullOnly(DatabaseFacts database, BackupRequest request) =>
            database.IsMaster
            && (request.BackupType == BackupType.Diff || request.BackupType == BackupType.Log)
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseMasterFullOnly,
                    "master takes only FULL database backups; a " + SqlNames.Of(request.BackupType) + " backup of master is not possible.")
                : null;

        /// <summary>docs/relational-databases/backup-restore/recovery-models-sql-server.md: SIMPLE recovery has no log backups.</summary>
        public static BackupDecision? LogInSimpleRecovery(DatabaseFacts database, BackupRequest request) =>
            request.BackupType == BackupType.Log && database.RecoveryModel == RecoveryModel.Simple
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseLogSimpleRecovery,
                    "Database " + Describe.Quote(database.Name) + " uses the SIMPLE recovery model, which has no log backups; set it to FULL or BULK_LOGGED and take a FULL backup first.")
                : null;

        /// <summary>
        /// A LOG backup needs a base full backup (sys.database_recovery_status.last_log_backup_lsn is NULL before it);
        /// a DIFF needs a differential base (sys.master_files.differential_base_lsn). Where the base is unknown (a
        /// secondary's own view) nothing is refused on a guess: SQL Server's refusal (Msg 4214) becomes a FAILED row.
        /// </summary>
        public static BackupDecision? NoBaseBackup(DatabaseFacts database, BackupRequest request)
        {
            if (request.BackupType == BackupType.Log && database.HasLogBackupBase == false)
            {
                return BackupDecision.Refuse(
                    ReasonCodes.RefuseNoBaseBackup,
                    "Database " + Describe.Quote(database.Name) + " has no FULL backup since it entered its recovery model (sys.database_recovery_status.last_log_backup_lsn is NULL), so a LOG backup has no base; take a FULL backup first.");
            }

            if (request.BackupType == BackupType.Diff && database.HasDifferentialBase == false)
            {
                return BackupDecision.Refuse(
                    ReasonCodes.RefuseNoBaseBackup,
                    "Database " + Describe.Quote(database.Name) + " has no FULL backup to serve as the differential base (sys.master_files.differential_base_lsn is NULL); take a FULL backup first.");
            }

            return null;
        }

        /// <summary>docs/t-sql/statements/backup-transact-sql.md: BACKUP and RESTORE are not allowed in an explicit or implicit transaction (Msg 3021).</summary>
        public static BackupDecision? InUserTransaction(InstanceFacts instance, BackupRequest request) =>
            request.WillExecute && instance.TranCount > 0
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseInUserTransaction,
                    request.BackupType == BackupType.Restore
                        ? "RESTORE cannot run inside a user transaction (@@TRANCOUNT = " + Count(instance.TranCount) + "); commit or roll back first."
                        : "BACKUP cannot run inside a user transaction (@@TRANCOUNT = " + Count(instance.TranCount) + "); commit or roll back first, and do not call usp_BackupIfPreferred through INSERT ... EXEC, which runs it inside one.")
                : null;

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
