-- Ends a restore sequence, then says what state the database is in.
RESTORE DATABASE @DatabaseName WITH RECOVERY;
SELECT d.state_desc FROM sys.databases AS d WHERE d.name = @DatabaseName;
