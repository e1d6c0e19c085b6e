using System.Globalization;
using AgBackupClr.Model;

namespace AgBackupClr.Rules
{
    /// <summary>How reasons name things, the same in every sentence.</summary>
    internal static class Describe
    {
        public static string Quote(string name) => "'" + name + "'";

        public static string Priority(ReplicaFacts replica) =>
            replica.ReplicaServerName + " (BACKUP_PRIORITY = " + replica.BackupPriority.ToString(CultureInfo.InvariantCulture) + ")";

        public static string Sentence(string clause) =>
            clause.Length == 0 ? clause : char.ToUpperInvariant(clause[0]) + clause.Substring(1);
    }
}
