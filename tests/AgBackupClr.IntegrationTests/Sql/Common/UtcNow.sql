-- This instance's clock in UTC, for a test that waits until a backup is older than a limit.
SELECT SYSUTCDATETIME() AS utc_now;
