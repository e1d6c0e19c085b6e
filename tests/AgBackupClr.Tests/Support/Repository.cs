using System;
using System.IO;
using System.Linq;

namespace AgBackupClr.Tests.Support
{
    /// <summary>Paths in the repository these tests run from.</summary>
    public static class Repository
    {
        public static string Root { get; } = FindRoot();

        /// <summary>The Release net48 build that deploy.sql embeds (built through AgBackupClr.Deploy's project reference).</summary>
        public static string ClrAssemblyPath => Path.Combine(Root, "src", "AgBackupClr", "bin", "Release", "net48", "AgBackupClr.dll");

        public static string DeployScriptPath => Path.Combine(Root, "deploy.sql");

        /// <summary>The .NET Framework 4.8 reference assemblies the net48 build compiled against.</summary>
        public static string NetFramework48ReferenceAssemblies { get; } = typeof(Repository).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "NetFramework48ReferenceAssemblies").Value!;

        /// <summary>The deployed assembly, with its .NET Framework references resolvable.</summary>
        public static Mono.Cecil.ModuleDefinition ReadClrModule() =>
            Mono.Cecil.ModuleDefinition.ReadModule(ClrAssemblyPath, NetFramework48Reading());

        /// <summary>How to read a net48 module so that its .NET Framework references resolve.</summary>
        public static Mono.Cecil.ReaderParameters NetFramework48Reading()
        {
            var resolver = new Mono.Cecil.DefaultAssemblyResolver();
            resolver.AddSearchDirectory(NetFramework48ReferenceAssemblies);
            return new Mono.Cecil.ReaderParameters { AssemblyResolver = resolver };
        }

        public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            for (DirectoryInfo? directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "AgBackupClr.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("AgBackupClr.sln not found above " + AppContext.BaseDirectory + ".");
        }
    }
}
