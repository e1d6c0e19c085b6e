-- Reads the backup file back: RESTORE VERIFYONLY restores no database, it only checks the file is a
-- complete, readable backup (and its checksums, when the backup has them).
RESTORE VERIFYONLY FROM DISK = @BackupFile WITH CHECKSUM;
