using System;
using System.Collections.Generic;

namespace AgBackupClr.Model
{
    /// <summary>Everything one instance shows about itself, its databases and its availability groups at one moment.</summary>
    public sealed class ServerState
    {
        public ServerState(
            InstanceFacts instance,
            IReadOnlyList<DatabaseFacts> databases,
            IReadOnlyList<AvailabilityGroupFacts> availabilityGroups,
            IReadOnlyList<CertificateFacts>? certificates = null,
            IReadOnlyList<AsymmetricKeyFacts>? asymmetricKeys = null,
            IReadOnlyList<CredentialFacts>? credentials = null)
        {
            Instance = instance;
            Databases = databases;
            AvailabilityGroups = availabilityGroups;
            Certificates = certificates ?? Array.Empty<CertificateFacts>();
            AsymmetricKeys = asymmetricKeys ?? Array.Empty<AsymmetricKeyFacts>();
            Credentials = credentials ?? Array.Empty<CredentialFacts>();
        }

        public InstanceFacts Instance { get; }

        public IReadOnlyList<DatabaseFacts> Databases { get; }

        public IReadOnlyList<AvailabilityGroupFacts> AvailabilityGroups { get; }

        /// <summary>The certificates in master on this instance (master.sys.certificates).</summary>
        public IReadOnlyList<CertificateFacts> Certificates { get; }

        /// <summary>The asymmetric keys in master on this instance (master.sys.asymmetric_keys).</summary>
        public IReadOnlyList<AsymmetricKeyFacts> AsymmetricKeys { get; }

        /// <summary>The server-level credentials of this instance (sys.credentials).</summary>
        public IReadOnlyList<CredentialFacts> Credentials { get; }

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

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public ServerState With(
            InstanceFacts? instance = null,
            IReadOnlyList<DatabaseFacts>? databases = null,
            IReadOnlyList<AvailabilityGroupFacts>? availabilityGroups = null,
            IReadOnlyList<CertificateFacts>? certificates = null,
            IReadOnlyList<AsymmetricKeyFacts>? asymmetricKeys = null,
            IReadOnlyList<CredentialFacts>? credentials = null) =>
            new ServerState(
                instance ?? Instance,
                databases ?? Databases,
                availabilityGroups ?? AvailabilityGroups,
                certificates ?? Certificates,
                asymmetricKeys ?? AsymmetricKeys,
                credentials ?? Credentials);
    }
}
