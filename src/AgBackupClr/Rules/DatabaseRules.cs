using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>
    /// Rules about the database and the session that hold on any replica (F9), in docs/rules.md's order.
    /// Each returns the refusal (or, for what a keyword or wildcard leaves out by design, the skip), or null when it does
    /// not apply.
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

        /// <summary>
        /// docs/relational-databases/databases/database-snapshots-sql-server.md: a database snapshot cannot be backed up or
        /// restored (Msg 3002, docs/relational-databases/errors-events/database-engine-events-and-errors-3000-to-3999.md).
        /// No keyword or wildcard selects one; named, it is refused with this reason.
        /// </summary>
        public static BackupDecision? Snapshot(DatabaseFacts database) =>
            database.IsSnapshot
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseDatabaseSnapshot,
                    "Database " + Describe.Quote(database.Name) + " is a database snapshot (sys.databases.source_database_id is not NULL): SQL Server cannot back up or restore a snapshot (Msg 3002); back up its source database instead.")
                : null;

        /// <summary>
        /// A database that is not ONLINE, or in STANDBY (read-only between RESTORE LOG ... WITH STANDBY), cannot be backed up
        /// (docs/relational-databases/databases/database-states.md; for STANDBY Msg 3036,
        /// docs/relational-databases/errors-events/database-engine-events-and-errors-3000-to-3999.md). Chosen by a keyword or wildcard and
        /// not backed up by design (IsNotOnlineByDesign), it is skipped; otherwise it is refused.
        /// </summary>
        public static BackupDecision? NotOnline(DatabaseFacts database, BackupRequest request)
        {
            if (request.BackupType == BackupType.Restore || (database.State == DatabaseState.Online && !database.IsInStandby))
            {
                return null;
            }

            string state = database.State == DatabaseState.Online ? "in STANDBY (read-only between RESTORE LOG ... WITH STANDBY)" : SqlNames.Of(database.State);
            if (request.SelectedBy == SelectedBy.KeywordOrWildcard && IsNotOnlineByDesign(database))
            {
                return BackupDecision.Skip(
                    ReasonCodes.SkipDatabaseNotOnline,
                    "Database " + Describe.Quote(database.Name) + " is " + state + " and @Databases chose it by a keyword or wildcard, which leave out databases"
                    + " that are OFFLINE, RESTORING or in STANDBY by design, so it is skipped. Name it in @Databases to have its state fail the job instead.");
            }

            return BackupDecision.Refuse(
                ReasonCodes.RefuseDatabaseNotOnline,
                database.State == DatabaseState.Online
                    ? "Database " + Describe.Quote(database.Name) + " is " + state + ", so it cannot be backed up until its restore sequence is completed (Msg 3036)."
                    : "Database " + Describe.Quote(database.Name) + " is " + state + ", not ONLINE, so it cannot be backed up.");
        }

        /// <summary>
        /// The states a DBA puts a database in on purpose, so that no backup of it is expected: OFFLINE ("by explicit user
        /// action", docs/relational-databases/databases/database-states.md), RESTORING and STANDBY (a restore sequence, as on a
        /// log shipping secondary: docs/database-engine/log-shipping/about-log-shipping-sql-server.md). Not RECOVERING: nobody
        /// chose it, and the backup is expected as soon as recovery ends, so missing it must fail. Not RECOVERY_PENDING,
        /// SUSPECT or EMERGENCY: damage or repair that needs a person. Not COPYING or OFFLINE_SECONDARY: Azure SQL Database
        /// geo-replication states (docs/relational-databases/system-catalog-views/sys-databases-transact-sql.md) SQL Server
        /// does not show, so one appearing is a surprise to fail on. Never a database in an availability group: its backup is
        /// expected of the group, and the replica that would take it must fail rather than skip (docs/rules.md: if no
        /// replica backs up, one refuses).
        /// </summary>
        private static bool IsNotOnlineByDesign(DatabaseFacts database) =>
            !database.IsInAvailabilityGroup
            && (database.IsInStandby || database.State == DatabaseState.Offline || database.State == DatabaseState.Restoring);

        /// <summary>docs/relational-databases/databases/tempdb-database.md: tempdb cannot be backed up or restored.</summary>
        public static BackupDecision? Tempdb(DatabaseFacts database) =>
            database.IsTempdb
                ? BackupDecision.Refuse(
                    ReasonCodes.RefuseTempdb,
                    "tempdb cannot be backed up or restored: SQL Server recreates it at every start.")
                : null;

        /// <summary>
        /// docs/relational-databases/backup-restore/back-up-and-restore-of-system-databases-sql-server.md: master takes full
        /// backups only. A DIFF or LOG job over a keyword or wildcard meets master on every instance, by design: skipped;
        /// named, refused.
        /// </summary>
        public static BackupDecision? MasterFullOnly(DatabaseFacts database, BackupRequest request)
        {
            if (!database.IsMaster || (request.BackupType != BackupType.Diff && request.BackupType != BackupType.Log))
            {
                return null;
            }

            string type = SqlNames.Of(request.BackupType);
            return request.SelectedBy == SelectedBy.KeywordOrWildcard
                ? BackupDecision.Skip(
                    ReasonCodes.SkipMasterFullOnly,
                    "master takes only FULL database backups and @Databases chose it by a keyword or wildcard, so its " + type + " backup is skipped.")
                : BackupDecision.Refuse(
                    ReasonCodes.RefuseMasterFullOnly,
                    "master takes only FULL database backups; a " + type + " backup of master is not possible.");
        }

        /// <summary>
        /// docs/relational-databases/backup-restore/recovery-models-sql-server.md: SIMPLE recovery has no log backups. Chosen
        /// by a keyword or wildcard that is by design, and skipped; named, the LOG backup someone expects is refused.
        /// </summary>
        public static BackupDecision? LogInSimpleRecovery(DatabaseFacts database, BackupRequest request)
        {
            if (request.BackupType != BackupType.Log || database.RecoveryModel != RecoveryModel.Simple)
            {
                return null;
            }

            return request.SelectedBy == SelectedBy.KeywordOrWildcard
                ? BackupDecision.Skip(
                    ReasonCodes.SkipLogSimpleRecovery,
                    "Database " + Describe.Quote(database.Name) + " uses the SIMPLE recovery model, which has no log backups, and @Databases chose it by a keyword or wildcard, so its LOG backup is skipped: its FULL and DIFF backups protect it. Name it in @Databases to have this fail the job instead.")
                : BackupDecision.Refuse(
                    ReasonCodes.RefuseLogSimpleRecovery,
                    "Database " + Describe.Quote(database.Name) + " uses the SIMPLE recovery model, which has no log backups; set it to FULL or BULK_LOGGED and take a FULL backup first.");
        }

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
