using System.IO;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The last released deploy.sql: what a DBA has installed when they upgrade.</summary>
/// <remarks>Committed as test data, not read from git history: a shallow clone (CI's default) has no history. The file is
/// <c>git show 42a44393de78443725e9414cf5da5fd197c05b57:deploy.sql</c>, the commit AgBackupClr 1.0.0 was released from.
/// Replace it (and <see cref="TrustDescription"/>) when a new version is released.</remarks>
internal static class ReleasedVersion
{
    /// <summary>Where the released script is, from the repository root.</summary>
    public const string DeployScriptPath = "tests/AgBackupClr.IntegrationTests/Data/released-1.0.0-deploy.sql";

    /// <summary>1.0.0 trusted its hash with this description, whatever the database (README, Deploy to every replica).</summary>
    public const string TrustDescription = "AgBackupClr deploy.sql";

    public static string ReadDeployScript() => File.ReadAllText(Path.Combine(RepositoryFiles.Root, DeployScriptPath));
}
