-- The newest run of step 1 of one Agent job, in msdb: run_status 0 is failed, 1 succeeded; message is the start of the
-- step's output that Agent keeps in its history; output_file_name is where the step writes the whole of it.
SELECT TOP (1) h.instance_id, h.run_status, h.message, js.output_file_name
FROM msdb.dbo.sysjobhistory AS h
JOIN msdb.dbo.sysjobs AS j ON j.job_id = h.job_id
JOIN msdb.dbo.sysjobsteps AS js ON js.job_id = h.job_id AND js.step_id = h.step_id
WHERE j.name = @JobName AND h.step_id = 1
ORDER BY h.instance_id DESC;
