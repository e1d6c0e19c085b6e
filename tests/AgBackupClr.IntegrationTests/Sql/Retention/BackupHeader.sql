-- The first backup set in @File as RESTORE HEADERONLY reads it: DatabaseName, BackupType, FamilyGUID, and BackupStartDate
-- and BackupFinishDate in the local time of the instance that wrote it
-- (docs/t-sql/statements/restore-statements-headeronly-transact-sql.md). Run in master.
RESTORE HEADERONLY FROM DISK = @File;
