using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mono.Cecil;
using NUnit.Framework;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// Small C# sources compiled as the net48 build compiles (against the .NET Framework 4.8 reference assemblies), so a
    /// test can prove that a check over the deployed assembly finds what it looks for.
    /// </summary>
    public static class CompiledFixture
    {
        /// <summary>The compilation the net48 build would do, without emitting it.</summary>
        public static CSharpCompilation Compilation(string source, bool peverifyCompat = false, bool unsafeCode = false, params string[] frameworkAssemblies)
        {
            var features = peverifyCompat ? new[] { KeyValuePair.Create("peverify-compat", "true") } : Array.Empty<KeyValuePair<string, string>>();
            CSharpParseOptions parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithFeatures(features);
            return CSharpCompilation.Create(
                "Fixtures",
                new[] { CSharpSyntaxTree.ParseText(source, parseOptions) },
                new[] { "mscorlib" }.Concat(frameworkAssemblies)
                    .Select(name => MetadataReference.CreateFromFile(Path.Combine(Repository.NetFramework48ReferenceAssemblies, name + ".dll"))),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: unsafeCode));
        }

        /// <summary>The compiled fixture as Cecil reads it; the caller disposes it.</summary>
        public static ModuleDefinition Module(string source, bool peverifyCompat = false, bool unsafeCode = false, params string[] frameworkAssemblies)
        {
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = Compilation(source, peverifyCompat, unsafeCode, frameworkAssemblies).Emit(image);
            Assert.That(result.Success, Is.True, string.Join(Environment.NewLine, result.Diagnostics));

            // Cecil reads from the stream for as long as the module lives, so it gets a copy that outlives this method.
            return ModuleDefinition.ReadModule(new MemoryStream(image.ToArray(), writable: false), Repository.NetFramework48Reading());
        }
    }
}
