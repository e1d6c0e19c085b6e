using AgBackupClr.Engine;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>Which folders of an availability group database a replica cleans also when it skips the backup.</summary>
    public class CleanupPlacementTests
    {
        private const string Shared = "{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}";

        [TestCase(@"D:\Backup", Shared, true, TestName = "A drive letter is a disk of this machine")]
        [TestCase(@"d:\Backup", Shared, true, TestName = "A drive letter in lower case too")]
        [TestCase(@"D:\", Shared, true, TestName = "The root of a drive is a disk of this machine")]
        [TestCase(@"1:\Backup", Shared, false, TestName = "A digit before the colon is no drive letter")]
        [TestCase("\u00C9:\\Backup", Shared, false, TestName = "A letter outside ASCII before the colon is no drive letter")]
        [TestCase(@"D:Backup", Shared, false, TestName = "A drive letter without a backslash is relative to a current folder")]
        [TestCase(@"..\Backup", Shared, false, TestName = "A relative path is not known to be a disk of this machine")]
        [TestCase(@"C:\ClusterStorage\Volume1\Backup", Shared, false, TestName = "A cluster shared volume is mounted on every node")]
        [TestCase(@"\\backupshare\sql", Shared, false, TestName = "A share is written by every replica")]
        [TestCase("/var/opt/mssql/backup", Shared, false, TestName = "A Linux path may be an NFS or SMB mount")]
        [TestCase(@"\\backupshare\sql", "{ServerName}{DirectorySeparator}{DatabaseName}", true, TestName = "A structure that names the server is this replica's wherever it is")]
        [TestCase("/var/opt/mssql/backup", "{DatabaseName}{DirectorySeparator}{ServerName}", true, TestName = "The server's name anywhere in the structure")]
        [TestCase(@"\\backupshare\sql", "{InstanceName}{DirectorySeparator}{DatabaseName}", false, TestName = "The instance name alone is MSSQLSERVER on every default instance")]
        public void A_folder_belongs_to_this_replica_only_where_no_other_writes(string directory, string structure, bool belongs)
        {
            Assert.That(CleanupPlacement.BelongsToThisReplica(directory, structure), Is.EqualTo(belongs));
        }
    }
}
