using AgBackupClr.Engine;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>Where a folder lives is judged on the path Windows resolves, not on its spelling (issue 20).</summary>
    public class WindowsPathTests
    {
        private const string Shared = "{AvailabilityGroupName}{DirectorySeparator}{DatabaseName}{DirectorySeparator}{BackupType}{CopyOnly}";

        [TestCase(@"C:\.\ClusterStorage\Volume1", @"C:\ClusterStorage\Volume1")]
        [TestCase(@"C:\\ClusterStorage", @"C:\ClusterStorage")]
        [TestCase(@"C:\Windows\..\ClusterStorage\Volume1\Backup", @"C:\ClusterStorage\Volume1\Backup")]
        [TestCase(@"C:\..\..\ClusterStorage", @"C:\ClusterStorage")]
        [TestCase(@"C:/ClusterStorage/Volume1/", @"C:\ClusterStorage\Volume1")]
        [TestCase(@"C:\ClusterStorage.\Volume1", @"C:\ClusterStorage\Volume1")]
        [TestCase(@"D:\", @"D:\")]
        [TestCase(@"\\backupshare\sql\..\x", @"\\backupshare\sql\..\x")]
        [TestCase("/var/opt/mssql/./backup", "/var/opt/mssql/./backup")]
        public void A_drive_letter_path_is_read_as_windows_resolves_it(string path, string normalized)
        {
            Assert.That(WindowsPath.Normalize(path), Is.EqualTo(normalized));
        }

        [TestCase(@"C:\.\ClusterStorage\Volume1")]
        [TestCase(@"C:\\ClusterStorage\Volume1")]
        [TestCase(@"C:\Windows\..\ClusterStorage\Volume1")]
        [TestCase(@"c:/clusterstorage/volume1")]
        public void A_cluster_shared_volume_spelt_another_way_is_still_shared(string directory)
        {
            Assert.That(CleanupPlacement.BelongsToThisReplica(directory, Shared), Is.False);
        }

        [TestCase(@"D:\.\Backup")]
        [TestCase(@"C:\Backup\..\Backup")]
        public void A_local_disk_spelt_another_way_is_still_this_replicas(string directory)
        {
            Assert.That(CleanupPlacement.BelongsToThisReplica(directory, Shared), Is.True);
        }
    }
}
