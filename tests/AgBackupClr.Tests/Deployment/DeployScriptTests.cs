using System.Collections.Generic;
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

        [Test]
        public void The_committed_deploy_script_is_what_the_build_produces_from_the_sources()
        {
            List<ScriptPart> parts = Directory.GetFiles(Repository.PathOf("sql", "install"), "*.sql")
                .OrderBy(path => path, System.StringComparer.Ordinal)
                .Select(path => new ScriptPart("sql/install/" + Path.GetFileName(path), File.ReadAllText(path)))
                .ToList();

            string expected = DeployScript.Generate(parts, Assembly);

            Assert.That(Script == expected, Is.True, "deploy.sql is stale: run `dotnet build` and commit deploy.sql.");
        }

        [Test]
        public void The_assembly_literal_is_exactly_the_built_dll()
        {
            Assert.That(VariableLiteral("@assembly"), Is.EqualTo(DeployScript.Hex(Assembly)));
        }

        [Test]
        public void The_trusted_hash_is_the_sha2_512_of_the_built_dll()
        {
            Assert.That(VariableLiteral("@hash"), Is.EqualTo(DeployScript.Hex(SHA512.HashData(Assembly))));
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
            var parts = new[] { new ScriptPart("a.sql", "DECLARE @b varbinary(max) = 0x/*AssemblyBits*/;\r\nDECLARE @h varbinary(64) = 0x/*AssemblyHash*/;\r\n") };
            byte[] bits = { 0x4D, 0x5A, 0x00, 0xFF };

            string first = DeployScript.Generate(parts, bits);

            Assert.That(DeployScript.Generate(parts, bits), Is.EqualTo(first));
            Assert.That(first, Does.Contain("DECLARE @b varbinary(max) = 0x4D5A00FF;\nDECLARE @h varbinary(64) = 0x"));
            Assert.That(first, Does.Not.Contain("\r"));
        }

        [Test]
        public void Sources_without_both_placeholders_are_rejected()
        {
            var parts = new[] { new ScriptPart("a.sql", "SELECT 1;") };

            var error = Assert.Throws<System.InvalidOperationException>(() => DeployScript.Generate(parts, new byte[] { 1 }));

            Assert.That(error!.Message, Is.EqualTo("The install sources must hold 0x/*AssemblyBits*/ and 0x/*AssemblyHash*/ exactly once each; found 0 and 0."));
        }

        private static IEnumerable<TSqlStatement> Statements() => TSqlParsing.Statements(TSqlParsing.ParseValid(Script, "deploy.sql"));

        private static string VariableLiteral(string name)
        {
            DeclareVariableElement element = Statements().OfType<DeclareVariableStatement>()
                .SelectMany(statement => statement.Declarations)
                .Single(declaration => declaration.VariableName.Value == name);
            return ((BinaryLiteral)element.Value).Value.ToUpperInvariant().Replace("0X", "0x");
        }
    }
}
