-- The backup preference and priorities as this replica sees them. Changes made on the primary reach a
-- secondary's metadata asynchronously, so the tests wait until both replicas show what was set.
SELECT
    ag.automated_backup_preference_desc,
    ar.replica_server_name,
    ar.backup_priority
FROM sys.availability_groups AS ag
JOIN sys.availability_replicas AS ar ON ar.group_id = ag.group_id
WHERE ag.name = N'AgBackupClrTestAg';
