-- Starts one Agent job now, in msdb (docs/relational-databases/system-stored-procedures/sp-start-job-transact-sql.md).
EXEC msdb.dbo.sp_start_job @job_name = @JobName;
