using System;
using System.Globalization;

namespace AgBackupClr.TSql
{
    /// <summary>
    /// The deletion of old backup files in one folder, through the undocumented master.dbo.xp_delete_file that maintenance plans
    /// and Ola Hallengren's DatabaseBackup use: file type 0 (backup files: it reads each file's header and leaves a file that is
    /// no backup), the folder, the extension without its dot, the date before which a backup is deleted (this instance's local
    /// time; which date of the file it compares is undocumented, the header's or the last write, both at or after the backup's
    /// start), and 0: not in subfolders. It reports a failure by its return code, so a failure is raised here to fail the job
    /// step like a failed BACKUP.
    /// </summary>
    public static class CleanupCommand
    {
        public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss";

        public static string DeleteOldBackups(string folder, string extension, DateTime deleteBefore) =>
            "DECLARE @ReturnCode int;\nEXECUTE @ReturnCode = master.dbo.xp_delete_file 0, " + TSqlText.Literal(folder) + ", " + TSqlText.Literal(extension) + ", "
            + TSqlText.Literal(deleteBefore.ToString(DateFormat, CultureInfo.InvariantCulture)) + ", 0;\n"
            + "IF @ReturnCode <> 0 OR @ReturnCode IS NULL THROW 50000, N'xp_delete_file could not delete every old backup file in the folder; the files it did not delete are still there.', 1;";
    }
}
