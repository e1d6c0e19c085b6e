using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Runs the built agbackup as a process, as a DBA would: these tests reference no project under src/.</summary>
internal static class Agbackup
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        string bin = Path.Combine(RepositoryFiles.Root, "src", "AgBackupClr.Planner", "bin");
        string dll = (Directory.Exists(bin) ? Directory.GetFiles(bin, "agbackup.dll", SearchOption.AllDirectories) : Array.Empty<string>())
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new FileNotFoundException("agbackup.dll is not under " + bin + ": build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
