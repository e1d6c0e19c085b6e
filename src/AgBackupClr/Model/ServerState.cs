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
        /// <summary>
        /// The database of that name: an exact match first, then one that differs only in case, as on the
        /// case-insensitive collations almost every instance uses.
        /// </summary>
        public DatabaseFacts? FindDatabase(string name)
        {
            DatabaseFacts? caseInsensitive = null;
            foreach (DatabaseFacts database in Databases)
            {
                if (string.Equals(database.Name, name, StringComparison.Ordinal))
                {
                    return database;
                }

                if (caseInsensitive == null && string.Equals(database.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    caseInsensitive = database;
                }
            }

            return caseInsensitive;
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
