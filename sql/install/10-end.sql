-- AgBackupClr install, step 10: a failed check or step turned execution off (SET NOEXEC ON); turn it back on for
-- whatever the session runs next.
SET NOEXEC OFF;
GO
