using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgBackupClr.Tests.Support;
using AgBackupClr.Tests.TSql;
using CsCheck;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup restore's T-SQL, parsed by SQL Server's own parser: whatever the database name, the new name, the backup files
/// and the database files, each statement is exactly one RESTORE of the intended database from the intended files with the
/// intended options, and the comments above them hide nothing.
/// </summary>
public sealed class RestoreScriptTests
{
    private static readonly Gen<(int Seed, string Database, string NewName, string Path, string Folder)> Cases =
        Gen.Select(Gen.Int, HostileText.DatabaseName, HostileText.DatabaseName, HostileText.ShortPath, HostileText.ShortPath, (seed, database, newName, path, folder) => (seed, database, newName, path, folder));

    [Test]
    public void Any_names_and_paths_give_one_restore_per_backup_from_its_stripes_then_one_recovery()
    {
        int checkedScripts = 0;
        Property.ForAll(Cases, 1500, test =>
        {
            var random = new Random(test.Seed);
            List<ReplicaHistory> replicas = Hostile(RestoreSequenceTests.Generate(random, completeStripes: true), test.Database, test.Path, test.Folder);
            DateTime? stopAt = random.Next(2) == 0 ? null : new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 200));
            RestoreSequence sequence;
            try
            {
                sequence = RestoreSequenceBuilder.Build(test.Database, RestoreSequenceBuilder.BackupsOf(replicas, test.Database), stopAt);
            }
            catch (RestoreSequenceException)
            {
                return;
            }

            bool moved = random.Next(2) == 0;
            var target = new RestoreTarget(
                moved ? test.NewName : null,
                moved && random.Next(2) == 0 ? test.Folder + "\\data" : null,
                moved && random.Next(2) == 0 ? "/var/" + test.Path : null,
                random.Next(2) == 0);
            string restoredAs = target.RestoreAs ?? test.Database;

            IReadOnlyList<string> statements = RestoreScript.Statements(sequence, target);

            checkedScripts++;
            Assert.That(statements, Has.Count.EqualTo(sequence.Steps.Count + 1));
            for (int i = 0; i < sequence.Steps.Count; i++)
            {
                RestoreStep step = sequence.Steps[i];
                RestoreStatement restore = Single(statements[i]);
                Assert.That(restore.Kind, Is.EqualTo(step.Backup.Type == 'L' ? RestoreStatementKind.TransactionLog : RestoreStatementKind.Database), statements[i]);
                Assert.That(restore.DatabaseName.Identifier.Value, Is.EqualTo(restoredAs));
                Assert.That(restore.Devices.Select(Path), Is.EqualTo(step.Stripes.Select(s => s.PhysicalDeviceName)));
                Assert.That(restore.Options.Select(Describe), Is.EqualTo(Expected(sequence, target, i, test.Database)), statements[i]);
            }

            RestoreStatement recovery = Single(statements[^1]);
            Assert.That((recovery.Kind, recovery.DatabaseName.Identifier.Value, recovery.Devices.Count), Is.EqualTo((RestoreStatementKind.Database, restoredAs, 0)));
            Assert.That(recovery.Options.Select(Describe), Is.EqualTo(new[] { "Recovery" }));

            // What restore --test runs around them: each file's header, the FULL's file list, CHECKDB and DROP of the copy.
            foreach (RestoreStep step in sequence.Steps)
            {
                RestoreStatement header = Single(RestoreTest.HeaderOnly(step));
                Assert.That((header.Kind, header.DatabaseName, header.Options.Count), Is.EqualTo((RestoreStatementKind.HeaderOnly, (IdentifierOrValueExpression?)null, 0)));
                Assert.That(header.Devices.Select(Path), Is.EqualTo(step.Stripes.Select(s => s.PhysicalDeviceName)));
            }

            RestoreStatement fileList = Single(RestoreTest.FileListOnly(sequence.Steps[0]));
            Assert.That((fileList.Kind, fileList.Options.Select(Describe).Single()), Is.EqualTo((RestoreStatementKind.FileListOnly, "File=" + sequence.Steps[0].Backup.Position)));
            Assert.That(fileList.Devices.Select(Path), Is.EqualTo(sequence.Steps[0].Stripes.Select(s => s.PhysicalDeviceName)));
            var checkDb = (DbccStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(RestoreTest.CheckDb(restoredAs), "CHECKDB")).Single();
            Assert.That(checkDb.Command, Is.EqualTo(DbccCommand.CheckDB));
            Assert.That(
                Identifier.DecodeIdentifier(TSqlParsing.ParseValid(RestoreTest.CheckDb(restoredAs), "CHECKDB").ScriptTokenStream.Single(t => t.TokenType == TSqlTokenType.QuotedIdentifier).Text, out _),
                Is.EqualTo(restoredAs));
            var drop = (DropDatabaseStatement)TSqlParsing.Statements(TSqlParsing.ParseValid(RestoreTest.Drop(restoredAs), "DROP")).Single();
            Assert.That(drop.Databases.Single().Value, Is.EqualTo(restoredAs));

            // The script around them: a comment line for the sequence and one per backup, and not one statement more.
            TSqlScript script = TSqlParsing.ParseValid(RestoreScript.Script(sequence, target), "restore script");
            Assert.That(TSqlParsing.Statements(script).Count(), Is.EqualTo(statements.Count));
            Assert.That(script.ScriptTokenStream.Count(t => t.TokenType == TSqlTokenType.SingleLineComment), Is.EqualTo(sequence.Steps.Count + 1));
        });

        Assert.That(checkedScripts, Is.GreaterThan(500), "most cases have a sequence to write");
    }

    [TestCase("/var/opt/mssql/data/Sales.mdf", 'D', null, null, "/var/opt/mssql/data/Sales_copy.mdf")]
    [TestCase("D:\\Data\\sales_2.ndf", 'D', "E:\\Restore", null, "E:\\Restore\\Sales_copy_2.ndf")]
    [TestCase("D:\\Data\\Other.ndf", 'D', "E:\\Restore\\", null, "E:\\Restore\\Sales_copy_Other.ndf")]
    [TestCase("/data/Sales_log.ldf", 'L', "/data2", "/logs", "/logs/Sales_copy_log.ldf")]
    [TestCase("/data/Sales_log.ldf", 'L', "/data2", null, "/data/Sales_copy_log.ldf")]
    [TestCase("C:\\Sales.mdf", 'D', "restore", null, "restore\\Sales_copy.mdf")]
    public void A_moved_file_takes_the_new_name_in_place_of_the_old_one_in_the_folder_asked(string physicalName, char type, string? dataPath, string? logPath, string expected)
    {
        var file = new BackupFile("logical", physicalName, type);

        Assert.That(RestoreScript.MovedPath(file, "Sales", new RestoreTarget("Sales_copy", dataPath, logPath, false)), Is.EqualTo(expected));
    }

    [Test]
    public void A_new_name_that_troubles_a_file_name_is_not_a_path_in_the_file_s_name()
    {
        var file = new BackupFile("Sales", "/data/Sales.mdf", 'D');

        Assert.That(RestoreScript.MovedPath(file, "Sales", new RestoreTarget("a/../b\\c:d*e?\"<>|\n", null, null, false)), Is.EqualTo("/data/a_.._b_c_d_e______.mdf"));
    }

    private static RestoreStatement Single(string statement)
    {
        TSqlScript script = TSqlParsing.ParseValid(statement, "restore statement");
        List<TSqlStatement> statements = TSqlParsing.Statements(script).ToList();
        Assert.That(statements, Has.Count.EqualTo(1), statement);
        Assert.That(script.ScriptTokenStream.Count(t => t.TokenType == TSqlTokenType.SingleLineComment || t.TokenType == TSqlTokenType.MultilineComment), Is.Zero, statement);
        return (RestoreStatement)statements[0];
    }

    private static string Path(DeviceInfo device)
    {
        Assert.That(device.DeviceType, Is.EqualTo(DeviceType.Disk));
        var literal = (StringLiteral)device.PhysicalDevice;
        Assert.That(literal.IsNational, Is.True);
        return literal.Value;
    }

    private static string Describe(RestoreOption option) =>
        option switch
        {
            MoveRestoreOption move => "Move " + ((StringLiteral)move.LogicalFileName).Value + " -> " + ((StringLiteral)move.OSFileName).Value,
            ScalarExpressionRestoreOption { Value: Literal value } => option.OptionKind + "=" + value.Value,
            _ => option.OptionKind.ToString(),
        };

    private static List<string> Expected(RestoreSequence sequence, RestoreTarget target, int step, string database)
    {
        HistoryBackup backup = sequence.Steps[step].Backup;
        var expected = new List<string> { "File=" + backup.Position, "NoRecovery", "Stats=10" };
        if (step == 0)
        {
            expected.AddRange(target.RestoreAs == null ? Array.Empty<string>() : backup.Files.Select(f => "Move " + f.LogicalName + " -> " + RestoreScript.MovedPath(f, database, target)));
            expected.AddRange(target.Replace ? new[] { "Replace" } : Array.Empty<string>());
        }

        if (step == sequence.Steps.Count - 1 && sequence.StopAtUtc is DateTime stopAt)
        {
            expected.Add("StopAt=" + stopAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture));
        }

        return expected;
    }

    /// <summary>The history with the hostile database name, backup files under the hostile path and FULLs holding two files.</summary>
    private static List<ReplicaHistory> Hostile(List<ReplicaHistory> replicas, string database, string path, string folder) =>
        replicas.Select(replica => replica with
        {
            Databases = replica.Databases.Select(d => d with { Name = database }).ToList(),
            Backups = replica.Backups.Select(b => b with
            {
                DatabaseName = database,
                Families = b.Families.Select(f => f with { PhysicalDeviceName = path + f.PhysicalDeviceName }).ToList(),
                Files = b.Type != 'D' ? b.Files : new[] { new BackupFile(database, folder + "\\" + database + ".mdf", 'D'), new BackupFile(path + "'log", "/log/" + path + ".ldf", 'L') },
            }).ToList(),
        }).ToList();
}
