using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgBackupClr.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Mono.Cecil;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// Every CLR object deploy.sql creates points (EXTERNAL NAME) at a method of the built assembly with the matching
    /// SqlProcedure / SqlFunction attribute and a signature SQL Server accepts: otherwise CREATE PROCEDURE or
    /// CREATE FUNCTION fails on the replica, or the wrong parameter receives a value.
    /// </summary>
    public class EntryPointTests
    {
        /// <summary>docs/relational-databases/clr-integration-database-objects-types-net-framework/mapping-clr-parameter-data.md</summary>
        private static readonly Dictionary<string, string[]> ClrTypesOf = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["nvarchar"] = new[] { "System.Data.SqlTypes.SqlString", "System.Data.SqlTypes.SqlChars", "System.String" },
            ["nchar"] = new[] { "System.Data.SqlTypes.SqlString", "System.Data.SqlTypes.SqlChars", "System.String" },
            ["sysname"] = new[] { "System.Data.SqlTypes.SqlString", "System.String" },
            ["bit"] = new[] { "System.Data.SqlTypes.SqlBoolean", "System.Boolean" },
            ["int"] = new[] { "System.Data.SqlTypes.SqlInt32", "System.Int32" },
            ["uniqueidentifier"] = new[] { "System.Data.SqlTypes.SqlGuid", "System.Guid" },
            ["datetime"] = new[] { "System.Data.SqlTypes.SqlDateTime", "System.DateTime" },
            ["numeric"] = new[] { "System.Data.SqlTypes.SqlDecimal", "System.Decimal" },
        };

        private static TSqlScript Deploy => TSqlParsing.ParseValid(File.ReadAllText(Repository.DeployScriptPath), "deploy.sql");

        [Test]
        public void Deploy_creates_exactly_the_clr_objects_of_the_specification_and_the_status_function()
        {
            var names = TSqlParsing.Statements(Deploy).Select(statement => statement switch
            {
                CreateProcedureStatement procedure when procedure.MethodSpecifier != null => Name(procedure.ProcedureReference.Name),
                CreateFunctionStatement function when function.MethodSpecifier != null => Name(function.Name),
                _ => null,
            }).Where(name => name != null);

            Assert.That(names, Is.EquivalentTo(new[] { "dbo.usp_BackupIfPreferred", "dbo.fn_ValidateBackupRequest", "dbo.fn_BackupStatus" }));
        }

        [Test]
        public void Each_clr_procedure_points_at_a_sql_procedure_with_matching_parameters()
        {
            using ModuleDefinition module = Repository.ReadClrModule();
            foreach (CreateProcedureStatement procedure in TSqlParsing.Statements(Deploy).OfType<CreateProcedureStatement>().Where(p => p.MethodSpecifier != null))
            {
                MethodDefinition method = Target(module, procedure.MethodSpecifier);

                Assert.That(AttributeName(method, "Microsoft.SqlServer.Server.SqlProcedureAttribute"), Is.EqualTo(procedure.ProcedureReference.Name.BaseIdentifier.Value));
                AssertParametersMatch(procedure.Parameters, method);
            }
        }

        [Test]
        public void Each_clr_function_points_at_a_sql_function_whose_table_and_fill_row_match_the_ddl()
        {
            using ModuleDefinition module = Repository.ReadClrModule();
            CreateFunctionStatement[] functions = TSqlParsing.Statements(Deploy).OfType<CreateFunctionStatement>().Where(f => f.MethodSpecifier != null).ToArray();
            Assert.That(functions, Has.Length.EqualTo(2));
            foreach (CreateFunctionStatement function in functions)
            {
                MethodDefinition method = Target(module, function.MethodSpecifier);
                CustomAttribute attribute = method.CustomAttributes.Single(a => a.AttributeType.FullName == "Microsoft.SqlServer.Server.SqlFunctionAttribute");
                IList<ColumnDefinition> columns = ((TableValuedFunctionReturnType)function.ReturnType).DeclareTableVariableBody.Definition.ColumnDefinitions;

                Assert.That(AttributeName(method, attribute.AttributeType.FullName), Is.EqualTo(function.Name.BaseIdentifier.Value));
                AssertParametersMatch(function.Parameters, method);
                Assert.That(Normalize(Property(attribute, "TableDefinition")), Is.EqualTo(Normalize(string.Join(", ", columns.Select(Text)))));
                Assert.That(Property(attribute, "DataAccess"), Is.EqualTo("1"), "DataAccessKind.Read: the init method reads state through the context connection.");
                Assert.That(Property(attribute, "SystemDataAccess"), Is.EqualTo("1"), "SystemDataAccessKind.Read: it reads system views.");

                MethodDefinition fillRow = method.DeclaringType.Methods.Single(m => m.Name == Property(attribute, "FillRowMethodName"));
                Assert.That(fillRow.Parameters.Count, Is.EqualTo(columns.Count + 1), "FillRow takes the row object and one out parameter per column.");
                for (int i = 0; i < columns.Count; i++)
                {
                    string sqlType = ((SqlDataTypeReference)columns[i].DataType).Name.BaseIdentifier.Value;
                    string clrType = ((ByReferenceType)fillRow.Parameters[i + 1].ParameterType).ElementType.FullName;
                    Assert.That(ClrTypesOf[sqlType], Does.Contain(clrType), columns[i].ColumnIdentifier.Value);
                }
            }
        }

        [Test]
        public void The_procedure_sends_exactly_the_result_columns_of_the_specification_in_order()
        {
            using ModuleDefinition module = Repository.ReadClrModule();
            MethodDefinition send = module.Types.Single(t => t.FullName == "AgBackupClr.Clr.ResultPipe").Methods.Single(m => m.Name == "Send");

            IEnumerable<string> names = send.Body.Instructions
                .Where(instruction => instruction.OpCode == Mono.Cecil.Cil.OpCodes.Ldstr)
                .Select(instruction => (string)instruction.Operand);

            Assert.That(names, Is.EqualTo(AgBackupClr.Tests.Engine.EngineSqlTests.ResultColumns));
        }

        private static void AssertParametersMatch(IList<ProcedureParameter> parameters, MethodDefinition method)
        {
            Assert.That(method.Parameters.Count, Is.EqualTo(parameters.Count), method.FullName);
            for (int i = 0; i < parameters.Count; i++)
            {
                string sqlType = parameters[i].DataType.Name.BaseIdentifier.Value;
                Assert.That(ClrTypesOf.ContainsKey(sqlType), Is.True, "no CLR mapping for " + sqlType + " (char and varchar have none)");
                Assert.That(ClrTypesOf[sqlType], Does.Contain(method.Parameters[i].ParameterType.FullName), parameters[i].VariableName.Value);
                Assert.That(
                    method.Parameters[i].Name,
                    Is.EqualTo(parameters[i].VariableName.Value.Substring(1)).IgnoreCase,
                    "parameter " + (i + 1) + " of " + method.Name + " is in the same place in T-SQL and C#");
            }
        }

        private static MethodDefinition Target(ModuleDefinition module, MethodSpecifier specifier)
        {
            Assert.That(specifier.AssemblyName.Value, Is.EqualTo("AgBackupClr"));
            TypeDefinition? type = module.Types.SingleOrDefault(t => t.FullName == specifier.ClassName.Value);
            Assert.That(type, Is.Not.Null, "no type " + specifier.ClassName.Value + " in the assembly");
            MethodDefinition? method = type!.Methods.SingleOrDefault(m => m.Name == specifier.MethodName.Value && m.IsPublic && m.IsStatic);
            Assert.That(method, Is.Not.Null, "no public static method " + specifier.MethodName.Value + " in " + type.FullName);
            return method!;
        }

        private static string AttributeName(MethodDefinition method, string attributeType) =>
            Property(method.CustomAttributes.Single(a => a.AttributeType.FullName == attributeType), "Name");

        private static string Property(CustomAttribute attribute, string name) =>
            Convert.ToString(attribute.Properties.Single(p => p.Name == name).Argument.Value, System.Globalization.CultureInfo.InvariantCulture)!;

        private static string Name(SchemaObjectName name) => name.SchemaIdentifier.Value + "." + name.BaseIdentifier.Value;

        private static string Text(TSqlFragment fragment) =>
            string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
                .Select(i => fragment.ScriptTokenStream[i].Text));

        private static string Normalize(string columns) => string.Join(" ", columns.ToLowerInvariant().Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries));
    }
}
