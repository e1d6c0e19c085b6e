using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgBackupClr.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mono.Cecil;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// SQL Server verifies a SAFE assembly with the .NET Framework verifier and refuses it (Msg 6218) on unverifiable IL
    /// (SPEC F10). These tests hold the deployed assembly to that, and prove on small compiled fixtures that the scanner
    /// finds each pattern and that the compiler's peverify-compat feature removes the ones modern C# emits.
    /// </summary>
    public class VerifiableIlTests
    {
        /// <summary>Readonly fields whose members are called: Roslyn takes their address unless peverify-compat is on.</summary>
        private const string InitOnlyFieldSource = """
            namespace Fixtures
            {
                public readonly struct Pair
                {
                    public Pair(int value) { Value = value; }
                    public int Value { get; }
                    public int Twice() => Value * 2;
                }

                public sealed class InitOnlyFields
                {
                    private static readonly Pair Shared = new Pair(1);
                    private readonly Pair pair;
                    private readonly int? count;

                    public InitOnlyFields(Pair pair, int? count) { this.pair = pair; this.count = count; }

                    public int CallsReadonlyStructMember() => pair.Twice();
                    public int ReadsReadonlyNullable() => count.HasValue ? count.Value : 0;
                    public static int CallsStaticReadonlyStructMember() => Shared.Twice();
                }
            }
            """;

        private const string UnsafeSource = """
            namespace Fixtures
            {
                public ref struct Window { public int Start; }

                public static unsafe class UnsafePatterns
                {
                    public static int Stackalloc() { int* buffer = stackalloc int[4]; buffer[0] = 1; return buffer[0]; }

                    public static int PointerLocal(int[] values)
                    {
                        int sum = 0;
                        fixed (int* start = values)
                        {
                            for (int* p = start; p < start + values.Length; p++) { sum += *p; }
                        }

                        return sum;
                    }

                    public static int CallsFunctionPointer(delegate*<int> function) => function();
                    public static ref int RefReturn(int[] values) => ref values[0];
                    public static int TakesRefStruct(Window window) => window.Start;
                }
            }
            """;

        [Test]
        public void The_deployed_assembly_has_nothing_the_verifier_rejects()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            IReadOnlyList<string> findings = UnverifiableIl.Find(module);

            Assert.That(findings, Is.Empty, "SQL Server would refuse CREATE ASSEMBLY (Msg 6218):" + Environment.NewLine
                + string.Join(Environment.NewLine, findings));
        }

        [TestCase("::CallsReadonlyStructMember(", "ldflda of initonly field outside its .ctor")]
        [TestCase("::ReadsReadonlyNullable(", "ldflda of initonly field outside its .ctor")]
        [TestCase("::CallsStaticReadonlyStructMember(", "ldsflda of initonly field outside its .cctor")]
        [TestCase("::Stackalloc(", "localloc")]
        [TestCase("::PointerLocal(", "of pointer type System.Int32*")]
        [TestCase("::PointerLocal(", "pinned local")]
        [TestCase("::CallsFunctionPointer(", "calli")]
        [TestCase("::CallsFunctionPointer(", "parameter function of function pointer type")]
        [TestCase("::RefReturn(", "ref return System.Int32&")]
        [TestCase("Fixtures.Window: ", "byref-like type definition")]
        [TestCase("::TakesRefStruct(", "parameter window of byref-like type Fixtures.Window")]
        [TestCase("Fixtures.dll: ", "UnverifiableCodeAttribute")]
        public void The_scanner_reports_each_pattern_the_verifier_rejects(string member, string problem)
        {
            IReadOnlyList<string> findings = FindingsIn(InitOnlyFieldSource + UnsafeSource, peverifyCompat: false);

            Assert.That(
                findings.Any(finding => finding.Contains(member, StringComparison.Ordinal) && finding.Contains(problem, StringComparison.Ordinal)),
                Is.True,
                string.Join(Environment.NewLine, findings));
        }

        [Test]
        public void With_peverify_compat_the_compiler_copies_readonly_fields_instead_of_taking_their_address()
        {
            IReadOnlyList<string> findings = FindingsIn(InitOnlyFieldSource, peverifyCompat: true);

            Assert.That(findings, Has.None.Contains("flda"), string.Join(Environment.NewLine, findings));
        }

        /// <summary>Compiles the source as the net48 build does (against the .NET Framework 4.8 reference assemblies) and scans the result.</summary>
        private static IReadOnlyList<string> FindingsIn(string source, bool peverifyCompat)
        {
            var features = peverifyCompat ? new[] { KeyValuePair.Create("peverify-compat", "true") } : Array.Empty<KeyValuePair<string, string>>();
            CSharpParseOptions parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithFeatures(features);
            CSharpCompilation compilation = CSharpCompilation.Create(
                "Fixtures",
                new[] { CSharpSyntaxTree.ParseText(source, parseOptions) },
                new[] { MetadataReference.CreateFromFile(Path.Combine(Repository.NetFramework48ReferenceAssemblies, "mscorlib.dll")) },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true));

            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
            Assert.That(result.Success, Is.True, string.Join(Environment.NewLine, result.Diagnostics));

            image.Position = 0;
            using ModuleDefinition module = ModuleDefinition.ReadModule(image, Repository.NetFramework48Reading());
            return UnverifiableIl.Find(module);
        }
    }
}
