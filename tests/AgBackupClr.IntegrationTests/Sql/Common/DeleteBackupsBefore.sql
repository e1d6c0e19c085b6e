-- xp_delete_file as usp_BackupIfPreferred calls it: backup files (type 0) of one extension in one folder, dated before
-- @Before (local time, yyyy-MM-ddTHH:mm:ss), not in subfolders; its return code says whether it succeeded.
DECLARE @ReturnCode int;
EXECUTE @ReturnCode = master.dbo.xp_delete_file 0, @Folder, @Extension, @Before, 0;
SELECT @ReturnCode AS return_code;
