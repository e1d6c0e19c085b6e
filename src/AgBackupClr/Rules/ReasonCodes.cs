namespace AgBackupClr.Rules
{
    /// <summary>
    /// The reason codes of docs/usp_BackupIfPreferred.md, given in docs/rules.md's order. They are stable API: DBAs filter the decision log on them.
    /// </summary>
    public static class ReasonCodes
    {
        public const string OkPreferredReplica = "OK_PREFERRED_REPLICA";
        public const string OkPrimaryOnlyType = "OK_PRIMARY_ONLY_TYPE";
        public const string OkNotInAg = "OK_NOT_IN_AG";
        public const string SkipNotPreferred = "SKIP_NOT_PREFERRED";
        public const string SkipRunsOnPrimary = "SKIP_RUNS_ON_PRIMARY";
        public const string SkipSeeding = "SKIP_SEEDING";
        public const string RefuseSecondaryUnhealthy = "REFUSE_SECONDARY_UNHEALTHY";
        public const string RefusePreferredReplicaNotSynchronizing = "REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING";
        public const string RefusePrimaryNotReachable = "REFUSE_PRIMARY_NOT_REACHABLE";
        public const string RefusePreferenceUnknown = "REFUSE_PREFERENCE_UNKNOWN";
        public const string RefuseRestoreOnAgDatabase = "REFUSE_RESTORE_ON_AG_DATABASE";
        public const string RefuseReplicaResolving = "REFUSE_REPLICA_RESOLVING";
        public const string RefuseNoEligibleReplica = "REFUSE_NO_ELIGIBLE_REPLICA";
        public const string RefuseDatabaseNotFound = "REFUSE_DATABASE_NOT_FOUND";
        public const string RefuseDatabaseSnapshot = "REFUSE_DATABASE_SNAPSHOT";
        public const string SkipDatabaseNotOnline = "SKIP_DATABASE_NOT_ONLINE";
        public const string RefuseDatabaseNotOnline = "REFUSE_DATABASE_NOT_ONLINE";
        public const string RefuseTempdb = "REFUSE_TEMPDB";
        public const string SkipMasterFullOnly = "SKIP_MASTER_FULL_ONLY";
        public const string RefuseMasterFullOnly = "REFUSE_MASTER_FULL_ONLY";
        public const string SkipLogSimpleRecovery = "SKIP_LOG_SIMPLE_RECOVERY";
        public const string RefuseLogSimpleRecovery = "REFUSE_LOG_SIMPLE_RECOVERY";
        public const string RefuseNoBaseBackup = "REFUSE_NO_BASE_BACKUP";
        public const string RefuseInUserTransaction = "REFUSE_IN_USER_TRANSACTION";
        public const string RefuseInvalidArgument = "REFUSE_INVALID_ARGUMENT";
        public const string RefuseEncryptorNotFound = "REFUSE_ENCRYPTOR_NOT_FOUND";
        public const string RefuseCredentialNotFound = "REFUSE_CREDENTIAL_NOT_FOUND";
        public const string RefuseDestinationNotFound = "REFUSE_DESTINATION_NOT_FOUND";
        public const string RefuseLogBackupOverdue = "REFUSE_LOG_BACKUP_OVERDUE";
        public const string WarnPreferenceDisagrees = "WARN_PREFERENCE_DISAGREES";
        public const string WarnPreferredReplicaNotSynchronizing = "WARN_PREFERRED_REPLICA_NOT_SYNCHRONIZING";
        public const string WarnLogBackupOverdue = "WARN_LOG_BACKUP_OVERDUE";
        public const string OkCleaned = "OK_CLEANED";
        public const string SkipCleanupGuard = "SKIP_CLEANUP_GUARD";
        public const string SkipCleanupNotHere = "SKIP_CLEANUP_NOT_HERE";
        public const string SkipCleanupUrl = "SKIP_CLEANUP_URL";
        public const string SkipCleanupNothing = "SKIP_CLEANUP_NOTHING";
        public const string RefuseCleanupNoFull = "REFUSE_CLEANUP_NO_FULL";
    }
}
