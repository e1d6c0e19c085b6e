using System;
using System.IO;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The product's own scripts, found at the repository root (the folder holding AgBackupClr.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root => FindRoot();

    public static string ReadDeployScript() => ReadAtRoot("deploy.sql");

    public static string ReadUninstallScript() => ReadAtRoot(Path.Combine("sql", "uninstall.sql"));

    public static string ReadGrantJobOwnerScript() => ReadAtRoot(Path.Combine("sql", "permissions", "grant-job-owner.sql"));

    public static string ReadCreateBackupJobsScript() => ReadAtRoot(Path.Combine("sql", "jobs", "create-backup-jobs.sql"));

    private static string ReadAtRoot(string relativePath)
    {
        string path = Path.Combine(FindRoot(), relativePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} does not exist: build the solution first, which generates deploy.sql from the compiled assembly.",
                path);
        }

        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AgBackupClr.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} contains AgBackupClr.sln: run the tests from a clone of the repository.");
    }
}
