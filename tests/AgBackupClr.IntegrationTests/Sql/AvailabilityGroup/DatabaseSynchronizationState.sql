-- This replica's own synchronization state of the availability database (SYNCHRONIZED, SYNCHRONIZING,
-- NOT SYNCHRONIZING, ...). No row while automatic seeding has not created the database yet.
SELECT drs.synchronization_state_desc
FROM sys.dm_hadr_database_replica_states AS drs
WHERE drs.is_local = 1
  AND drs.database_id = DB_ID(N'AgBackupClrTestDb');
