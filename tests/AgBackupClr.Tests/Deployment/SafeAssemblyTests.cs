using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Tests.Support;
using Mono.Cecil;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// The net48 assembly that deploy.sql installs obeys what SQL Server requires of a SAFE assembly (docs/rules.md F10), so
    /// CREATE ASSEMBLY ... PERMISSION_SET = SAFE succeeds and nothing fails later as a host-protection violation. Each
    /// rule is also run over a small compiled fixture that breaks it, to prove the check finds what it looks for.
    /// </summary>
    public class SafeAssemblyTests
    {
        /// <summary>A supported library and one that is not: System.Numerics is in .NET Framework but not on SQL Server's list.</summary>
        private const string ReferencesSource = """
            namespace Fixtures
            {
                public static class Big
                {
                    public static string Square(long value) => System.Numerics.BigInteger.Pow(value, 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    public static System.Data.SqlTypes.SqlInt32 Wrapped(int value) => new System.Data.SqlTypes.SqlInt32(value);
                }
            }
            """;

        private const string LoadRulesSource = """
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using System.Security.Permissions;

            namespace Fixtures
            {
                public static class Statics
                {
                    public static int Counter;
                    private static readonly int Seed = 1;
                    public const int Limit = 10;

                    public static Func<int, int> Doubler() => value => value * 2 + Seed;
                }

                public sealed class Leaky
                {
                    ~Leaky() { }
                }

                public static class Native
                {
                    [DllImport("kernel32.dll")]
                    public static extern uint GetTickCount();
                }

                public sealed class Attributed
                {
                    [ThreadStatic]
                    private static int perThread;

                    [MethodImpl(MethodImplOptions.Synchronized)]
                    public int Next() => ++perThread;

                    [STAThread]
                    public static void Main() { }

                    [SecurityPermission(SecurityAction.Demand, UnmanagedCode = true)]
                    public static void Demands() { }
                }
            }
            """;

        /// <summary>
        /// Each line reaches an API SQL Server refuses at run time: through a HostProtectionAttribute on a type (lock, Lazy,
        /// HashSet, TimeZoneInfo, async), on a member only (Thread.Start, Stream.BeginRead), or through the banned list only
        /// (Environment has no host protection but SAFE has no EnvironmentPermission).
        /// </summary>
        private const string HostProtectionSource = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Fixtures
            {
                public sealed class Protected
                {
                    private readonly object gate = new object();

                    public int Locked() { lock (gate) { return 1; } }
                    public int Lazily() => new Lazy<int>(() => 2).Value;
                    public int Distinct(int[] values) => new HashSet<int>(values).Count;
                    public string Zone() => TimeZoneInfo.Utc.Id;
                    public async Task<int> Later() { await Task.Yield(); return 3; }
                    public void Starts(Thread thread) => thread.Start();
                    public IAsyncResult Reads(Stream stream, byte[] buffer) => stream.BeginRead(buffer, 0, buffer.Length, null, null);
                    public string Variable() => Environment.GetEnvironmentVariable("PATH");
                    public string Ordinary(List<string> names) => names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            """;

        [Test]
        public void The_assembly_references_only_libraries_sql_server_supports()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            Assert.That(SafeAssemblyRules.UnsupportedReferences(module), Is.Empty);
        }

        [Test]
        public void A_reference_to_a_library_sql_server_does_not_support_is_reported()
        {
            using ModuleDefinition module = CompiledFixture.Module(ReferencesSource, frameworkAssemblies: new[] { "System.Data", "System.Numerics" });

            IReadOnlyList<string> findings = SafeAssemblyRules.UnsupportedReferences(module);

            Assert.That(findings, Is.EqualTo(new[] { "Fixtures.dll: references System.Numerics, not a supported .NET Framework library" }));
        }

        [Test]
        public void Microsoft_SqlServer_Server_forwards_to_System_Data_and_is_not_referenced()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            Assert.That(module.AssemblyReferences.Select(reference => reference.Name), Does.Not.Contain("Microsoft.SqlServer.Server"));
            Assert.That(module.AssemblyReferences.Select(reference => reference.Name), Does.Contain("System.Data"));
        }

        [Test]
        public void Every_static_field_is_readonly_including_compiler_generated_ones()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            IReadOnlyList<string> findings = SafeAssemblyRules.WritableStaticFields(module);

            Assert.That(findings, Is.Empty, "SQL Server refuses SAFE assemblies with writable static fields (Msg 6211): " + string.Join(Environment.NewLine, findings));
        }

        [Test]
        public void A_writable_static_field_is_reported_also_the_one_the_compiler_caches_a_lambda_in()
        {
            using ModuleDefinition module = CompiledFixture.Module(LoadRulesSource);

            IReadOnlyList<string> findings = SafeAssemblyRules.WritableStaticFields(module);

            Assert.Multiple(() =>
            {
                Assert.That(findings, Does.Contain("Fixtures.Statics::Counter: static field that is not readonly"));
                Assert.That(findings, Has.Some.StartsWith("Fixtures.Statics/<>c::<>9__"), "Roslyn caches a lambda that captures nothing in a writable static field");
                Assert.That(findings, Has.None.Contains("::Seed"), "a readonly static is allowed");
                Assert.That(findings, Has.None.Contains("::Limit"), "a constant is allowed");
            });
        }

        [Test]
        public void No_type_has_a_finalizer()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            Assert.That(SafeAssemblyRules.Finalizers(module), Is.Empty);
        }

        [Test]
        public void A_finalizer_is_reported()
        {
            using ModuleDefinition module = CompiledFixture.Module(LoadRulesSource);

            Assert.That(SafeAssemblyRules.Finalizers(module), Is.EqualTo(new[] { "Fixtures.Leaky::Finalize(): finalizer" }));
        }

        /// <summary>Unsafe code, stackalloc and pointers are unverifiable IL: VerifiableIlTests checks those.</summary>
        [Test]
        public void Nothing_calls_native_code()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            Assert.That(SafeAssemblyRules.NativeCode(module), Is.Empty);
        }

        [Test]
        public void A_p_invoke_is_reported()
        {
            using ModuleDefinition module = CompiledFixture.Module(LoadRulesSource);

            Assert.That(SafeAssemblyRules.NativeCode(module), Is.EqualTo(new[] { "Fixtures.Native::GetTickCount(): P/Invoke into kernel32.dll" }));
        }

        [Test]
        public void No_attribute_sql_server_refuses_in_a_safe_assembly()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            Assert.That(SafeAssemblyRules.DisallowedAttributesAndFlags(module), Is.Empty);
        }

        [Test]
        public void Thread_static_state_synchronized_methods_apartments_and_declarative_security_are_reported()
        {
            using ModuleDefinition module = CompiledFixture.Module(LoadRulesSource);

            IReadOnlyList<string> findings = SafeAssemblyRules.DisallowedAttributesAndFlags(module);

            Assert.That(findings, Is.EquivalentTo(new[]
            {
                "Fixtures.Attributed::perThread: [System.ThreadStaticAttribute]",
                "Fixtures.Attributed::Next(): [MethodImpl(MethodImplOptions.Synchronized)]",
                "Fixtures.Attributed::Main(): [System.STAThreadAttribute]",
                "Fixtures.Attributed::Demands(): declarative security (a CodeAccessSecurityAttribute)",
            }));
        }

        [Test]
        public void Nothing_reaches_host_protected_or_banned_apis()
        {
            using ModuleDefinition module = Repository.ReadClrModule();

            IReadOnlyList<string> findings = SafeAssemblyRules.HostProtectedUses(module, BannedSymbols.Read());

            Assert.That(findings.Count, Is.Zero, FindingReport.Of("SQL Server stops such a call at run time with a HostProtectionException or SecurityException;", findings));
        }

        [TestCase("Fixtures.Protected::Locked(): ", "uses System.Void System.Threading.Monitor::Enter(System.Object,System.Boolean&), host protection Synchronization, ExternalThreading on System.Threading.Monitor")]
        [TestCase("Fixtures.Protected::Lazily(): ", "host protection Synchronization, ExternalThreading on System.Lazy`1")]
        [TestCase("Fixtures.Protected::Distinct(System.Int32[]): ", "host protection MayLeakOnAbort on System.Collections.Generic.HashSet`1")]
        [TestCase("Fixtures.Protected::Zone(): ", "host protection MayLeakOnAbort on System.TimeZoneInfo")]
        [TestCase("Fixtures.Protected::Later(): ", "on System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1")]
        [TestCase("Fixtures.Protected::Starts(System.Threading.Thread): ", "uses System.Void System.Threading.Thread::Start(), host protection ")]
        [TestCase("Fixtures.Protected::Reads(System.IO.Stream,System.Byte[]): ", "::BeginRead(System.Byte[],System.Int32,System.Int32,System.AsyncCallback,System.Object), host protection ExternalThreading")]
        [TestCase("Fixtures.Protected::Variable(): ", "uses System.String System.Environment::GetEnvironmentVariable(System.String), banned by T:System.Environment (SAFE has no EnvironmentPermission)")]
        public void Each_way_of_reaching_a_host_protected_or_banned_api_is_reported(string member, string problem)
        {
            IReadOnlyList<string> findings = HostProtectionFindings();

            Assert.That(
                findings.Any(finding => finding.StartsWith(member, StringComparison.Ordinal) && finding.Contains(problem, StringComparison.Ordinal)),
                Is.True,
                string.Join(Environment.NewLine, findings));
        }

        [Test]
        public void An_ordinary_collection_is_not_reported()
        {
            Assert.That(HostProtectionFindings(), Has.None.StartsWith("Fixtures.Protected::Ordinary("));
        }

        [Test]
        public void The_sqlclr_entry_points_exist_only_in_the_net48_build()
        {
            using ModuleDefinition module = Repository.ReadClrModule();
            string[] clrTypes = { "AgBackupClr.Clr.StoredProcedures", "AgBackupClr.Clr.TableValuedFunctions" };

            Assert.That(module.Types.Select(type => type.FullName), Is.SupersetOf(clrTypes));
            Assert.That(typeof(AgBackupClr.Rules.BackupDecisionEngine).Assembly.GetTypes().Select(type => type.FullName), Has.None.AnyOf(clrTypes));
        }

        private static IReadOnlyList<string> HostProtectionFindings()
        {
            using ModuleDefinition module = CompiledFixture.Module(HostProtectionSource, frameworkAssemblies: new[] { "System", "System.Core" });
            return SafeAssemblyRules.HostProtectedUses(module, BannedSymbols.Read());
        }
    }
}
