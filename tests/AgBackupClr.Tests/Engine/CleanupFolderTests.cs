using System;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// Two databases whose cleanup folder is one folder as the file system compares names (issue 20): neither is cleaned, since
    /// each one's chain guard would delete the other's backups.
    /// </summary>
    public class CleanupFolderTests
    {
        [Test]
        public void A_replica_on_linux_refuses_a_folder_name_over_255_bytes_before_anything_runs_or_is_cleaned()
        {
            // 86 x U+200B: 86 characters, 258 bytes of UTF-8. The run passes the instance's platform to the names (issue 20).
            string name = new string('\u200B', 86);
            ServerState server = new ServerState(InMemory.Instance().With(isLinux: true), new[] { InMemory.Database(name) }, new[] { InMemory.Group() });
            var executor = new RecordingExecutor();

            RunOutcome outcome = new BackupRun(new FixedState(server), executor, new RecordingLog(), new SteppingClock(), new FakeFolders(), FakeBackupFiles.Everywhere(new DateTime(2026, 11, 24, 1, 0, 0), new DateTime(2026, 11, 24, 2, 0, 0)), new FakeLogBackupLsns())
                .Run(InMemory.Arguments(name, "LOG").With(directory: @"C:\Backup", cleanupTime: 24, cleanupMode: "BEFORE_BACKUP", directoryStructure: null, availabilityGroupDirectoryStructure: null));

            Assert.That(outcome.Rows.Select(r => (r.Action, r.ReasonCode)), Is.EqualTo(new[] { ("REFUSE", "REFUSE_INVALID_ARGUMENT") }));
            Assert.That(outcome.Rows[0].Reason, Does.StartWith("The folder name '" + name + "' would be 258 bytes of UTF-8; Linux file systems allow 255."));
            Assert.That(executor.Commands, Is.Empty);
        }

        [Test]
        public void Sales_and_SALES_on_a_case_sensitive_server_share_a_windows_folder_and_neither_is_cleaned()
        {
            ServerState server = new ServerState(
                InMemory.Instance(collationIgnoresCase: false),
                new[] { InMemory.AgDatabase("Sales", true), InMemory.AgDatabase("SALES", true), InMemory.Database("Finance") },
                new[] { InMemory.Group() });
            var executor = new RecordingExecutor();

            RunOutcome outcome = new BackupRun(new FixedState(server), executor, new RecordingLog(), new SteppingClock(), new FakeFolders(), FakeBackupFiles.Everywhere(new DateTime(2026, 11, 24, 1, 0, 0), new DateTime(2026, 11, 24, 2, 0, 0)), new FakeLogBackupLsns())
                .Run(InMemory.Arguments("Sales, SALES, Finance", "LOG").With(cleanupTime: 24, directoryStructure: null, availabilityGroupDirectoryStructure: null));

            Assert.That(outcome.Rows.Select(r => (r.DatabaseName, r.Action, r.ReasonCode, r.Action == "BACKUP" ? null : r.BackupFile)), Is.EqualTo(new[]
            {
                ("Sales", "BACKUP", "OK_PREFERRED_REPLICA", (string?)null),
                ("Sales", "REFUSE", "REFUSE_INVALID_ARGUMENT", @"\\backupshare\sql\AG1\Sales\LOG"),
                ("SALES", "BACKUP", "OK_PREFERRED_REPLICA", null),
                ("SALES", "REFUSE", "REFUSE_INVALID_ARGUMENT", @"\\backupshare\sql\AG1\SALES\LOG"),
                ("Finance", "BACKUP", "OK_NOT_IN_AG", null),
                ("Finance", "CLEANUP", "OK_CLEANED", @"\\backupshare\sql\SQL1$MSSQLSERVER\Finance\LOG"),
            }));
            Assert.That(outcome.Rows[1].Reason, Is.EqualTo(
                "This folder is also the folder of database 'SALES' on this instance (folder names compare without regard to case on Windows and SMB shares), "
                + "so its cleanup would delete their backups with 'Sales''s chain guard. Nothing was deleted. Rename one of the databases, or clean this folder another way."));
            Assert.That(executor.Commands.Count(c => c.Contains("xp_delete_file")), Is.EqualTo(1), "only Finance's folder is cleaned");
            Assert.That(outcome.FinalError, Is.Not.Null, "a refused cleanup fails the job step");
        }
    }
}
