using System;
using System.Linq;

namespace AgBackupClr.IntegrationTests.ReplicaNames;

/// <summary>Replica names the tests make up from a real one.</summary>
internal static class ReplicaName
{
    /// <summary>The same name with the case of every letter turned ("agb-Case" gives "AGB-cASE"): a different string that
    /// a comparison without regard to case takes for the same name.</summary>
    public static string InTheOtherCase(string name)
    {
        if (!name.Any(char.IsLetter))
        {
            throw new ArgumentException($"'{name}' has no letter, so no other case of it exists.", nameof(name));
        }

        return string.Concat(name.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
    }
}
