-- On the primary: each other replica's synchronization state of the availability database, by replica name (is_local = 0
-- rows exist only there: docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md).
SELECT ar.replica_server_name, drs.synchronization_state_desc, drs.is_suspended
FROM sys.dm_hadr_database_replica_states AS drs
JOIN sys.availability_replicas AS ar ON ar.replica_id = drs.replica_id
WHERE drs.is_local = 0
  AND drs.database_id = DB_ID(N'AgBackupClrTestDb');
