-- What dbo.fn_BackupStatus says about @DatabaseName (NULL: every database) on this instance, next to this instance's
-- own clock read in the same statement, so a test can tell UTC from local time and a fresh backup from an old one.
-- Run in the utility database.
SELECT
    s.*,
    SYSUTCDATETIME() AS server_utc_now
FROM dbo.fn_BackupStatus(@DatabaseName) AS s;
