-- In the utility database: opens a transaction that holds dbo.BackupDecisionLog exclusively, so that the next call of
-- dbo.usp_BackupIfPreferred stops at its first log row, inside dbo.usp_LogBackupDecision, as a job step in the middle of
-- a long backup holds the procedures an upgrade replaces. The caller rolls back (RollBack.sql) on the same connection.
BEGIN TRANSACTION;
SELECT
    @@SPID AS session_id,
    (SELECT COUNT_BIG(*) FROM dbo.BackupDecisionLog WITH (TABLOCKX, HOLDLOCK)) AS logged_rows;
