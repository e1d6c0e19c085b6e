using System;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// Whether a folder of an availability group database's backups belongs to this replica, so that it cleans it also when it
    /// skips the backup. It does when its directory structure names {ServerName}: no other replica writes there. It does when
    /// @Directory is a Windows drive letter path: a disk of this instance's machine, except C:\ClusterStorage\, where a
    /// cluster's shared volumes are mounted on every node. Anything else, a share or a Linux path (an NFS or SMB mount looks
    /// like a local one), is taken as written by every replica.
    /// </summary>
    public static class CleanupPlacement
    {
        public static bool BelongsToThisReplica(string directory, string structure)
        {
            if (structure.IndexOf("{ServerName}", StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            bool driveLetter = directory.Length >= 3 && char.IsLetter(directory[0]) && directory[0] < 128 && directory[1] == ':' && directory[2] == '\\';
            return driveLetter && !directory.StartsWith(@"C:\ClusterStorage", StringComparison.OrdinalIgnoreCase);
        }
    }
}
