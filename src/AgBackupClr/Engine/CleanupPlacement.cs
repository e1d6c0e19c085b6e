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

            // Judged after . and .. and doubled separators are resolved: C:\.\ClusterStorage is the cluster's shared volume too.
            string path = WindowsPath.Normalize(directory);
            bool driveLetter = path.Length >= 3 && char.IsLetter(path[0]) && path[0] < 128 && path[1] == ':' && path[2] == '\\';
            return driveLetter && !path.StartsWith(@"C:\ClusterStorage", StringComparison.OrdinalIgnoreCase);
        }
    }
}
