-- The requests waiting for a lock @BlockingSession holds
-- (docs/relational-databases/system-dynamic-management-views/sys-dm-exec-requests-transact-sql.md).
SELECT r.session_id, r.wait_type
FROM sys.dm_exec_requests AS r
WHERE r.blocking_session_id = @BlockingSession;
