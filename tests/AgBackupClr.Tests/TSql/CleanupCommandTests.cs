using System;
using System.Linq;
using AgBackupClr.Tests.Support;
using AgBackupClr.TSql;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>The xp_delete_file call: for any folder, one DECLARE, one EXECUTE with exactly its five arguments, and one IF ... THROW.</summary>
    public class CleanupCommandTests
    {
        private static readonly DateTime Cutoff = new DateTime(2026, 3, 29, 1, 30, 5, 999);

        [Test]
        public void The_command_deletes_backups_of_one_extension_older_than_the_cutoff_in_one_folder_and_fails_on_a_bad_return_code()
        {
            string text = CleanupCommand.DeleteOldBackups(@"\\share\sql\AG1\Sales\LOG", "trn", Cutoff);

            Assert.That(text, Is.EqualTo("DECLARE @ReturnCode int;\nEXECUTE @ReturnCode = master.dbo.xp_delete_file 0, N'\\\\share\\sql\\AG1\\Sales\\LOG', N'trn', N'2026-03-29T01:30:05', 0;\n"
                + "IF @ReturnCode <> 0 OR @ReturnCode IS NULL THROW 50000, N'xp_delete_file could not delete every old backup file in the folder; the files it did not delete are still there.', 1;"));
        }

        [Test]
        public void Any_folder_stays_inside_its_literal()
        {
            Property.ForAll(
                HostileText.Path,
                10_000,
                folder =>
                {
                    TSqlScript script = TSqlParsing.ParseValid(CleanupCommand.DeleteOldBackups(folder, "bak", Cutoff), "xp_delete_file");

                    TSqlStatement[] statements = TSqlParsing.Statements(script).ToArray();
                    Assert.That(statements.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(DeclareVariableStatement), typeof(ExecuteStatement), typeof(IfStatement) }));
                    var procedure = (ExecutableProcedureReference)((ExecuteStatement)statements[1]).ExecuteSpecification.ExecutableEntity;
                    Assert.That(procedure.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value, Is.EqualTo("xp_delete_file"));
                    Assert.That(
                        procedure.Parameters.Select(p => ((Literal)p.ParameterValue).Value),
                        Is.EqualTo(new[] { "0", folder, "bak", "2026-03-29T01:30:05", "0" }));
                    Assert.That(((IfStatement)statements[2]).ThenStatement, Is.InstanceOf<ThrowStatement>());
                });
        }
    }
}
