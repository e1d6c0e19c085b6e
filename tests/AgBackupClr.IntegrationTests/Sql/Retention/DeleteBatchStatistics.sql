-- How often dbo.usp_DeleteBackupDecisionLog ran since its plan was cached, and the most rows one execution of its DELETE
-- touched (docs: sys-dm-exec-procedure-stats-transact-sql.md execution_count; sys-dm-exec-query-stats-transact-sql.md
-- max_rows; sys-dm-exec-sql-text-transact-sql.md objectid, dbid). No cached plan yet reads as 0. Needs VIEW SERVER STATE.
SELECT
    ISNULL((SELECT SUM(ps.execution_count)
            FROM sys.dm_exec_procedure_stats AS ps
            WHERE ps.database_id = DB_ID() AND ps.object_id = OBJECT_ID(N'dbo.usp_DeleteBackupDecisionLog')), 0) AS executions,
    ISNULL((SELECT MAX(qs.max_rows)
            FROM sys.dm_exec_query_stats AS qs
            CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st
            WHERE st.dbid = DB_ID() AND st.objectid = OBJECT_ID(N'dbo.usp_DeleteBackupDecisionLog')), 0) AS most_rows_in_one_delete;
