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
        public DatabaseFacts? FindDatabase(string name)
        {
            foreach (DatabaseFacts database in Databases)
            {
                // Database names compare by the instance collation; case-insensitive is what almost every instance uses.
                if (string.Equals(database.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return database;
                }
            }

            return null;
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
