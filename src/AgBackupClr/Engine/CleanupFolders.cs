using System;
using System.Collections.Generic;
using AgBackupClr.Model;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// The cleanup folders that two databases of this instance share. A folder is cleaned with one database's chain guard, so a
    /// folder that is also another database's would lose that database's backups. The directory structures are checked when the
    /// parameters are read (no two name tokens in one folder name), but names that differ only in case (Sales and SALES on a
    /// case-sensitive server) still give one folder where the file system ignores case: Windows and SMB shares always, and a
    /// Linux path may be such a share, so folders are compared ignoring case everywhere.
    /// </summary>
    public sealed class CleanupFolders
    {
        /// <summary>Each folder, compared as a case-insensitive file system compares it, with every database whose folder it is.</summary>
        private readonly Dictionary<string, List<string>> owners;

        /// <summary>A cleanup's structure has no {Timestamp} (the parameters are refused otherwise), so its folders need no time.</summary>
        private static readonly DateTime NoTime = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private CleanupFolders(Dictionary<string, List<string>> owners)
        {
            this.owners = owners;
        }

        /// <summary>Every database of the instance, selected or not (another job may clean its folder), with the type and copy-only of this job.</summary>
        public static CleanupFolders Of(ServerState server, BackupArguments arguments)
        {
            var owners = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (DatabaseFacts database in server.Databases)
            {
                bool inGroup = database.IsInAvailabilityGroup;
                string structure = inGroup ? arguments.AvailabilityGroupDirectoryStructure : arguments.DirectoryStructure;
                var values = new FileNameValues(
                    server.Instance.MachineName, server.Instance.InstanceName, database.AvailabilityGroupName, database.Name, arguments.BackupType, arguments.CopyOnly, NoTime);
                foreach (string directory in arguments.Destination.Paths)
                {
                    BackupPath folder = BackupFileName.BuildFolder(directory, structure, inGroup ? "@AvailabilityGroupDirectoryStructure" : "@DirectoryStructure", values, server.Instance.IsLinux);
                    if (folder.Path == null)
                    {
                        continue;
                    }

                    if (!owners.TryGetValue(folder.Path, out List<string>? names))
                    {
                        names = new List<string>();
                        owners.Add(folder.Path, names);
                    }

                    if (!names.Contains(database.Name))
                    {
                        names.Add(database.Name);
                    }
                }
            }

            return new CleanupFolders(owners);
        }

        /// <summary>The other databases whose cleanup folder this is too; empty when it is this database's alone.</summary>
        public IReadOnlyList<string> OthersIn(string folder, string databaseName)
        {
            var others = new List<string>();
            if (owners.TryGetValue(folder, out List<string>? names))
            {
                foreach (string name in names)
                {
                    if (!string.Equals(name, databaseName, StringComparison.Ordinal))
                    {
                        others.Add(name);
                    }
                }
            }

            return others;
        }
    }
}
