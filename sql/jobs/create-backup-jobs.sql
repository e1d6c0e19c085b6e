-- Creates the same three SQL Agent jobs on this replica: run it unchanged on EVERY replica of the availability group.
-- Each job calls dbo.usp_BackupIfPreferred, which decides per database whether this replica takes the backup, so the
-- jobs can run everywhere at the same time. Running the script again replaces the jobs (same names, same schedules).
--   sqlcmd -S <replica> -d msdb -b -i sql/jobs/create-backup-jobs.sql
-- Change the three values below first: where AgBackupClr is installed, where backups go, who owns the jobs.
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @UtilityDatabase sysname = N'DBA';
DECLARE @Directory nvarchar(4000) = N'\\backupshare\sql';
DECLARE @JobOwner sysname = N'sa';
-- Optional: the folder where each job step writes its whole output, AgBackupClr_FULL.txt, _DIFF.txt and _LOG.txt, replaced
-- at each run (Agent's history keeps only the start of a step's output, and the error that fails the step comes last).
-- NULL: the folder of this instance's error log, where Agent writes its own log too.
DECLARE @OutputDirectory nvarchar(4000) = NULL;

DECLARE @quotedDirectory nvarchar(4000) = N'N''' + REPLACE(@Directory, N'''', N'''''') + N'''';
DECLARE @verify nvarchar(1) = N'Y';
DECLARE @jobs TABLE
(
    job_name sysname NOT NULL,
    databases nvarchar(200) NOT NULL,
    backup_type nvarchar(10) NOT NULL,
    schedule_name sysname NOT NULL,
    freq_type int NOT NULL,
    freq_interval int NOT NULL,
    freq_subday_type int NOT NULL,
    freq_subday_interval int NOT NULL,
    active_start_time int NOT NULL
);

-- freq_type 8 = weekly (freq_interval: 1 = Sunday, 126 = Monday to Saturday); 4 = daily; freq_subday_type 4 = minutes.
-- The LOG schedule starts at 00:07:30 so it never starts together with the FULL or DIFF at 01:00: Microsoft does not
-- support a log backup on one replica while a full backup runs on another (docs: database-engine/availability-groups/
-- windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md). A longer FULL still overlaps.
INSERT INTO @jobs VALUES
    (N'AgBackupClr - FULL', N'ALL_DATABASES', N'FULL', N'AgBackupClr - Sunday 01:00', 8, 1, 1, 0, 10000),
    (N'AgBackupClr - DIFF', N'USER_DATABASES', N'DIFF', N'AgBackupClr - Monday to Saturday 01:00', 8, 126, 1, 0, 10000),
    (N'AgBackupClr - LOG', N'USER_DATABASES', N'LOG', N'AgBackupClr - every 15 minutes from 00:07:30', 4, 1, 4, 15, 730);

IF DB_ID(@UtilityDatabase) IS NULL
    THROW 50000, N'Set @UtilityDatabase to the database where deploy.sql installed AgBackupClr.', 1;
-- The FULL job to NUL would move the differential base to a backup that is thrown away (usp_BackupIfPreferred refuses it
-- every run), and the LOG job would break the log chain: NUL is for one-off calls of the procedure, not for the jobs.
IF UPPER(LTRIM(RTRIM(@Directory))) = N'NUL'
    THROW 50000, N'Set @Directory to a folder: the jobs'' FULL to NUL would leave every later DIFF without a base, and their LOG to NUL would break the log chain.', 1;

-- SERVERPROPERTY('ErrorLogFileName') is the error log's full path (docs/ssms/tutorials/ssms-tricks.md); its folder ends at the
-- last \ on Windows or / on Linux. A folder given with a trailing separator loses it.
DECLARE @errorLog nvarchar(4000) = CONVERT(nvarchar(4000), SERVERPROPERTY(N'ErrorLogFileName'));
IF @OutputDirectory IS NULL
    SET @OutputDirectory = LEFT(@errorLog, LEN(@errorLog) - PATINDEX(N'%[\/]%', REVERSE(@errorLog)));
IF RIGHT(@OutputDirectory, 1) IN (N'\', N'/')
    SET @OutputDirectory = LEFT(@OutputDirectory, LEN(@OutputDirectory) - 1);
DECLARE @separator nvarchar(1) = CASE WHEN CHARINDEX(N'\', @OutputDirectory) > 0 THEN N'\' ELSE N'/' END;
-- sp_add_jobstep takes @output_file_name as nvarchar(200) (docs/relational-databases/system-stored-procedures/sp-add-jobstep-transact-sql.md).
IF @OutputDirectory IS NULL OR LEN(@OutputDirectory) + LEN(N'/AgBackupClr_FULL.txt') > 200
    THROW 50000, N'Set @OutputDirectory to a folder Agent can write to, at most 179 characters long: each job step writes its output there.', 1;

DECLARE @name sysname, @databases nvarchar(200), @type nvarchar(10), @schedule sysname;
DECLARE @freqType int, @freqInterval int, @subdayType int, @subdayInterval int, @startTime int;
DECLARE @command nvarchar(max);
DECLARE @outputFile nvarchar(200);
-- The msdb job procedures report failure with a return code and RAISERROR, which XACT_ABORT does not catch: each call
-- is checked, and the first failure rolls everything back, so the jobs of an earlier run are never lost half-way.
DECLARE @rc int, @error int, @failed nvarchar(400) = NULL;

BEGIN TRANSACTION;

DECLARE job_rows CURSOR LOCAL FAST_FORWARD FOR
    SELECT job_name, databases, backup_type, schedule_name, freq_type, freq_interval, freq_subday_type, freq_subday_interval, active_start_time
    FROM @jobs;
OPEN job_rows;
FETCH NEXT FROM job_rows INTO @name, @databases, @type, @schedule, @freqType, @freqInterval, @subdayType, @subdayInterval, @startTime;
WHILE @@FETCH_STATUS = 0 AND @failed IS NULL
BEGIN
    -- DIFF and LOG change to the backup that creates a missing base, so a new database gets its first FULL the same day
    -- instead of failing every run until Sunday.
    SET @command = N'EXEC dbo.usp_BackupIfPreferred @Databases = N''' + @databases + N''', @BackupType = N''' + @type
        + N''', @Directory = ' + @quotedDirectory + N', @Verify = N''' + @verify + N''''
        + CASE WHEN @type IN (N'DIFF', N'LOG') THEN N', @ChangeBackupType = N''Y''' ELSE N'' END + N';';
    SET @outputFile = @OutputDirectory + @separator + N'AgBackupClr_' + @type + N'.txt';

    IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = @name)
    BEGIN
        EXEC @rc = msdb.dbo.sp_delete_job @job_name = @name, @delete_unused_schedule = 1;
        SET @error = @@ERROR;
        IF @rc <> 0 OR @error <> 0
            SET @failed = N'msdb.dbo.sp_delete_job of the existing job ' + @name;
    END;
    IF @failed IS NULL
    BEGIN
        EXEC @rc = msdb.dbo.sp_add_job
            @job_name = @name,
            @description = N'AgBackupClr: runs on every replica; usp_BackupIfPreferred decides where each backup runs. See dbo.BackupDecisionLog.',
            @owner_login_name = @JobOwner;
        SET @error = @@ERROR;
        IF @rc <> 0 OR @error <> 0
            SET @failed = N'msdb.dbo.sp_add_job ' + @name + N' owned by ' + @JobOwner + N' (is @JobOwner an existing login?)';
    END;
    IF @failed IS NULL
    BEGIN
        EXEC @rc = msdb.dbo.sp_add_jobstep
            @job_name = @name,
            @step_name = N'usp_BackupIfPreferred',
            @subsystem = N'TSQL',
            @database_name = @UtilityDatabase,
            @command = @command,
            @on_success_action = 1,
            @on_fail_action = 2,
            @output_file_name = @outputFile;
        SET @error = @@ERROR;
        IF @rc <> 0 OR @error <> 0
            SET @failed = N'msdb.dbo.sp_add_jobstep of ' + @name;
    END;
    IF @failed IS NULL
    BEGIN
        EXEC @rc = msdb.dbo.sp_add_schedule
            @schedule_name = @schedule,
            @freq_type = @freqType,
            @freq_interval = @freqInterval,
            @freq_subday_type = @subdayType,
            @freq_subday_interval = @subdayInterval,
            @freq_recurrence_factor = 1,
            @active_start_time = @startTime;
        SET @error = @@ERROR;
        IF @rc <> 0 OR @error <> 0
            SET @failed = N'msdb.dbo.sp_add_schedule ' + @schedule;
    END;
    IF @failed IS NULL
    BEGIN
        EXEC @rc = msdb.dbo.sp_attach_schedule @job_name = @name, @schedule_name = @schedule;
        SET @error = @@ERROR;
        IF @rc <> 0 OR @error <> 0
            SET @failed = N'msdb.dbo.sp_attach_schedule ' + @schedule + N' to ' + @name;
    END;
    IF @failed IS NULL
    BEGIN
        EXEC @rc = msdb.dbo.sp_add_jobserver @job_name = @name, @server_name = N'(local)';
        SET @error = @@ERROR;
        IF @rc <> 0 OR @error <> 0
            SET @failed = N'msdb.dbo.sp_add_jobserver of ' + @name;
    END;

    IF @failed IS NULL
        PRINT N'Created job ' + @name + N': ' + @command + N' Its output: ' + @outputFile;
    FETCH NEXT FROM job_rows INTO @name, @databases, @type, @schedule, @freqType, @freqInterval, @subdayType, @subdayInterval, @startTime;
END;
CLOSE job_rows;
DEALLOCATE job_rows;

IF @failed IS NOT NULL
BEGIN
    ROLLBACK TRANSACTION;
    SET @failed = N'AgBackupClr jobs: ' + @failed + N' failed (its error is above). Nothing was changed: the jobs of an earlier run are as they were.';
    THROW 50000, @failed, 1;
END;

COMMIT TRANSACTION;
GO
