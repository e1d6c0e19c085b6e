using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Tests.Support;
using Mono.Cecil;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// The net48 assembly that deploy.sql installs obeys what SQL Server requires of a SAFE assembly (SPEC F10), so
    /// CREATE ASSEMBLY ... PERMISSION_SET = SAFE succeeds and nothing fails later as a host-protection violation.
    /// </summary>
    public class SafeAssemblyTests
    {
        /// <summary>docs/relational-databases/clr-integration/database-objects/supported-net-framework-libraries.md</summary>
        private static readonly string[] SupportedLibraries =
        {
            "CustomMarshalers", "Microsoft.VisualBasic", "Microsoft.VisualC", "mscorlib", "System", "System.Configuration", "System.Core",
            "System.Data", "System.Data.OracleClient", "System.Data.SqlXml", "System.Deployment", "System.Security", "System.Transactions",
            "System.Web.Services", "System.Xml", "System.Xml.Linq",
        };

        /// <summary>
        /// Types whose members carry HostProtection attributes that SAFE code may not reach: synchronization, threading,
        /// shared state, process management, and the file system and environment a SAFE assembly cannot touch.
        /// </summary>
        private static readonly string[] HostProtectedTypes =
        {
            "System.Threading.Monitor", "System.Threading.Thread", "System.Threading.ThreadPool", "System.Threading.Mutex",
            "System.Threading.Semaphore", "System.Threading.SemaphoreSlim", "System.Threading.ReaderWriterLock", "System.Threading.ReaderWriterLockSlim",
            "System.Threading.ManualResetEvent", "System.Threading.AutoResetEvent", "System.Threading.EventWaitHandle", "System.Threading.Timer",
            "System.Threading.Barrier", "System.Threading.CountdownEvent", "System.Threading.SpinLock", "System.Lazy`1", "System.Lazy`2",
            "System.Environment", "System.Diagnostics.Process", "System.IO.File", "System.IO.FileInfo", "System.IO.FileStream",
            "System.IO.Directory", "System.IO.DirectoryInfo", "System.Console",
        };

        private static readonly string[] HostProtectedNamespaces = { "System.Threading.Tasks", "System.Collections.Concurrent" };

        private static ModuleDefinition Module => Repository.ReadClrModule();

        [Test]
        public void The_assembly_references_only_libraries_sql_server_supports()
        {
            using ModuleDefinition module = Module;

            Assert.That(module.AssemblyReferences.Select(reference => reference.Name), Is.SubsetOf(SupportedLibraries));
        }

        [Test]
        public void Microsoft_SqlServer_Server_forwards_to_System_Data_and_is_not_referenced()
        {
            using ModuleDefinition module = Module;

            Assert.That(module.AssemblyReferences.Select(reference => reference.Name), Does.Not.Contain("Microsoft.SqlServer.Server"));
            Assert.That(module.AssemblyReferences.Select(reference => reference.Name), Does.Contain("System.Data"));
        }

        [Test]
        public void Every_static_field_is_readonly_including_compiler_generated_ones()
        {
            using ModuleDefinition module = Module;

            IEnumerable<string> mutable = AllTypes(module)
                .SelectMany(type => type.Fields)
                .Where(field => field.IsStatic && !field.IsInitOnly && !field.IsLiteral)
                .Select(field => field.DeclaringType.FullName + "::" + field.Name);

            Assert.That(mutable, Is.Empty, "SQL Server refuses SAFE assemblies with writable static fields (Msg 6211).");
        }

        [Test]
        public void No_type_has_a_finalizer()
        {
            using ModuleDefinition module = Module;

            IEnumerable<string> finalizers = AllTypes(module)
                .SelectMany(type => type.Methods)
                .Where(method => method.Name == "Finalize" && method.IsVirtual && !method.HasParameters)
                .Select(method => method.FullName);

            Assert.That(finalizers, Is.Empty);
        }

        /// <summary>Unsafe code, stackalloc and pointers are unverifiable IL: VerifiableIlTests checks those.</summary>
        [Test]
        public void Nothing_calls_native_code_or_uses_thread_static_state()
        {
            using ModuleDefinition module = Module;

            IEnumerable<string> problems = AllTypes(module).SelectMany(type =>
                type.Methods.Where(method => method.IsPInvokeImpl || method.HasPInvokeInfo).Select(method => "P/Invoke " + method.FullName)
                .Concat(type.Fields.Where(field => field.CustomAttributes.Any(a => a.AttributeType.FullName == "System.ThreadStaticAttribute"))
                    .Select(field => "ThreadStatic " + field.FullName)));

            Assert.That(problems, Is.Empty);
        }

        [Test]
        public void Nothing_reaches_host_protected_apis()
        {
            using ModuleDefinition module = Module;

            IEnumerable<string> used = module.GetTypeReferences()
                .Select(reference => reference.FullName)
                .Where(IsHostProtected)
                .Distinct()
                .OrderBy(name => name, StringComparer.Ordinal);

            Assert.That(used, Is.Empty);
        }

        [Test]
        public void The_host_protection_check_recognises_what_lock_and_tasks_compile_to()
        {
            Assert.That(IsHostProtected("System.Threading.Monitor"), Is.True);
            Assert.That(IsHostProtected("System.Threading.Tasks.Task`1"), Is.True);
            Assert.That(IsHostProtected("System.Collections.Concurrent.ConcurrentDictionary`2"), Is.True);
            Assert.That(IsHostProtected("System.Text.StringBuilder"), Is.False);
        }

        [Test]
        public void The_sqlclr_entry_points_exist_only_in_the_net48_build()
        {
            using ModuleDefinition module = Module;
            string[] clrTypes = { "AgBackupClr.Clr.StoredProcedures", "AgBackupClr.Clr.TableValuedFunctions" };

            Assert.That(module.Types.Select(type => type.FullName), Is.SupersetOf(clrTypes));
            Assert.That(typeof(AgBackupClr.Rules.BackupDecisionEngine).Assembly.GetTypes().Select(type => type.FullName), Has.None.AnyOf(clrTypes));
        }

        private static bool IsHostProtected(string fullName) =>
            HostProtectedTypes.Contains(fullName, StringComparer.Ordinal)
            || HostProtectedNamespaces.Any(ns => fullName.StartsWith(ns + ".", StringComparison.Ordinal));

        private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module) => module.Types.SelectMany(Nested);

        private static IEnumerable<TypeDefinition> Nested(TypeDefinition type) => new[] { type }.Concat(type.NestedTypes.SelectMany(Nested));
    }
}
