namespace AgBackupClr.Model
{
    /// <summary>What was asked for. RESTORE exists only so fn_ValidateBackupRequest can answer for it.</summary>
    public enum BackupType
    {
        Full,
        Diff,
        Log,
        Restore,
    }

    /// <summary>
    /// How @Databases chose a database. What a keyword or a wildcard meets that is not backed up by design (a database
    /// OFFLINE, RESTORING or in STANDBY; LOG in SIMPLE recovery) is skipped; a database named explicitly is expected,
    /// so the same is refused.
    /// </summary>
    public enum SelectedBy
    {
        Name,
        KeywordOrWildcard,
    }

    /// <summary>What this replica does with a request.</summary>
    public enum DecisionAction
    {
        Backup,
        Skip,
        Refuse,
    }

    /// <summary>sys.dm_hadr_availability_replica_states.role_desc.</summary>
    public enum ReplicaRole
    {
        Resolving = 0,
        Primary = 1,
        Secondary = 2,
    }

    /// <summary>sys.availability_groups.automated_backup_preference.</summary>
    public enum AutomatedBackupPreference
    {
        Primary = 0,
        SecondaryOnly = 1,
        Secondary = 2,
        None = 3,
    }

    /// <summary>sys.availability_replicas.availability_mode.</summary>
    public enum AvailabilityMode
    {
        AsynchronousCommit = 0,
        SynchronousCommit = 1,
        ConfigurationOnly = 4,
    }

    /// <summary>sys.dm_hadr_database_replica_states.synchronization_state.</summary>
    public enum SynchronizationState
    {
        NotSynchronizing = 0,
        Synchronizing = 1,
        Synchronized = 2,
        Reverting = 3,
        Initializing = 4,
    }

    /// <summary>sys.databases.state.</summary>
    public enum DatabaseState
    {
        Online = 0,
        Restoring = 1,
        Recovering = 2,
        RecoveryPending = 3,
        Suspect = 4,
        Emergency = 5,
        Offline = 6,
        Copying = 7,
        OfflineSecondary = 10,
    }

    /// <summary>sys.databases.recovery_model.</summary>
    public enum RecoveryModel
    {
        Full = 1,
        BulkLogged = 2,
        Simple = 3,
    }

    /// <summary>
    /// The part the local availability group plays in a distributed availability group
    /// (sys.availability_groups.is_distributed, and the role of the AG's row in the distributed AG).
    /// </summary>
    public enum DistributedRole
    {
        NotDistributed,
        GlobalPrimary,
        Secondary,
    }
}
