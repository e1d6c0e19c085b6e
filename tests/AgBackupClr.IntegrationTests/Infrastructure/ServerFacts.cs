namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>What the tests need to know about an engine to say what SQL Server itself allows.</summary>
internal sealed record ServerFacts(string ServerName, int ProductMajorVersion, int EngineEdition, string ProductVersion)
{
    /// <summary>docs/rules.md F1/F3: a secondary takes copy-only FULL and regular LOG; SQL Server 2025 (17) on
    /// Enterprise/Developer (EngineEdition 3) adds regular FULL and DIFF; COPY_ONLY LOG never.</summary>
    public bool SecondaryMayTake(BackupKind kind)
    {
        bool fullAndDiffOnSecondaries = ProductMajorVersion >= 17 && EngineEdition == 3;
        return kind switch
        {
            BackupKind.CopyOnlyFull => true,
            BackupKind.Log => true,
            BackupKind.CopyOnlyLog => false,
            BackupKind.Full => fullAndDiffOnSecondaries,
            BackupKind.Diff => fullAndDiffOnSecondaries,
            _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
