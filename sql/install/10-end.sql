-- AgBackupClr install, step 10: a failed check or step turned execution off (SET NOEXEC ON); turn it back on for
-- whatever the session runs next.
SET NOEXEC OFF;
GO
-- Step 3 waits at most 30 seconds for a lock; give the session back SQL Server's default, no time-out.
SET LOCK_TIMEOUT -1;
GO
