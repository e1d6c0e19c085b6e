using System.Collections.Generic;
using AgBackupClr.IntegrationTests.Infrastructure;
using AgBackupClr.IntegrationTests.Standalone;
using NUnit.Framework;

namespace AgBackupClr.Tests.IntegrationSuite
{
    /// <summary>
    /// The options JobOwnerPermissionTests sends as a job owner that is not sysadmin: docs/usp_BackupIfPreferred.md tells such an owner to write
    /// into a folder that exists with an empty structure, because the default structure creates folders with
    /// xp_create_subdir, which grant-job-owner.sql does not grant.
    /// </summary>
    public class JobOwnerRequestTests
    {
        [TestCase(BackupKind.Full, "FULL")]
        [TestCase(BackupKind.Log, "LOG")]
        public void The_job_owner_backs_up_into_the_fixtures_folder_itself_and_verifies(BackupKind kind, string backupType)
        {
            IReadOnlyDictionary<string, object?> arguments = JobOwnerPermissionTests.JobOwnersRequest(kind).ToArguments();

            Assert.Multiple(() =>
            {
                Assert.That(arguments["@DirectoryStructure"], Is.EqualTo(string.Empty), "NULL would be the default structure, which creates folders");
                Assert.That(arguments["@Directory"], Is.EqualTo(StandaloneSetUpFixture.BackupDirectory), "the folder the fixture creates");
                Assert.That(arguments["@Databases"], Is.EqualTo(StandaloneSetUpFixture.FullRecoveryDatabase));
                Assert.That(arguments["@BackupType"], Is.EqualTo(backupType));
                Assert.That(arguments["@Verify"], Is.EqualTo("Y"), "RESTORE VERIFYONLY, for which the script grants CREATE ANY DATABASE");
                Assert.That(arguments["@Execute"], Is.EqualTo("Y"));
            });
        }
    }
}
