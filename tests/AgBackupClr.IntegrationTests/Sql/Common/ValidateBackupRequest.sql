-- What an existing maintenance script asks before its own BACKUP: the function over sys.databases
-- with CROSS APPLY, the way docs/functions.md says it must work. Run in the utility database.
SELECT
    d.name AS database_name,
    v.is_supported_here,
    v.is_preferred_replica,
    v.should_run_here,
    v.action,
    v.reason_code,
    v.reason,
    v.availability_group_name,
    v.replica_role,
    v.synchronization_state
FROM sys.databases AS d
CROSS APPLY dbo.fn_ValidateBackupRequest(d.name, @BackupType, @CopyOnly) AS v
WHERE d.name = @DatabaseName;
