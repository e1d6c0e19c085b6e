using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgBackupClr.Tests.Engine;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup restore --test without a server: what it refuses, what it checks before restoring, the statements it runs and
/// in what order, how each failure ends (exit code, report, the copy dropped), over RestoreCommandTests' history (FULL and
/// LOGs on SQL1, DIFF and LOGs on SQL2) restored into an instance "SQL3" that holds it all.
/// </summary>
public sealed class RestoreTestTests
{
    [Test]
    public void A_test_checks_every_file_restores_under_a_new_name_to_the_instance_s_folders_checks_reports_and_drops()
    {
        var instance = new Instance();

        (int exitCode, string output, string error) = Test(instance, "--check");

        Assert.That(exitCode, Is.EqualTo(0), error);
        string name = Regex.Match(output, "as (Sales_restoretest_[0-9]{8}T[0-9]{6}Z) on SQL3").Groups[1].Value;
        Assert.That(name, Is.Not.Empty, output);
        Assert.That(instance.Ran.Select(Kind), Is.EqualTo(new[]
        {
            "HEADERONLY", "HEADERONLY", "HEADERONLY", "HEADERONLY", "FILELISTONLY", "RESTORE DATABASE", "RESTORE DATABASE", "RESTORE LOG", "RESTORE LOG",
            "RESTORE DATABASE", "DBCC CHECKDB", "DROP DATABASE",
        }));
        Assert.That(instance.Ran[5], Does.Contain(
            "MOVE N'Sales' TO N'/var/opt/mssql/data/" + name + ".mdf', MOVE N'Sales_log' TO N'/var/opt/mssql/log/" + name + "_log.ldf'"));
        Assert.That(instance.Ran.Where(s => s.StartsWith("RESTORE DATABASE", StringComparison.Ordinal) || s.StartsWith("RESTORE LOG", StringComparison.Ordinal)),
            Has.All.Contain("[" + name + "]"));
        Assert.That(instance.Ran, Has.None.Contain("REPLACE"));
        Assert.That(output, Does.Contain("RESTORED TO   2026-11-01 00:30:00Z from 4 backups in ").And.Contain("CHECKDB       PASSED in ")
            .And.Contain("DROPPED       yes").And.EndWith("RESULT        OK\n"));
        Assert.That(error, Does.Contain("100 percent processed."), "RESTORE's STATS messages show the progress");
        foreach (string statement in instance.Ran)
        {
            Assert.That(TSqlParsing.Statements(TSqlParsing.ParseValid(statement, "restore test")).Count(), Is.EqualTo(1), statement);
        }
    }

