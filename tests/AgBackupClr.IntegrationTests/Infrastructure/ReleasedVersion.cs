using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The last released deploy.sql, read from git history: what a DBA has installed when they upgrade.</summary>
internal static class ReleasedVersion
{
    /// <summary>The commit of the last release (AgBackupClr 1.0.0). Move it when a new version is released.</summary>
    public const string Commit = "42a44393de78443725e9414cf5da5fd197c05b57";

    /// <summary>1.0.0 trusted its hash with this description, whatever the database (SPEC section 5).</summary>
    public const string TrustDescription = "AgBackupClr deploy.sql";

    /// <summary>git show Commit:deploy.sql. A missing git or commit fails the test with what to do: an upgrade test that
    /// silently skipped would hide exactly the regression it exists for.</summary>
    public static async Task<string> ReadDeployScriptAsync()
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-C", RepositoryFiles.Root, "show", Commit + ":deploy.sql" })
        {
            start.ArgumentList.Add(argument);
        }

        Process git;
        try
        {
            git = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException(
                $"The upgrade tests read the released deploy.sql with git, and git could not be started ({error.Message}): install git or put it on PATH.",
                error);
        }

        using (git)
        {
            // Both streams are read at once: a full stderr pipe would otherwise block git while we wait on stdout.
            Task<string> output = git.StandardOutput.ReadToEndAsync();
            Task<string> errors = git.StandardError.ReadToEndAsync();
            await git.WaitForExitAsync();
            if (git.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"git show {Commit}:deploy.sql failed ({await errors}). The upgrade tests need that commit: in a shallow clone run " +
                    "'git fetch --unshallow', or update ReleasedVersion.Commit to the last release.");
            }

            return await output;
        }
    }
}
