using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using AgBackupClr.Deploy;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>deploy.sql is what the sources and the built assembly produce, and installs exactly that assembly, SAFE and trusted by its hash.</summary>
    public class DeployScriptTests
    {
        private static readonly string Script = File.ReadAllText(Repository.DeployScriptPath);
        private static readonly byte[] Assembly = File.ReadAllBytes(Repository.ClrAssemblyPath);

        // The expectations below are computed here, not with the generator's own hex writer, so a bug in the writer
        // (a dropped byte, lower case, a missing prefix) cannot hide behind the same bug in the expectation.
        // Whether the committed deploy.sql is the build's output is checked by CI (`git diff --quiet -- deploy.sql`).
        [Test]
        public void The_assembly_literal_is_exactly_the_built_dll()
        {
            string literal = VariableLiteral("@assembly");

            Assert.That(literal, Has.Length.EqualTo(2 + (2 * Assembly.Length)));
            Assert.That(literal, Does.StartWith("0x4D5A"), "a PE file starts with MZ");
            Assert.That(literal, Is.EqualTo("0x" + string.Concat(Assembly.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))));
        }

        [Test]
        public void The_trusted_hash_is_the_sha2_512_of_the_built_dll()
        {
            using var sha = SHA512.Create();
            string expected = "0x" + string.Concat(sha.ComputeHash(Assembly).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

            Assert.That(VariableLiteral("@hash"), Is.EqualTo(expected));
        }

        [Test]
        public void The_trust_description_names_the_built_version_and_the_database()
        {
            string version = System.Reflection.AssemblyName.GetAssemblyName(Repository.ClrAssemblyPath).Version!.ToString(3);

            Assert.That(Script, Does.Contain("DECLARE @description nvarchar(4000) = N'AgBackupClr " + version + " deploy.sql in database ' + QUOTENAME(DB_NAME());"));
        }

        [Test]
        public void The_hash_is_trusted_before_the_install_transaction_and_unused_ones_are_dropped_after_it()
        {
            int trust = Script.IndexOf("EXEC sys.sp_add_trusted_assembly", System.StringComparison.Ordinal);
            int begin = Script.IndexOf("BEGIN TRANSACTION;", System.StringComparison.Ordinal);
            int commit = Script.IndexOf("COMMIT TRANSACTION;", System.StringComparison.Ordinal);
            int drop = Script.IndexOf("EXEC sys.sp_drop_trusted_assembly", System.StringComparison.Ordinal);

            Assert.That(new[] { trust, begin, commit, drop }, Is.All.GreaterThan(0));
            Assert.That(trust, Is.LessThan(begin), "a failed install must leave the previous version trusted");
            Assert.That(drop, Is.GreaterThan(commit), "hashes are dropped only once the new assembly is committed");
        }

        [Test]
        public void Install_and_uninstall_drop_unused_trust_with_one_file()
        {
            string step = File.ReadAllText(Repository.PathOf("sql", "install", "09-drop-unused-trust.sql")).Replace("\r\n", "\n");
            string uninstall = File.ReadAllText(Repository.PathOf("sql", "uninstall.sql"));

            Assert.That(Script, Does.Contain(step));
            Assert.That(uninstall, Does.Contain(step), "sql/uninstall.sql is generated with the install's own step");
            Assert.That(uninstall.IndexOf(step, System.StringComparison.Ordinal), Is.GreaterThan(uninstall.IndexOf("COMMIT TRANSACTION;", System.StringComparison.Ordinal)),
                "the uninstall drops trust only after its objects are gone");
        }

        [Test]
        public void The_assembly_is_created_safe_from_the_embedded_bits()
        {
            CreateAssemblyStatement create = Statements().OfType<CreateAssemblyStatement>().Single();

            Assert.That(create.Name.Value, Is.EqualTo("AgBackupClr"));
            Assert.That(create.Options.OfType<PermissionSetAssemblyOption>().Single().PermissionSetOption, Is.EqualTo(PermissionSetOption.Safe));
            Assert.That(create.Parameters.Single(), Is.InstanceOf<VariableReference>().With.Property("Name").EqualTo("@assembly"));
        }

        [Test]
        public void The_script_never_sets_trustworthy_and_names_no_machine_path()
        {
            IEnumerable<string> tokens = TSqlParsing.ParseValid(Script, "deploy.sql").ScriptTokenStream
                .Where(token => token.TokenType != TSqlTokenType.SingleLineComment && token.TokenType != TSqlTokenType.MultilineComment)
                .Select(token => (token.Text ?? string.Empty).ToUpperInvariant());

            Assert.That(tokens, Has.None.Contains("TRUSTWORTHY"));
            Assert.That(Script, Does.Not.Contain("/work/").And.Not.Contain(":\\"));
        }

        [Test]
        public void The_script_uses_no_sqlcmd_commands_so_any_client_can_run_it()
        {
            Assert.That(SqlCmdScript.ToTSql(Script), Is.EqualTo(Script));
        }

        [Test]
        public void Generating_twice_from_the_same_inputs_gives_the_same_text()
        {
            var parts = new[]
            {
                new ScriptPart("a.sql", "DECLARE @b varbinary(max) = 0x/*AssemblyBits*/;\r\nDECLARE @h varbinary(64) = 0x/*AssemblyHash*/;\r\n"),
                new ScriptPart("b.sql", "SELECT N'v/*AssemblyVersion*/';\r\n"),
            };
            byte[] bits = { 0x4D, 0x5A, 0x00, 0xFF };

            string first = DeployScript.Generate(parts, bits, "1.2.3");

            Assert.That(DeployScript.Generate(parts, bits, "1.2.3"), Is.EqualTo(first));
            Assert.That(first, Does.Contain("DECLARE @b varbinary(max) = 0x4D5A00FF;\nDECLARE @h varbinary(64) = 0x"));
            Assert.That(first, Does.Contain("N'v1.2.3'"));
            Assert.That(first, Does.Not.Contain("\r"));
        }

        [Test]
        public void Sources_without_both_placeholders_are_rejected()
        {
            var parts = new[] { new ScriptPart("a.sql", "SELECT 1;") };

            var error = Assert.Throws<System.InvalidOperationException>(() => DeployScript.Generate(parts, new byte[] { 1 }, "1.0.0"));

            Assert.That(error!.Message, Is.EqualTo(
                "The install sources must hold 0x/*AssemblyBits*/, 0x/*AssemblyHash*/ and /*AssemblyVersion*/ exactly once each; found 0, 0 and 0."));
        }

        /// <summary>Every statement of deploy.sql, those inside TRY and CATCH blocks included.</summary>
        private static IEnumerable<TSqlStatement> Statements() => TSqlParsing.Descendants(TSqlParsing.ParseValid(Script, "deploy.sql")).OfType<TSqlStatement>();

        private static string VariableLiteral(string name)
        {
            DeclareVariableElement element = Statements().OfType<DeclareVariableStatement>()
                .SelectMany(statement => statement.Declarations)
                .Single(declaration => declaration.VariableName.Value == name);
            return ((BinaryLiteral)element.Value).Value.ToUpperInvariant().Replace("0X", "0x");
        }
    }
}
