using System.Collections.Generic;
using AgBackupClr.Engine;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.Tests.IntegrationSuite
{
    /// <summary>
    /// The requests the integration tests send when they keep no backup pass the procedure's own argument checks: a
    /// regular FULL to NUL is refused (it would move the differential base to a backup thrown away), so a test that
    /// means to back up must not send one. Checked here with the parser the procedure runs first.
    /// </summary>
    public class DiscardedBackupRequestTests
    {
        [TestCase(BackupKind.Full)]
        [TestCase(BackupKind.CopyOnlyFull)]
        [TestCase(BackupKind.Diff)]
        [TestCase(BackupKind.Log)]
        [TestCase(BackupKind.CopyOnlyLog)]
        public void A_discarded_backup_of_every_kind_is_accepted(BackupKind kind)
        {
            Assert.That(ParseError(BackupRequest.Discarded("AgBackupClrTestDb", kind, execute: true)), Is.Null);
        }

        [Test]
        public void A_discarded_regular_full_goes_to_a_folder()
        {
            Assert.That(BackupRequest.Discarded("AgBackupClrTestDb", BackupKind.Full, execute: true).Directory, Is.EqualTo(BackupRequest.RegularFullFolder));
        }

        [Test]
        public void The_copy_only_full_of_master_to_nul_is_accepted()
        {
            Assert.That(ParseError(BackupRequest.CopyOnlyFullOfMasterToNul), Is.Null);
        }

        [Test]
        public void A_regular_full_to_nul_is_refused_as_the_invalid_argument_case_expects()
        {
            Assert.That(ParseError(new BackupRequest("master", "FULL", "NUL")), Does.Contain("@CopyOnly = 'Y'"));
        }

        private static string? ParseError(BackupRequest request)
        {
            IReadOnlyDictionary<string, object?> a = request.ToArguments();
            var raw = new RawBackupArguments(
                (string?)a["@Databases"],
                (string?)a["@BackupType"],
                (string?)a["@Directory"],
                (string?)a["@CopyOnly"],
                (string?)a["@Checksum"],
                (string?)a["@Compress"],
                (string?)a["@Verify"],
                (string?)a["@Execute"],
                (string?)a["@LogToTable"],
                (string?)a["@OverrideBackupPreference"],
                (string?)a["@FileName"],
                (string?)a["@AvailabilityGroupFileName"],
                directoryStructure: (string?)a["@DirectoryStructure"],
                availabilityGroupDirectoryStructure: (string?)a["@AvailabilityGroupDirectoryStructure"],
                logRetentionDays: (int?)a["@LogRetentionDays"],
                cleanupTime: (int?)a["@CleanupTime"],
                cleanupMode: (string?)a["@CleanupMode"],
                cleanupWhenSkipped: (string?)a["@CleanupWhenSkipped"]);
            return BackupArgumentParser.Parse(raw).Error;
        }
    }
}
