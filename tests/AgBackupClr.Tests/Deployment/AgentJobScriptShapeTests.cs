using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// sql/jobs/create-backup-jobs.sql, read with SQL Server's parser: Agent keeps only the start of a step's output in its
    /// history, and the error that fails the step comes last, so each step writes its whole output to a file
    /// (sp_add_jobstep @output_file_name: docs/relational-databases/system-stored-procedures/sp-add-jobstep-transact-sql.md).
    /// AgentJobScriptTests runs a failing job and reads the file.
    /// </summary>
    public class AgentJobScriptShapeTests
    {
        private static readonly string Script = File.ReadAllText(Repository.PathOf("sql", "jobs", "create-backup-jobs.sql"));

        private static string Text(TSqlFragment fragment) =>
            string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
                .Select(i => fragment.ScriptTokenStream[i].Text));

        [Test]
        public void Each_job_step_writes_its_output_to_a_file_named_after_its_backup_type()
        {
            IReadOnlyList<TSqlFragment> nodes = TSqlParsing.Descendants(TSqlParsing.ParseValid(Script, "create-backup-jobs.sql"));
            ExecutableProcedureReference addStep = nodes.OfType<ExecutableProcedureReference>()
                .Single(call => call.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value == "sp_add_jobstep");
            Dictionary<string, string> arguments = addStep.Parameters.ToDictionary(p => p.Variable.Name, p => Text(p.ParameterValue));

            Assert.That(arguments, Does.ContainKey("@output_file_name"));
            Assert.That(arguments["@output_file_name"], Is.EqualTo("@outputFile"));
            Assert.That(arguments.ContainsKey("@flags"), Is.False, "the default, 0, replaces the file at each run, so it never grows");
            Assert.That(Script, Does.Contain("SET @outputFile = @OutputDirectory + @separator + N'AgBackupClr_' + @type + N'.txt';"));
        }

        [Test]
        public void The_output_folder_is_the_error_logs_unless_the_dba_names_one()
        {
            Assert.That(Script, Does.Contain("DECLARE @OutputDirectory nvarchar(4000) = NULL;"));
            Assert.That(Script, Does.Contain("DECLARE @errorLog nvarchar(4000) = CONVERT(nvarchar(4000), SERVERPROPERTY(N'ErrorLogFileName'));"));
            Assert.That(Script, Does.Contain("IF @OutputDirectory IS NULL\n    SET @OutputDirectory = LEFT(@errorLog, LEN(@errorLog) - PATINDEX(N'%[\\/]%', REVERSE(@errorLog)));")
                .Or.Contain("IF @OutputDirectory IS NULL\r\n    SET @OutputDirectory = LEFT(@errorLog, LEN(@errorLog) - PATINDEX(N'%[\\/]%', REVERSE(@errorLog)));"));
            Assert.That(Script, Does.Contain("LEN(@OutputDirectory) + LEN(N'/AgBackupClr_FULL.txt') > 200"), "@output_file_name is nvarchar(200)");
        }
    }
}
