using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// What SQL Server checks of a SAFE assembly besides verifiable IL (UnverifiableIl), at CREATE ASSEMBLY and when the
    /// code runs: docs/relational-databases/clr-integration/database-objects/clr-integration-programming-model-restrictions.md.
    /// Each check returns "member: what is wrong" findings, empty when SQL Server would accept the module.
    /// </summary>
    public static class SafeAssemblyRules
    {
        /// <summary>docs/relational-databases/clr-integration/database-objects/supported-net-framework-libraries.md</summary>
        public static readonly IReadOnlyList<string> SupportedLibraries = new[]
        {
            "CustomMarshalers", "Microsoft.VisualBasic", "Microsoft.VisualC", "mscorlib", "System", "System.Configuration", "System.Core",
            "System.Data", "System.Data.OracleClient", "System.Data.SqlXml", "System.Deployment", "System.Security", "System.Transactions",
            "System.Web.Services", "System.Xml", "System.Xml.Linq",
        };

        /// <summary>
        /// The custom attributes the docs disallow in SAFE and EXTERNAL_ACCESS assemblies. DllImportAttribute is the P/Invoke
        /// check, UnverifiableCodeAttribute is UnverifiableIl's, and CodeAccessSecurityAttribute and MethodImplAttribute are
        /// stored as security declarations and method flags (checked below). CompilationRelaxationsAttribute is on the docs'
        /// list too, but every C# compiler writes it into every assembly, SAFE ones included.
        /// </summary>
        private static readonly string[] DisallowedAttributes =
        {
            "System.ContextStaticAttribute", "System.MTAThreadAttribute", "System.STAThreadAttribute", "System.ThreadStaticAttribute",
            "System.Runtime.Remoting.Contexts.ContextAttribute", "System.Runtime.Remoting.Contexts.SynchronizationAttribute",
            "System.Security.SuppressUnmanagedCodeSecurityAttribute",
        };

        /// <summary>
        /// The HostProtectionResource values SQL Server disallows in SAFE and EXTERNAL_ACCESS assemblies (every value but
        /// None): docs/relational-databases/clr-integration-security-host-protection-attributes/host-protection-attributes-and-clr-integration-programming.md.
        /// </summary>
        private static readonly string[] DisallowedHostProtection =
        {
            "ExternalProcessMgmt", "ExternalThreading", "MayLeakOnAbort", "SecurityInfrastructure", "SelfAffectingProcessMgmt",
            "SelfAffectingThreading", "SharedState", "Synchronization", "UI",
        };

        /// <summary>CREATE ASSEMBLY resolves every reference in the database or among the supported libraries it loads from the GAC.</summary>
        public static IReadOnlyList<string> UnsupportedReferences(ModuleDefinition module) => module.AssemblyReferences
            .Where(reference => !SupportedLibraries.Contains(reference.Name, StringComparer.OrdinalIgnoreCase))
            .Select(reference => module.Name + ": references " + reference.Name + ", not a supported .NET Framework library")
            .ToList();

        /// <summary>"Static fields are not used to store information. Read-only static fields are allowed." Constants are metadata, not fields.</summary>
        public static IReadOnlyList<string> WritableStaticFields(ModuleDefinition module) => module.GetTypes()
            .SelectMany(type => type.Fields)
            .Where(field => field.IsStatic && !field.IsInitOnly && !field.IsLiteral)
            .Select(field => field.DeclaringType.FullName + "::" + field.Name + ": static field that is not readonly")
            .ToList();

        /// <summary>"Finalizer methods are not used."</summary>
        public static IReadOnlyList<string> Finalizers(ModuleDefinition module) => module.GetTypes()
            .SelectMany(type => type.Methods)
            .Where(method => method.Name == "Finalize" && method.IsVirtual && !method.HasParameters)
            .Select(method => UnverifiableIl.NameOf(method) + ": finalizer")
            .ToList();

        /// <summary>SAFE code may not call native code: no P/Invoke (DllImport, pinvokeimpl).</summary>
        public static IReadOnlyList<string> NativeCode(ModuleDefinition module) => module.GetTypes()
            .SelectMany(type => type.Methods)
            .Where(method => method.IsPInvokeImpl || method.HasPInvokeInfo)
            .Select(method => UnverifiableIl.NameOf(method) + ": P/Invoke into " + (method.HasPInvokeInfo ? method.PInvokeInfo.Module.Name : "native code"))
            .ToList();

        /// <summary>The docs' disallowed custom attributes, synchronized methods and declarative security, wherever they are applied.</summary>
        public static IReadOnlyList<string> DisallowedAttributesAndFlags(ModuleDefinition module)
        {
            var findings = new List<string>();
            void Check(string where, ICustomAttributeProvider provider)
            {
                findings.AddRange(provider.CustomAttributes
                    .Where(attribute => DisallowedAttributes.Contains(attribute.AttributeType.FullName, StringComparer.Ordinal))
                    .Select(attribute => where + ": [" + attribute.AttributeType.FullName + "]"));
                if (provider is ISecurityDeclarationProvider { HasSecurityDeclarations: true })
                {
                    findings.Add(where + ": declarative security (a CodeAccessSecurityAttribute)");
                }
            }

            Check(module.Name, module.Assembly);
            Check(module.Name, module);
            foreach (TypeDefinition type in module.GetTypes())
            {
                Check(type.FullName, type);
                foreach (FieldDefinition field in type.Fields)
                {
                    Check(field.DeclaringType.FullName + "::" + field.Name, field);
                }

                foreach (MethodDefinition method in type.Methods)
                {
                    Check(UnverifiableIl.NameOf(method), method);
                    if (method.IsSynchronized)
                    {
                        findings.Add(UnverifiableIl.NameOf(method) + ": [MethodImpl(MethodImplOptions.Synchronized)]");
                    }
                }
            }

            return findings;
        }

        /// <summary>
        /// Every type, method and field the module's code uses whose definition in the .NET Framework reference assemblies,
        /// or whose declaring type, carries a HostProtectionAttribute that SQL Server disallows, and every use of a type the
        /// banned list names. SQL Server refuses these only when the code runs (a HostProtectionException or SecurityException).
        /// </summary>
        public static IReadOnlyList<string> HostProtectedUses(ModuleDefinition module, BannedSymbols banned)
        {
            var findings = new List<string>();
            foreach (MethodDefinition method in module.GetTypes().SelectMany(type => type.Methods).Where(method => method.HasBody))
            {
                foreach (Instruction instruction in method.Body.Instructions)
                {
                    string? problem = instruction.Operand switch
                    {
                        MethodReference called => UseProblem(called, Definitions.Resolve(called.Resolve), called.DeclaringType, banned),
                        FieldReference field => UseProblem(field, Definitions.Resolve(field.Resolve), field.DeclaringType, banned),
                        TypeReference type => UseProblem(type, null, type, banned),
                        _ => null,
                    };
                    if (problem != null)
                    {
                        findings.Add(UnverifiableIl.NameOf(method) + ": " + problem);
                    }
                }
            }

            return findings.Distinct(StringComparer.Ordinal).ToList();
        }

        private static string? UseProblem(MemberReference used, IMemberDefinition? definition, TypeReference declaringType, BannedSymbols banned)
        {
            if (definition is ISecurityDeclarationProvider member && HostProtection(member) is { } memberResources)
            {
                return "uses " + used.FullName + ", host protection " + memberResources;
            }

            TypeReference element = ElementOf(declaringType);
            if (element is GenericParameter)
            {
                return null; // a type argument: the members called through it are checked where they are declared
            }

            TypeDefinition? type = Definitions.Resolve(element.Resolve);
            if (type == null)
            {
                return "uses " + used.FullName + ", whose type cannot be resolved";
            }

            for (TypeDefinition? outer = type; outer != null; outer = outer.DeclaringType)
            {
                if (HostProtection(outer) is { } typeResources)
                {
                    return "uses " + used.FullName + ", host protection " + typeResources + " on " + outer.FullName;
                }

                string? reason = banned.ReasonFor(outer.FullName.Replace('/', '.'), Outermost(outer).Namespace);
                if (reason != null)
                {
                    return "uses " + used.FullName + ", banned by " + reason;
                }
            }

            return null;
        }

        /// <summary>
        /// The disallowed resources a HostProtectionAttribute on the definition names, or null. Every such attribute in the
        /// .NET Framework 4.8 reference assemblies sets the resources' boolean properties rather than Resources.
        /// </summary>
        private static string? HostProtection(ISecurityDeclarationProvider provider)
        {
            if (!provider.HasSecurityDeclarations)
            {
                return null;
            }

            List<string> resources = provider.SecurityDeclarations
                .SelectMany(declaration => declaration.SecurityAttributes)
                .Where(attribute => attribute.AttributeType.FullName == "System.Security.Permissions.HostProtectionAttribute")
                .SelectMany(attribute => attribute.Properties)
                .Where(property => DisallowedHostProtection.Contains(property.Name, StringComparer.Ordinal) && property.Argument.Value is true)
                .Select(property => property.Name)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return resources.Count == 0 ? null : string.Join(", ", resources);
        }

        /// <summary>List&lt;T&gt; for List&lt;int&gt;, T for T[] or T&amp;: the type whose definition carries the attributes.</summary>
        private static TypeReference ElementOf(TypeReference type) =>
            type is TypeSpecification specification ? ElementOf(specification.ElementType) : type;

        private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType == null ? type : Outermost(type.DeclaringType);
    }
}
