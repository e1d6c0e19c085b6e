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

        /// <summary>The reference of dbo.usp_BackupIfPreferred: its parameter table and its reason codes.</summary>
        public static string ProcedureDocPath => Path.Combine(Root, "docs", "usp_BackupIfPreferred.md");

        /// <summary>README.md and every docs/*.md: where a DBA copies examples from.</summary>
        public static string[] DocumentationPaths() =>
            new[] { Path.Combine(Root, "README.md") }
                .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").OrderBy(path => path, StringComparer.Ordinal))
                .ToArray();

        /// <summary>What the net48 build refuses at compile time: the APIs SQL Server refuses a SAFE assembly at run time.</summary>
        public static string BannedSymbolsPath => Path.Combine(Root, "src", "AgBackupClr", "BannedSymbols.txt");

        /// <summary>The .NET Framework 4.8 reference assemblies the net48 build compiled against.</summary>
        public static string NetFramework48ReferenceAssemblies { get; } = BuildMetadata("NetFramework48ReferenceAssemblies");

        /// <summary>The folder of the C# banned-API analyzer DLLs, from the package version the net48 build uses.</summary>
        public static string BannedApiAnalyzers { get; } = BuildMetadata("BannedApiAnalyzers");

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

        /// <summary>A path the test project's build wrote into this assembly (see AgBackupClr.Tests.csproj).</summary>
        private static string BuildMetadata(string key) => typeof(Repository).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value!;

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
