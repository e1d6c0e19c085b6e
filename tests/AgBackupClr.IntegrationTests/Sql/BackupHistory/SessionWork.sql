-- The reads and CPU time this session has spent so far, in ms for CPU
-- (docs/relational-databases/system-dynamic-management-views/sys-dm-exec-sessions-transact-sql.md). The counters include
-- the T-SQL a CLR function sends over the context connection, which runs in the caller's session.
SELECT s.logical_reads, s.cpu_time
FROM sys.dm_exec_sessions AS s
WHERE s.session_id = @@SPID;
