-- Removes the rows FillDecisionLog.sql wrote about @Marker, so no other test finds old rows a run would delete.
-- Run in the utility database as sa.
DELETE FROM dbo.BackupDecisionLog
WHERE database_name = @Marker;
