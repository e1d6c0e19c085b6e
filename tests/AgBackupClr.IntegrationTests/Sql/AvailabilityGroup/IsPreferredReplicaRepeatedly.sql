-- Asks sys.fn_hadr_backup_is_preferred_replica @Times times, @DelayMilliseconds apart, and counts how often it answered
-- 1: olahallengren/sql-server-maintenance-solution#1173 reports a SQL Server 2025 build that answers 1 on the primary
-- under SECONDARY only now and then, more often while the database is quiet.
DECLARE @asked int = 0;
DECLARE @preferred int = 0;
DECLARE @delay datetime = DATEADD(MILLISECOND, @DelayMilliseconds, CONVERT(datetime, 0));
WHILE @asked < @Times
BEGIN
    IF sys.fn_hadr_backup_is_preferred_replica(@DatabaseName) = 1
        SET @preferred += 1;
    SET @asked += 1;
    WAITFOR DELAY @delay;
END;
SELECT @preferred AS times_preferred;
