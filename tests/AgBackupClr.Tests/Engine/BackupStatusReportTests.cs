using System;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>dbo.fn_BackupStatus's rows: this instance's own history joined to each database, with what the database itself shows.</summary>
    public class BackupStatusReportTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

        private static readonly LogBackupLsnSeen[] NotWatched = Array.Empty<LogBackupLsnSeen>();

        private static ServerState Server()
        {
            ServerState server = InMemory.StateWith("Sales", database => database.With(
                lastLogBackupUtc: Now.AddMinutes(-10),
                groupDatabaseId: new Guid("5b1c6a3e-3d0f-4a4e-9a41-7f7c2d1b9e10"),
                differentialBaseLsn: 41000000001200001m,
                differentialBaseTimeUtc: Now.AddDays(-1),
                lastLogBackupLsn: 42000000003100001m));
            return server.With(databases: server.Databases.Append(InMemory.Database("Sales_Monday").With(isSnapshot: true)).ToList());
        }

        [Test]
        public void Every_database_that_can_be_backed_up_has_a_row_and_tempdb_and_snapshots_have_none()
        {
            var rows = BackupStatusReport.Rows(Server(), Array.Empty<LocalBackup>(), NotWatched, Now);

            Assert.That(rows.Select(row => row.DatabaseName), Is.EqualTo(new[] { "master", "model", "msdb", "Sales", "Finance", "Staging" }));
            Assert.That(rows.All(row => row.ReadAtUtc == Now), Is.True);
        }

        [Test]
        public void The_newest_backup_of_each_type_is_this_database_s_own_and_the_newest_log_backup_is_the_newer_of_msdb_and_the_database()
        {
            LocalBackup oldLog = new LocalBackup("Sales", 'L', Now.AddMinutes(-40), 42000000002000001m, "Sales_1.trn");
            LocalBackup newLog = new LocalBackup("Sales", 'L', Now.AddMinutes(-25), 42000000003000001m, "Sales_2.trn");
            LocalBackup full = new LocalBackup("Sales", 'D', Now.AddDays(-1), 41000000001300001m, "Sales.bak");
            LocalBackup otherDatabase = new LocalBackup("Finance", 'L', Now.AddMinutes(-1), 7m, "Finance.trn");
            LocalBackup otherCase = new LocalBackup("SALES", 'I', Now.AddMinutes(-1), 8m, "SALES.dif");

            BackupStatusRow sales = BackupStatusReport.Rows(Server(), new[] { newLog, full, oldLog, otherDatabase, otherCase }, NotWatched, Now).Single(row => row.DatabaseName == "Sales");

            Assert.That(sales.LastFull, Is.EqualTo(full));
            Assert.That(sales.LastDiff, Is.Null, "msdb keys history by the exact name SQL Server wrote");
            Assert.That(sales.LastLog, Is.EqualTo(newLog));
            Assert.That(sales.NewestLogBackupUtc, Is.EqualTo(Now.AddMinutes(-10)), "another replica's log backup, seen through sys.dm_db_log_stats");
            Assert.That((sales.AvailabilityGroupName, sales.ReplicaRole, sales.RecoveryModel, sales.State), Is.EqualTo(("AG1", "PRIMARY", "FULL", "ONLINE")));
            Assert.That((sales.DifferentialBaseLsn, sales.LastLogBackupLsn), Is.EqualTo((41000000001200001m, 42000000003100001m)));
        }

        [Test]
        public void The_watch_shows_since_when_the_lsn_stands_where_it_does_only_while_it_still_stands_there()
        {
            LogBackupLsnSeen older = new LogBackupLsnSeen("Sales", 42000000002000001m, Now.AddHours(-2));
            LogBackupLsnSeen current = new LogBackupLsnSeen("Sales", 42000000003100001m, Now.AddMinutes(-9));
            LogBackupLsnSeen otherCase = new LogBackupLsnSeen("SALES", 42000000003100001m, Now.AddMinutes(-1));
            LogBackupLsnSeen stale = new LogBackupLsnSeen("Finance", 7m, Now.AddMinutes(-3));

            var rows = BackupStatusReport.Rows(Server(), Array.Empty<LocalBackup>(), new[] { current, otherCase, older, stale }, Now);

            Assert.That(rows.Single(row => row.DatabaseName == "Sales").LastLogBackupLsnFirstSeenUtc, Is.EqualTo(Now.AddMinutes(-9)),
                "the newest row of the exact name, whose LSN is the database's now");
            Assert.That(rows.Single(row => row.DatabaseName == "Finance").LastLogBackupLsnFirstSeenUtc, Is.Null,
                "Finance shows no last_log_backup_lsn 7: no watch saw it where it stands");
            Assert.That(BackupStatusReport.Rows(Server(), Array.Empty<LocalBackup>(), new[] { older }, Now).Single(row => row.DatabaseName == "Sales").LastLogBackupLsnFirstSeenUtc,
                Is.Null, "the LSN moved since the watch last saw it");
        }

        [Test]
        public void Where_the_database_shows_no_log_backup_time_the_newest_is_this_instance_s_own()
        {
            LocalBackup log = new LocalBackup("Finance", 'L', Now.AddMinutes(-5), 7m, "Finance.trn");

            BackupStatusRow finance = BackupStatusReport.Rows(Server(), new[] { log }, NotWatched, Now).Single(row => row.DatabaseName == "Finance");

            Assert.That(finance.NewestLogBackupUtc, Is.EqualTo(log.FinishedUtc));
            Assert.That((finance.AvailabilityGroupName, finance.ReplicaRole, finance.GroupDatabaseId), Is.EqualTo(((string?)null, (string?)null, (Guid?)null)));
        }
    }
}
