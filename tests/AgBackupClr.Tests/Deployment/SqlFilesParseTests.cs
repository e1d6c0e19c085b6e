using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgBackupClr.Tests.Support;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>Every T-SQL file the project ships or runs parses with SQL Server's own parser.</summary>
    public class SqlFilesParseTests
    {
        public static IEnumerable<string> SqlFiles() =>
            Directory.EnumerateFiles(Repository.Root, "*.sql", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(path))
                .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'))
                .OrderBy(path => path, StringComparer.Ordinal);

        [Test]
        public void The_repository_has_the_sql_files_the_install_needs()
        {
            Assert.That(SqlFiles(), Is.SupersetOf(new[] { "deploy.sql", "sql/uninstall.sql", "sql/install/03-assembly.sql" }));
        }

        [TestCaseSource(nameof(SqlFiles))]
        public void Each_sql_file_parses_without_errors(string relativePath)
        {
            string text = File.ReadAllText(Repository.PathOf(relativePath));

            TSqlParsing.ParseValid(SqlCmdScript.ToTSql(text), relativePath);
        }

        [Test]
        public void Sqlcmd_commands_and_variables_are_read_as_the_tsql_around_them()
        {
            string script = ":setvar Database DBA\n:on error exit\nUSE [$(Database)];\nGO\nSELECT 1;\n";

            string tsql = SqlCmdScript.ToTSql(script);

            Assert.That(tsql, Is.EqualTo("-- sqlcmd: :setvar Database DBA\n-- sqlcmd: :on error exit\nUSE [Database];\nGO\nSELECT 1;\n"));
            TSqlParsing.ParseValid(tsql, "sqlcmd sample");
        }

        [Test]
        public void A_file_with_a_syntax_error_is_reported_with_its_line()
        {
            TSqlParsing.Parse("SELECT 1;\nSELEC 2 FROM;\n", out var errors);

            Assert.That(errors.Select(e => e.Line), Does.Contain(2));
        }

        private static bool IsBuildOutput(string path)
        {
            string relative = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
            return relative.StartsWith(".git/", StringComparison.Ordinal)
                || relative.Contains("/bin/", StringComparison.Ordinal)
                || relative.Contains("/obj/", StringComparison.Ordinal);
        }
    }
}
