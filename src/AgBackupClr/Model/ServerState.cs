using System;
using System.Collections.Generic;

namespace AgBackupClr.Model
{
    /// <summary>Everything one instance shows about itself, its databases and its availability groups at one moment.</summary>
    public sealed record ServerState(
        InstanceFacts Instance,
        IReadOnlyList<DatabaseFacts> Databases,
        IReadOnlyList<AvailabilityGroupFacts> AvailabilityGroups)
    {
        /// <summary>The certificates in master on this instance (master.sys.certificates).</summary>
        public IReadOnlyList<CertificateFacts> Certificates { get; init; } = Array.Empty<CertificateFacts>();

        /// <summary>The asymmetric keys in master on this instance (master.sys.asymmetric_keys).</summary>
        public IReadOnlyList<AsymmetricKeyFacts> AsymmetricKeys { get; init; } = Array.Empty<AsymmetricKeyFacts>();

        /// <summary>The server-level credentials of this instance (sys.credentials).</summary>
        public IReadOnlyList<CredentialFacts> Credentials { get; init; } = Array.Empty<CredentialFacts>();

        /// <summary>
        /// The database of that name as SQL Server resolves it: an exact match first, then, where the server collation
        /// ignores case, one that differs only in case. On a case-sensitive server 'Master' is not master.
        /// </summary>
        public DatabaseFacts? FindDatabase(string name)
        {
            DatabaseFacts? differentCase = null;
            foreach (DatabaseFacts database in Databases)
            {
                if (string.Equals(database.Name, name, StringComparison.Ordinal))
                {
                    return database;
                }

                if (differentCase == null && string.Equals(database.Name, name, Instance.NameComparison))
                {
                    differentCase = database;
                }
            }

            return differentCase;
        }

        public AvailabilityGroupFacts? GroupOf(DatabaseFacts database)
        {
            if (database.AvailabilityGroupName == null)
            {
                return null;
            }

            foreach (AvailabilityGroupFacts group in AvailabilityGroups)
            {
                if (string.Equals(group.Name, database.AvailabilityGroupName, StringComparison.OrdinalIgnoreCase))
                {
                    return group;
                }
            }

            return null;
        }
    }
}
