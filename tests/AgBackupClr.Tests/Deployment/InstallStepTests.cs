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

        /// <summary>
        /// An upgrade drops objects that a running job step holds; without a lock time-out the install waits as long as a FULL
        /// runs, and every new call of the procedure queues behind it. Step 3 waits 30 seconds, then rolls back and says why;
        /// step 10 gives the session back the default. UpgradeLockTimeoutTests runs it against a job step blocked mid-run.
        /// </summary>
        [Test]
        public void The_install_waits_for_a_lock_at_most_30_seconds_and_then_changes_nothing_and_says_why()
        {
            TSqlBatch install = Step("03-assembly.sql").Batches.Single(batch => batch.Statements.OfType<BeginTransactionStatement>().Any());
            List<TSqlStatement> statements = install.Statements.ToList();
            int timeout = statements.FindIndex(statement => Text(statement).TrimEnd(';') == "SET LOCK_TIMEOUT 30000");
            int begin = statements.FindIndex(statement => statement is BeginTransactionStatement);
            TryCatchStatement? guarded = statements.OfType<TryCatchStatement>().SingleOrDefault();

            Assert.That(timeout, Is.GreaterThanOrEqualTo(0).And.LessThan(begin), "SET LOCK_TIMEOUT 30000 before BEGIN TRANSACTION");
            Assert.That(guarded, Is.Not.Null, "the install transaction's statements are in a TRY ... CATCH");
            IReadOnlyList<TSqlFragment> tried = TSqlParsing.Descendants(guarded!.TryStatements);
            IReadOnlyList<TSqlFragment> everything = TSqlParsing.Descendants(install);
            string caught = Text(guarded.CatchStatements);
            Assert.That(statements.IndexOf(guarded), Is.EqualTo(begin + 1), "everything after BEGIN TRANSACTION is in the TRY");
            Assert.That(
                everything.Where(node => node is DropObjectsStatement || node is DropAssemblyStatement || node is CreateAssemblyStatement).Except(tried),
                Is.Empty,
                "every DROP and the CREATE ASSEMBLY wait for their locks inside the TRY");
            Assert.That(caught, Does.Contain("ROLLBACK TRANSACTION").And.Contain("ERROR_NUMBER() <> 1222").And.Contain("THROW")
                .And.Contain("waited 30 seconds for a lock").And.Contain("Nothing was changed").And.Contain("SET NOEXEC ON"));
            Assert.That(Text(Step("10-end.sql")), Does.Contain("SET LOCK_TIMEOUT -1;"));
        }

        /// <summary>
        /// Step 9 drops no hash while some database cannot be read; a secondary's copy of an availability database that
        /// accepts no connection from this session (NO, or READ_ONLY for read-intent connections only) cannot, but it holds no
        /// assembly of its own, so it must not keep unused hashes trusted on every such replica. DeployOnSecondaryTests runs it.
        /// </summary>
        [Test]
        public void Dropping_unused_trust_leaves_out_secondary_copies_this_session_cannot_read()
        {
            TSqlScript step = Step("09-drop-unused-trust.sql");
            IReadOnlyList<TSqlFragment> nodes = TSqlParsing.Descendants(step);
            WhileStatement loop = nodes.OfType<WhileStatement>().First();
            List<TSqlStatement> body = ((BeginEndBlockStatement)loop.Statement).StatementList.Statements.Cast<TSqlStatement>().ToList();
            int flag = body.FindIndex(statement => Text(statement).StartsWith("SET @unreadableSecondary = ", StringComparison.Ordinal));
            IfStatement? read = body.OfType<IfStatement>().FirstOrDefault(statement => Text(statement.ThenStatement).Contains("sys.assembly_files", StringComparison.Ordinal));

            Assert.That(flag, Is.GreaterThanOrEqualTo(0), "the loop over the databases says which are secondary copies it cannot read");
            Assert.That(Text(body[flag]), Does.Contain("sys.dm_hadr_database_replica_states").And.Contain("drs.is_local = 1")
                .And.Contain("drs.is_primary_replica = 0").And.Contain("ar.secondary_role_allow_connections <> 2"));
            Assert.That(read, Is.Not.Null);
            Assert.That(body.IndexOf(read!), Is.GreaterThan(flag));
            Assert.That(Text(read!.Predicate), Does.StartWith("@unreadableSecondary = 0 AND "), "such a copy is neither read nor counted as unreadable");
            Assert.That(Text(read.ElseStatement), Does.Contain("group_database_id IS NOT NULL"), "any other availability database that is not readable is left out too");
        }
    }
}
