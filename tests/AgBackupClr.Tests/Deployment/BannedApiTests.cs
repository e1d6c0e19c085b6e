using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using AgBackupClr.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace AgBackupClr.Tests.Deployment
{
    /// <summary>
    /// The net48 build runs the banned-API analyzer with src/AgBackupClr/BannedSymbols.txt, so code that would stop a job
    /// with a HostProtectionException on SQL Server fails the build instead. These tests run the same analyzer, from the
    /// same package version, with the same file, over code that breaks the list.
    /// </summary>
    public class BannedApiTests
    {
        private const string BannedCallsSource = """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Fixtures
            {
                public static class Calls
                {
                    public static int Lazily() => new Lazy<int>(() => 1).Value;
                    public static Task Later() => Task.Delay(1);
                    public static int Distinct(int[] values) => new HashSet<int>(values).Count;
                    public static void Sleeps() => Thread.Sleep(1);
                    public static int Shared() => new ConcurrentDictionary<int, int>().Count;
                    public static string Zone() => TimeZoneInfo.Local.Id;
                    public static string Joined(List<string> names) => string.Join(",", names);
                }
            }
            """;

        [Test]
        public void A_banned_call_fails_the_net48_build()
        {
            IReadOnlyList<Diagnostic> diagnostics = Analyze(BannedCallsSource);

            Dictionary<string, DiagnosticSeverity> methods = diagnostics
                .Where(diagnostic => diagnostic.Id == "RS0030")
                .GroupBy(EnclosingMethod)
                .ToDictionary(group => group.Key, group => group.Max(diagnostic => diagnostic.Severity));
            Assert.That(
                methods,
                Is.EquivalentTo(new[] { "Lazily", "Later", "Distinct", "Sleeps", "Shared", "Zone" }.ToDictionary(name => name, _ => DiagnosticSeverity.Error)),
                "RS0030 in each method that calls a banned API, as an error; none in Joined. " + string.Join(" ", diagnostics));
        }

        [Test]
        public void Every_banned_symbol_names_a_type_or_namespace_of_dotnet_framework_4_8()
        {
            CSharpCompilation framework = CompiledFixture.Compilation(string.Empty, frameworkAssemblies: new[] { "System", "System.Core", "System.Data" });

            IEnumerable<string> unknown = BannedSymbols.Read().Entries
                .Select(entry => entry.Key)
                .Where(id => !(id.StartsWith("T:", System.StringComparison.Ordinal) || id.StartsWith("N:", System.StringComparison.Ordinal))
                    || DocumentationCommentId.GetFirstSymbolForDeclarationId(id, framework) == null);

            Assert.That(unknown, Is.Empty, "an entry that names nothing bans nothing; only T: and N: entries, which SafeAssemblyTests also reads");
        }

        /// <summary>
        /// The analyzer over the source compiled as the net48 build compiles it, warnings reported as errors as
        /// Directory.Build.props's TreatWarningsAsErrors has the build do.
        /// </summary>
        private static IReadOnlyList<Diagnostic> Analyze(string source)
        {
            CSharpCompilation compilation = CompiledFixture.Compilation(source, frameworkAssemblies: new[] { "System", "System.Core" });
            compilation = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
            Assert.That(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error), Is.Empty);

            ImmutableArray<DiagnosticAnalyzer> analyzers = Directory.GetFiles(Repository.BannedApiAnalyzers, "*.dll")
                .SelectMany(path => new AnalyzerFileReference(path, new LoadFrom()).GetAnalyzers(LanguageNames.CSharp))
                .ToImmutableArray();
            var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new FileText(Repository.BannedSymbolsPath)));
            return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        private static string EnclosingMethod(Diagnostic diagnostic) =>
            diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan)
                .AncestorsAndSelf().OfType<MethodDeclarationSyntax>().First().Identifier.Text;

        /// <summary>BannedSymbols.txt as the build passes it to the analyzer (an AdditionalFiles item).</summary>
        private sealed class FileText : AdditionalText
        {
            public FileText(string path)
            {
                Path = path;
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
        }

        /// <summary>The analyzer DLLs need nothing but Roslyn, which this process has loaded already.</summary>
        private sealed class LoadFrom : IAnalyzerAssemblyLoader
        {
            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }
    }
}
