-- This replica's own progress with the log of the availability database (sys.dm_hadr_database_replica_states, the
-- local row), read with both of its clocks. A test prints it next to how late the secondary's copy showed a log backup
-- taken on the primary: the docs say what each column is, not whether or how it bounds that lag.
SELECT
    drs.synchronization_state_desc,
    drs.is_suspended,
    drs.last_received_time,
    drs.last_hardened_time,
    drs.last_redone_time,
    drs.redo_queue_size,
    drs.last_redone_lsn,
    drs.last_hardened_lsn,
    SYSUTCDATETIME() AS utc_now,
    SYSDATETIME() AS local_now
FROM sys.dm_hadr_database_replica_states AS drs
WHERE drs.is_local = 1
  AND drs.database_id = DB_ID(N'AgBackupClrTestDb');
