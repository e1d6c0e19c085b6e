using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AgBackupClr.Engine;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// The T-SQL a DBA copies from README.md and docs/*.md parses, names only real parameters, and passes the procedure's
    /// checks; docs/usp_BackupIfPreferred.md has a row for every parameter.
    /// </summary>
    public class ReadmeExamplesTests
    {
        private static readonly string[] Blocks = Repository.DocumentationPaths()
            .SelectMany(path => Regex.Matches(File.ReadAllText(path), "```sql\n(.*?)```", RegexOptions.Singleline))
            .Select(match => match.Groups[1].Value)
            .ToArray();

        [Test]
        public void Every_sql_example_in_the_readme_and_docs_parses()
        {
            Assert.That(Blocks, Has.Length.GreaterThanOrEqualTo(9));
            foreach (string block in Blocks)
            {
                TSqlParsing.ParseValid(block, "documented example");
            }
        }

        [Test]
        public void Every_procedure_call_in_the_docs_names_real_parameters_with_accepted_values()
        {
            HashSet<string> parameters = ProcedureParameters();
            List<ExecutableProcedureReference> calls = Calls("usp_BackupIfPreferred").ToList();

            Assert.That(calls, Has.Count.GreaterThanOrEqualTo(3));
            foreach (ExecutableProcedureReference call in calls)
            {
                Dictionary<string, Literal> values = call.Parameters.ToDictionary(
                    parameter => parameter.Variable.Name, parameter => (Literal)parameter.ParameterValue, StringComparer.OrdinalIgnoreCase);
                Assert.That(values.Keys, Is.SubsetOf(parameters));

                ParsedArguments parsed = BackupArgumentParser.Parse(Arguments(values));
                Assert.That(parsed.Error, Is.Null);
            }
        }

        [Test]
        public void Every_parameter_of_the_procedure_has_its_row_in_the_procedure_doc_table()
        {
            string reference = File.ReadAllText(Repository.ProcedureDocPath);

            IEnumerable<string> undocumented = ProcedureParameters().Where(parameter => !reference.Contains("\n| `" + parameter + "` |", StringComparison.Ordinal));

            Assert.That(undocumented, Is.Empty, "a parameter deploy.sql creates without its row (type, default, meaning) in docs/usp_BackupIfPreferred.md's parameter table");
        }

        [Test]
        public void Every_validation_call_in_the_docs_asks_for_a_known_backup_type()
        {
            List<FunctionCall> calls = Blocks
                .SelectMany(block => TSqlParsing.Descendants(TSqlParsing.ParseValid(block, "documented example")))
                .OfType<SchemaObjectFunctionTableReference>()
                .Where(reference => reference.SchemaObject.BaseIdentifier.Value == "fn_ValidateBackupRequest")
                .Select(reference => new FunctionCall(reference.Parameters))
                .ToList();

            Assert.That(calls, Has.Count.GreaterThanOrEqualTo(2));
            foreach (FunctionCall call in calls)
            {
                Assert.That(call.Arguments, Has.Count.EqualTo(3));
                Assert.That(BackupArgumentParser.ParseBackupType(((StringLiteral)call.Arguments[1]).Value), Is.Not.Null);
            }
        }

        private static IEnumerable<ExecutableProcedureReference> Calls(string procedure) =>
            Blocks.SelectMany(block => TSqlParsing.Statements(TSqlParsing.ParseValid(block, "documented example")))
                .OfType<ExecuteStatement>()
                .Select(statement => statement.ExecuteSpecification.ExecutableEntity)
                .OfType<ExecutableProcedureReference>()
                .Where(reference => reference.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value == procedure);

        private static HashSet<string> ProcedureParameters() =>
            TSqlParsing.Statements(TSqlParsing.ParseValid(File.ReadAllText(Repository.DeployScriptPath), "deploy.sql"))
                .OfType<CreateProcedureStatement>()
                .Single(statement => statement.ProcedureReference.Name.BaseIdentifier.Value == "usp_BackupIfPreferred")
                .Parameters.Select(parameter => parameter.VariableName.Value)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The call's values by name: each parameter @Name is the RawBackupArguments constructor's parameter of that name
        /// (EntryPointTests keeps the T-SQL and C# parameters in step), an integer literal an int, any other literal a string;
        /// a parameter the call leaves out takes its default, as in the procedure.
        /// </summary>
        private static RawBackupArguments Arguments(Dictionary<string, Literal> values)
        {
            System.Reflection.ConstructorInfo constructor = typeof(RawBackupArguments).GetConstructors().Single();
            System.Reflection.ParameterInfo[] parameters = constructor.GetParameters();
            foreach (string name in values.Keys)
            {
                if (!parameters.Any(parameter => string.Equals("@" + parameter.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new AssertionException("RawBackupArguments has no constructor parameter for " + name);
                }
            }

            object?[] arguments = parameters
                .Select(parameter => values.FirstOrDefault(value => string.Equals(value.Key, "@" + parameter.Name, StringComparison.OrdinalIgnoreCase)).Value is Literal literal
                    ? literal is IntegerLiteral ? int.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture) : literal.Value
                    : parameter.HasDefaultValue ? parameter.DefaultValue : null)
                .ToArray();
            return (RawBackupArguments)constructor.Invoke(arguments);
        }

        private sealed record FunctionCall(IList<ScalarExpression> Arguments);
    }
}
