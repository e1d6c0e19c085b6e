using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// What the install steps decide before and around the install transaction, read with SQL Server's parser: no SQL Server
    /// runs here, so each test pins the shape that makes the behaviour, and the integration test named in its summary runs it.
    /// </summary>
    public class InstallStepTests
    {
        private static TSqlScript Step(string file) =>
            TSqlParsing.ParseValid(File.ReadAllText(Repository.PathOf("sql", "install", file)), file);

        private static string Text(TSqlFragment fragment) =>
            string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
                .Select(i => fragment.ScriptTokenStream[i].Text));

        /// <summary>The branches of the first IF ... ELSE IF chain of a batch: each condition and what it does.</summary>
        private static IReadOnlyList<(string Condition, string Then)> Chain(TSqlBatch batch)
        {
            var branches = new List<(string, string)>();
            IfStatement? branch = batch.Statements.OfType<IfStatement>().First();
            while (branch != null)
            {
                branches.Add((Text(branch.Predicate), Text(branch.ThenStatement)));
                branch = branch.ElseStatement as IfStatement;
            }

            return branches;
        }

        /// <summary>
        /// Azure SQL Managed Instance (EngineEdition 8) reports a ProductMajorVersion of 12, which the version check would
        /// refuse as "needs SQL Server 2016": the preflight names the instance and what it lacks instead
        /// (azure-sql/managed-instance/transact-sql-tsql-differences-sql-server.md). No integration test can run it.
        /// </summary>
        [Test]
        public void The_preflight_refuses_managed_instance_for_what_it_lacks_before_it_judges_the_version()
        {
            TSqlBatch checks = Step("01-preflight.sql").Batches[1];
            IReadOnlyList<(string Condition, string Then)> chain = Chain(checks);
            int managedInstance = chain.ToList().FindIndex(branch => branch.Condition == "@engineEdition = 8");
            int version = chain.ToList().FindIndex(branch => branch.Condition == "@version < 13");

            Assert.That(Text(checks), Does.Contain("DECLARE @engineEdition int = CAST(SERVERPROPERTY(N'EngineEdition') AS int);"));
            Assert.That(managedInstance, Is.GreaterThanOrEqualTo(0), string.Join(" | ", chain.Select(branch => branch.Condition)));
            Assert.That(managedInstance, Is.LessThan(version), "Managed Instance is named before its version 12 is judged");
            Assert.That(chain[managedInstance].Then, Does.Contain("does not support Azure SQL Managed Instance")
                .And.Contain("not controlled by users").And.Contain("COPY_ONLY").And.Not.Contain("2016"));
        }
    }
}
