using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// agbackup as a DBA gets it (issue 24): the tool package installed into a tool path, and the self-contained single-file
/// build, each run on the main example. They build into a temporary folder of their own (--artifacts-path), so that the
/// solution's own build output is never written while other tests read it. The tool installs from the package just made
/// alone; the publish restores from the NuGet cache first, so it needs the network only to fetch the runtime pack once.
/// </summary>
[Category("Install")]
[NonParallelizable]
public sealed class InstallTests
{
    private const string MainExample = "three-replicas-secondary.json";

    private static readonly string Version = typeof(PlannerCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    private string folder = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "agbackup-install-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, true);

    [Test]
    public void The_packed_tool_installs_into_a_tool_path_prints_its_version_and_plans_the_example()
    {
        string packages = Path.Combine(folder, "packages");
        Dotnet("pack", Project, "--disable-build-servers", "--artifacts-path", Path.Combine(folder, "artifacts"), "-o", packages);

        // Only the folder just packed into as a source: the install needs nothing else, so it works offline too.
        string config = Path.Combine(folder, "nuget.config");
        File.WriteAllText(
            config,
            "<configuration><packageSources><clear /><add key=\"packed\" value=\"" + packages + "\" /></packageSources></configuration>");
        string tools = Path.Combine(folder, "tools");
        Dotnet("tool", "install", "agbackup", "--tool-path", tools, "--configfile", config, "--version", Version);

        string agbackup = Path.Combine(tools, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "agbackup.exe" : "agbackup");
        Assert.That(Execute(agbackup, new Dictionary<string, string?>(), "--version"), Is.EqualTo((0, Version + "\n", string.Empty)));
        Assert.That(Execute(agbackup, new Dictionary<string, string?>(), "plan", "--topology", Example(MainExample)), Is.EqualTo(Run("plan", "--topology", Example(MainExample))));
    }

    [Test]
    public void The_single_file_linux_x64_build_plans_the_example_with_no_dotnet_to_find()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("The linux-x64 build runs only on Linux x64; this is " + RuntimeInformation.RuntimeIdentifier + ".");
        }

        string published = Path.Combine(folder, "linux-x64");
        Dotnet(
            "publish", Project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "--disable-build-servers",
            "--artifacts-path", Path.Combine(folder, "artifacts"), "-o", published);

        // Self-contained: it needs no runtime where an app host looks for one. An app host that did would stop at the empty
        // DOTNET_ROOT ("You must install .NET to run this application"), the first place it looks.
        string empty = Directory.CreateDirectory(Path.Combine(folder, "no-dotnet")).FullName;
        var noDotnet = new Dictionary<string, string?> { ["PATH"] = string.Empty, ["DOTNET_ROOT"] = empty, ["DOTNET_ROOT_X64"] = null };
        string agbackup = Path.Combine(published, "agbackup");
        Assert.That(Directory.GetFiles(published, "*.dll"), Is.Empty, "The build is one file: no assembly beside it.");
        Assert.That(Execute(agbackup, noDotnet, "--version"), Is.EqualTo((0, Version + "\n", string.Empty)));
        Assert.That(Execute(agbackup, noDotnet, "plan", "--topology", Example(MainExample)), Is.EqualTo(Run("plan", "--topology", Example(MainExample))));
    }

    private static string Project => Path.Combine(RepositoryRoot(), "src", "AgBackupClr.Planner");

    /// <summary>The SDK's command, which must succeed. Builds are told --disable-build-servers, so that no process outlives the test.</summary>
    private static void Dotnet(params string[] args)
    {
        (int exitCode, string output, string error) = Execute("dotnet", new Dictionary<string, string?>(), args);
        Assert.That(exitCode, Is.EqualTo(0), "dotnet " + string.Join(" ", args) + " failed:\n" + output + error);
    }
}
