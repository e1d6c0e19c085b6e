-- On the primary: the other replicas' synchronization state of the availability database, as the primary shows it
-- (is_local = 0 rows exist only there: docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql.md).
SELECT drs.synchronization_state_desc
FROM sys.dm_hadr_database_replica_states AS drs
WHERE drs.is_local = 0
  AND drs.database_id = DB_ID(N'AgBackupClrTestDb');
