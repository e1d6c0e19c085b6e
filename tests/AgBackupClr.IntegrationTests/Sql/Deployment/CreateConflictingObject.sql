-- Makes the next deploy.sql fail inside its install transaction, after it has trusted the new hash and replaced the
-- assembly: a TABLE holding the name of the procedure the new version creates in that transaction,
-- dbo.usp_LogBackupDecision. Its CREATE PROCEDURE then fails (Msg 2714: there is already an object of that name), and
-- the whole transaction, the dropped and re-created assembly included, must roll back. Nothing in deploy.sql changes
-- for the test. Run in the utility database where the earlier release is installed.
CREATE TABLE dbo.usp_LogBackupDecision (id int NOT NULL);
GO
