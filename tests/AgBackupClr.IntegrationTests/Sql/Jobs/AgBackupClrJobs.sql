-- The Agent jobs sql/jobs/create-backup-jobs.sql creates, one line per job step and schedule: name, owner, the
-- database the step runs in, its command and its schedule, so two runs of the script can be compared. Run in msdb.
SELECT
    j.name + N' | ' + ISNULL(SUSER_SNAME(j.owner_sid), N'?') + N' | ' + js.database_name + N' | ' + js.command
        + N' | ' + ISNULL(s.name, N'(no schedule)') AS job
FROM msdb.dbo.sysjobs AS j
JOIN msdb.dbo.sysjobsteps AS js ON js.job_id = j.job_id
LEFT JOIN msdb.dbo.sysjobschedules AS jsc ON jsc.job_id = j.job_id
LEFT JOIN msdb.dbo.sysschedules AS s ON s.schedule_id = jsc.schedule_id
WHERE j.name LIKE N'AgBackupClr - %'
ORDER BY job;