    [Test]
    public void Keep_leaves_the_restored_database_and_json_is_one_object_with_the_documented_names()
    {
        var instance = new Instance();

        (int exitCode, string output, _) = Test(instance, "--keep", "--as", "Sales_copy", "--format", "json", "--stop-at", "2026-11-01T00:25:00Z");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(instance.Ran.Select(Kind), Has.None.EqualTo("DROP DATABASE").And.None.EqualTo("DBCC CHECKDB"));
        using JsonDocument document = JsonDocument.Parse(output);
        Assert.That(document.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "database_name", "restored_as", "server_name", "restored_to_utc", "backups", "restore_seconds", "checkdb", "checkdb_seconds", "dropped", "error",
        }));
        Assert.That(
            (document.RootElement.GetProperty("restored_as").GetString(), document.RootElement.GetProperty("restored_to_utc").GetString(),
                document.RootElement.GetProperty("checkdb").GetString(), document.RootElement.GetProperty("dropped").GetBoolean()),
            Is.EqualTo(("Sales_copy", "2026-11-01T00:25:00Z", "NOT_RUN", false)));
    }

    [Test]
    public void A_test_never_restores_over_a_database_of_that_name_whatever_its_case_even_forced()
    {
        var instance = new Instance { Databases = { new HistoryDatabase("SALES_COPY", null, false) } };

        (int exitCode, string output, string error) = Test(instance, "--as", "Sales_copy", "--force");

        Assert.That((exitCode, output, instance.Ran.Count), Is.EqualTo((2, string.Empty, 0)));
        Assert.That(error, Is.EqualTo("agbackup: SQL3 already has a database named \"Sales_copy\": a restore test never restores over one; give --as another name.\n"));
    }

    [Test]
    public void A_test_refuses_a_replica_of_the_group_unless_forced()
    {
        var replica = new Instance { ServerName = "sql2" };
        var holdsTheGroup = new Instance { Databases = { new HistoryDatabase("SalesRenamed", new Guid("5a1e5000-0000-0000-0000-000000000001"), false) } };

        Assert.That(Test(replica).ExitCode, Is.EqualTo(2));
        Assert.That(Test(holdsTheGroup).Error, Does.StartWith("agbackup: SQL3 is a replica of \"Sales\"'s availability group"));
        Assert.That(holdsTheGroup.Ran, Is.Empty);
        Assert.That(Test(new Instance { ServerName = "SQL2" }, "--force").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_file_that_holds_another_backup_exits_3_naming_it_before_anything_is_restored()
    {
        var instance = new Instance { Overwritten = "/backup/Sales_20.trn" };

        (int exitCode, string output, string error) = Test(instance);

        Assert.That((exitCode, output), Is.EqualTo((3, string.Empty)));
        Assert.That(error, Does.StartWith(
            "agbackup: the file(s) \"/backup/Sales_20.trn\" of the LOG SQL2 took (finished 2026-11-01 00:20:00Z) hold another backup set at position 1 (BackupSetGUID "));
        Assert.That(instance.Ran.Select(Kind), Has.All.EqualTo("HEADERONLY"));
    }

    [Test]
    public void A_deleted_file_exits_3_naming_it_and_the_server_s_error()
    {
        var instance = new Instance { Missing = "/backup/Sales_30.trn" };

        (int exitCode, _, string error) = Test(instance);

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(error, Is.EqualTo(
            "agbackup: the file(s) \"/backup/Sales_30.trn\" of the LOG SQL2 took (finished 2026-11-01 00:30:00Z) cannot be read from SQL3: "
            + "Cannot open backup device '/backup/Sales_30.trn'. Operating system error 2(The system cannot find the file specified.).\n"));
    }

    [Test]
    public void A_failed_restore_exits_4_reports_it_and_still_drops_what_it_left()
    {
        var instance = new Instance { FailOn = "RESTORE LOG" };

        (int exitCode, string output, _) = Test(instance, "--check");

        Assert.That(exitCode, Is.EqualTo(4));
        Assert.That(instance.Ran.Select(Kind).Where(k => k.StartsWith("RESTORE", StringComparison.Ordinal) || k.StartsWith("D", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "RESTORE DATABASE", "RESTORE DATABASE", "RESTORE LOG", "DROP DATABASE" }));
        Assert.That(output, Does.Contain("CHECKDB       NOT_RUN\n").And.EndWith("RESULT        FAILED: RESTORE LOG failed.\n"));
    }

    [Test]
    public void A_failed_checkdb_exits_4()
    {
        var instance = new Instance { FailOn = "DBCC CHECKDB" };

        (int exitCode, string output, _) = Test(instance, "--check");

        Assert.That(exitCode, Is.EqualTo(4));
        Assert.That(output, Does.Contain("CHECKDB       FAILED in ").And.Contain("DROPPED       yes"));
    }

    [Test]
    public void An_instance_that_cannot_be_read_exits_1()
    {
        (int exitCode, _, string error) = Test(new Instance { Unreachable = true });

        Assert.That((exitCode, error), Is.EqualTo((1, "agbackup: cannot read --to: Login failed.\n")));
    }

    [TestCase(new[] { "--test" }, "--test restores into the instance of --to \"CONNECTION STRING\": give both or neither.")]
    [TestCase(new[] { "--check" }, "--check, --keep and --force are about a restore test: give --test --to \"CONNECTION STRING\" too.")]
    [TestCase(new[] { "--test", "--to", "SQL3", "--replace" }, "a restore test never restores over a database (no --replace) and reports as table or json, not sql.")]
    [TestCase(new[] { "--test", "--to", "SQL3", "--format", "sql" }, "a restore test never restores over a database (no --replace) and reports as table or json, not sql.")]
    public void A_wrong_test_command_line_exits_2(string[] options, string expected)
    {
        (int exitCode, string output, string error) = HistoryFileTests.RunOn(
            HistoryFile.Write(RestoreCommandTests.History()), new Instance(), new[] { "restore", "--database", "Sales" }.Concat(options).ToArray());

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith(expected + "\n"));
    }

    [TestCase(5)]
    [TestCase(99)]
    [TestCase(128)]
    public void The_default_name_is_the_database_s_cut_to_a_sysname_then_the_utc_time(int length)
    {
        string database = new string('d', length - 2) + "\uD83D\uDE00";

        string name = RestoreTest.DefaultName(database, new DateTime(2026, 11, 1, 0, 30, 5, DateTimeKind.Utc));

        Assert.That(name, Does.EndWith("_restoretest_20261101T003005Z"));
        Assert.That(name.Length, Is.LessThanOrEqualTo(128));
        Assert.That(database, Does.StartWith(name.Substring(0, name.Length - "_restoretest_20261101T003005Z".Length)));
        Assert.That(char.IsHighSurrogate(name[name.Length - "_restoretest_20261101T003005Z".Length - 1]), Is.False, "no half character");
    }

    [Test]
    public void The_instance_queries_parse_and_name_only_documented_columns()
    {
        foreach (FieldInfo field in typeof(LiveRestoreServer).GetFields(BindingFlags.NonPublic | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            TSqlScript script = TSqlParsing.ParseValid((string)field.GetRawConstantValue()!, field.Name);
            IEnumerable<string> columns = TSqlParsing.Descendants(script).OfType<ColumnReferenceExpression>()
                .Select(c => c.MultiPartIdentifier.Identifiers.Last().Value);
            Assert.That(columns.Where(c => !DocumentedColumns.Has("sys.databases", c)), Is.Empty, field.Name);
        }
    }

    private static string Kind(string statement) =>
        new[] { "HEADERONLY", "FILELISTONLY", "RESTORE DATABASE", "RESTORE LOG", "DBCC CHECKDB", "DROP DATABASE" }
            .First(kind => statement.StartsWith(kind, StringComparison.Ordinal) || statement.StartsWith("RESTORE " + kind, StringComparison.Ordinal));

    private static (int ExitCode, string Output, string Error) Test(Instance instance, params string[] options) =>
        HistoryFileTests.RunOn(
            HistoryFile.Write(RestoreCommandTests.History()), instance, new[] { "restore", "--database", "Sales", "--test", "--to", "SQL3" }.Concat(options).ToArray());

    /// <summary>
    /// An instance that holds every backup file of the history as msdb names it, unless told one is missing or overwritten;
    /// records each statement it is given and fails the ones that start as told.
    /// </summary>
    private sealed class Instance : IRestoreServer
    {
        public string ServerName { get; init; } = "SQL3";

        public List<HistoryDatabase> Databases { get; } = new() { new HistoryDatabase("master", null, true) };

        public string? Missing { get; init; }

        public string? Overwritten { get; init; }

        public string? FailOn { get; init; }

        public bool Unreachable { get; init; }

        public List<string> Ran { get; } = new();

        public RestoreInstance Read(string connectionString) =>
            Unreachable ? throw new FakeDbException("Login failed.") : new RestoreInstance(ServerName, Databases, "/var/opt/mssql/data/", "/var/opt/mssql/log");

        public IReadOnlyList<BackupHeader> HeaderOnly(string connectionString, string statement)
        {
            Ran.Add(statement);
            HistoryBackup backup = RestoreCommandTests.History().SelectMany(r => r.Backups)
                .Single(b => b.Families.All(f => statement.Contains("N'" + f.PhysicalDeviceName + "'", StringComparison.Ordinal)));
            if (Missing != null && statement.Contains(Missing, StringComparison.Ordinal))
            {
                throw new FakeDbException("Cannot open backup device '" + Missing + "'. Operating system error 2(The system cannot find the file specified.).");
            }

            Guid id = Overwritten != null && statement.Contains(Overwritten, StringComparison.Ordinal) ? Guid.Empty : backup.BackupSetUuid;
            return new[] { new BackupHeader(1, backup.DatabaseName, backup.FirstLsn, backup.LastLsn, id) };
        }

        public IReadOnlyList<BackupFile> FileListOnly(string connectionString, string statement)
        {
            Ran.Add(statement);
            return new[] { new BackupFile("Sales", "D:\\Data\\Sales.mdf", 'D'), new BackupFile("Sales_log", "D:\\Log\\Sales_log.ldf", 'L') };
        }

        public void Execute(string connectionString, string statement, Action<string> message)
        {
            Ran.Add(statement);
            if (FailOn != null && statement.StartsWith(FailOn, StringComparison.Ordinal))
            {
                throw new FakeDbException(FailOn + " failed.");
            }

            message("100 percent processed.");
        }
    }

    private sealed class FakeDbException : DbException
    {
        public FakeDbException(string message)
            : base(message)
        {
        }
    }
}
