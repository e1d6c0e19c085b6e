using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>The AgBackupClr assembly installed in one utility database, and whether the instance trusts its bits.</summary>
internal sealed record InstalledAssembly(string ClrName, string Hash, string? TrustedDescription)
{
    /// <summary>The assembly version of <see cref="ClrName"/> ("agbackupclr, version=1.1.0.0, culture=neutral, ..."), as
    /// deploy.sql writes it in the trust description: three parts.</summary>
    public string Version
    {
        get
        {
            Match version = Regex.Match(ClrName, @"version=(?<version>[0-9.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            return version.Success ? System.Version.Parse(version.Groups["version"].Value).ToString(3) : ClrName;
        }
    }

    /// <summary>What deploy.sql names a hash it trusts for a database (README, Deploy to every replica).</summary>
    public static string TrustDescriptionFor(string version, string database)
    {
        return string.Create(CultureInfo.InvariantCulture, $"AgBackupClr {version} deploy.sql in database [{database}]");
    }
}

/// <summary>One hash the instance trusts under an AgBackupClr description, and how many databases hold an assembly with those bits.</summary>
internal sealed record TrustedHash(string Hash, string Description, int DatabasesHolding)
{
    public override string ToString()
    {
        return string.Create(CultureInfo.InvariantCulture, $"{Hash[..18]}... '{Description}' held by {DatabasesHolding} database(s)");
    }
}

/// <summary>What deploy.sql left on an instance: read back with the Sql/Deployment queries.</summary>
internal static class DeploymentState
{
    /// <summary>The SHA2_512 a generated deploy.sql embeds, from its header: "-- AgBackupClr 1.1.0, assembly SHA2_512: 0x..."
    /// since 1.1.0, "-- Assembly SHA2_512: 0x..." in the released 1.0.0 that the upgrade tests install first.</summary>
    public static string HashOf(string deployScript)
    {
        Match header = Regex.Match(
            deployScript,
            @"^-- (?:AgBackupClr [0-9.]+, assembly|Assembly) SHA2_512: (?<hash>0x[0-9A-F]+)\s*$",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);
        return header.Success
            ? header.Groups["hash"].Value
            : throw new InvalidOperationException(
                "The deploy.sql header has no '-- AgBackupClr <version>, assembly SHA2_512: 0x...' line: the generator changed, so change HashOf with it.");
    }

    /// <summary>The AgBackupClr assembly in <paramref name="database"/>, or null when none is installed there.</summary>
    public static async Task<InstalledAssembly?> InstalledAsync(SqlServerInstance server, string database)
    {
        IReadOnlyList<SqlRow> rows = await server.QueryFileAsync(database, "Deployment/InstalledAssembly.sql");
        return rows.Select(row => new InstalledAssembly(
                row.Text("clr_name") ?? string.Empty, row.Text("assembly_hash") ?? string.Empty, row.Text("trusted_description")))
            .SingleOrDefault();
    }

    public static async Task<IReadOnlyList<TrustedHash>> TrustedHashesAsync(SqlServerInstance server)
    {
        IReadOnlyList<SqlRow> rows = await server.QueryFileAsync("master", "Deployment/TrustedAgBackupClrHashes.sql");
        return rows.Select(row => new TrustedHash(
                row.Text("trusted_hash") ?? string.Empty, row.Text("description") ?? string.Empty, row.Number("databases_holding") ?? 0))
            .ToArray();
    }

    public static async Task<IReadOnlyList<string>> InstalledObjectsAsync(SqlServerInstance server, string database)
    {
        IReadOnlyList<SqlRow> rows = await server.QueryFileAsync(database, "Deployment/InstalledObjects.sql");
        return rows.Select(row => row.Text("item") ?? string.Empty).ToArray();
    }

    public static async Task<int> DecisionLogCountAsync(SqlServerInstance server, string database)
    {
        SqlRow row = await server.QuerySingleFileAsync(database, "Deployment/DecisionLogCount.sql");
        return row.Number("row_count") ?? 0;
    }
}
