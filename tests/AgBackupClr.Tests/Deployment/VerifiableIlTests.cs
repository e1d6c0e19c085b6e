using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Tests.Support;
using Mono.Cecil;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// SQL Server verifies a SAFE assembly with the .NET Framework verifier and refuses it (Msg 6218) on unverifiable IL
    /// (docs/rules.md F10). These tests hold the deployed assembly to the verifier's rules, and prove on small compiled fixtures that
    /// the scanner finds each form that breaks them (and not the legal ones), and that the compiler's peverify-compat
    /// feature removes the readonly-field addresses modern C# emits.
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

        /// <summary>
        /// What C# 9 writes for init accessors and records: stores to readonly backing fields outside the constructor. The
        /// polyfill is what lets them compile for .NET Framework; Holder and the record's constructors store legally.
        /// </summary>
        private const string InitOnlySource = """
            namespace System.Runtime.CompilerServices { internal static class IsExternalInit { } }

            namespace Fixtures
            {
                public sealed class Options { public int Level { get; init; } }

                public sealed record Point(int X, int Y);

                public static class Copies { public static Point MovedRight(Point point) => point with { X = point.X + 1 }; }

                public sealed class Holder
                {
                    private static readonly int Seed = 42;
                    private readonly int value;

                    public Holder(int value) { this.value = value + Seed; }

                    public int Value => value;
                }

                public sealed class Outer
                {
                    internal static int total;
                    internal int value;

                    public Outer() { total = 1; }

                    public static void Reset() { total = 0; }

                    public sealed class Inner { public Inner(Outer outer) { outer.value = 1; } }
                }
            }
            """;

        [Test]
        public void The_deployed_assembly_has_nothing_the_verifier_rejects()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            IReadOnlyList<string> findings = UnverifiableIl.Find(module);

            Assert.That(findings.Count, Is.Zero, FindingReport.Of("SQL Server refuses CREATE ASSEMBLY (Msg 6218) on the first method its verifier rejects;", findings));
        }

        [TestCase("::CallsReadonlyStructMember(", "ldflda of initonly field Fixtures.Pair Fixtures.InitOnlyFields::pair outside a .ctor of Fixtures.InitOnlyFields")]
        [TestCase("::ReadsReadonlyNullable(", "ldflda of initonly field")]
        [TestCase("::CallsStaticReadonlyStructMember(", "ldsflda of initonly field Fixtures.Pair Fixtures.InitOnlyFields::Shared outside a .cctor of Fixtures.InitOnlyFields")]
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
            IReadOnlyList<string> findings = FindingsIn(InitOnlyFieldSource + UnsafeSource, peverifyCompat: false, unsafeCode: true);

            Assert.That(
                findings.Any(finding => finding.Contains(member, StringComparison.Ordinal) && finding.Contains(problem, StringComparison.Ordinal)),
                Is.True,
                string.Join(Environment.NewLine, findings));
        }

        [TestCase("Fixtures.Options::set_Level(System.Int32): ", "stfld of initonly field System.Int32 Fixtures.Options::<Level>k__BackingField outside a .ctor of Fixtures.Options")]
        [TestCase("Fixtures.Options::set_Level(System.Int32): ", "init accessor, modreq(System.Runtime.CompilerServices.IsExternalInit) in its signature")]
        [TestCase("Fixtures.Point::set_X(System.Int32): ", "stfld of initonly field System.Int32 Fixtures.Point::<X>k__BackingField outside a .ctor of Fixtures.Point")]
        [TestCase("Fixtures.Point::set_Y(System.Int32): ", "init accessor, modreq(System.Runtime.CompilerServices.IsExternalInit) in its signature")]
        [TestCase("Fixtures.Copies::MovedRight(Fixtures.Point): ", "calls init accessor Fixtures.Point::set_X(System.Int32)")]
        [TestCase("Fixtures.Outer::Reset(): ", "stsfld of initonly field System.Int32 Fixtures.Outer::total outside a .cctor of Fixtures.Outer")]
        [TestCase("Fixtures.Outer::.ctor(): ", "stsfld of initonly field System.Int32 Fixtures.Outer::total outside a .cctor of Fixtures.Outer")]
        [TestCase("Fixtures.Outer/Inner::.ctor(Fixtures.Outer): ", "stfld of initonly field System.Int32 Fixtures.Outer::value outside a .ctor of Fixtures.Outer")]
        public void The_scanner_reports_every_store_to_a_readonly_field_outside_its_own_types_constructor(string member, string problem)
        {
            IReadOnlyList<string> findings = InitOnlyFindings();

            Assert.That(findings, Does.Contain(member + problem), string.Join(Environment.NewLine, findings));
        }

        [Test]
        public void A_readonly_field_stored_in_its_own_types_constructor_is_not_reported()
        {
            IReadOnlyList<string> findings = InitOnlyFindings();

            Assert.Multiple(() =>
            {
                Assert.That(findings, Has.None.StartsWith("Fixtures.Holder::"), "Holder stores its readonly fields in its .ctor and .cctor");
                Assert.That(findings, Has.None.StartsWith("Fixtures.Point::.ctor("), "a record's constructors store its backing fields legally");
                Assert.That(findings, Has.Some.StartsWith("Fixtures.Point::set_X("), "the same record's init accessor is still reported");
            });
        }

        [Test]
        public void With_peverify_compat_the_compiler_copies_readonly_fields_instead_of_taking_their_address()
        {
            IReadOnlyList<string> findings = FindingsIn(InitOnlyFieldSource, peverifyCompat: true, unsafeCode: false);

            Assert.That(findings, Has.None.Contains("flda"), string.Join(Environment.NewLine, findings));
        }

        private static IReadOnlyList<string> FindingsIn(string source, bool peverifyCompat, bool unsafeCode)
        {
            using ModuleDefinition module = CompiledFixture.Module(source, peverifyCompat, unsafeCode);
            return UnverifiableIl.Find(module);
        }

        /// <summary>
        /// C# refuses to store to a readonly field outside its own constructor (CS0191, CS0198), but IL from another compiler
        /// or a rewriter may: Outer's fields are compiled writable and marked initonly afterwards, as such IL would have them.
        /// </summary>
        private static IReadOnlyList<string> InitOnlyFindings()
        {
            using ModuleDefinition module = CompiledFixture.Module(InitOnlySource);
            foreach (FieldDefinition field in module.GetType("Fixtures.Outer").Fields)
            {
                field.IsInitOnly = true;
            }

            return UnverifiableIl.Find(module);
        }
    }
}
