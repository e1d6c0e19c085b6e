using System;
using System.Collections.Generic;

namespace AgBackupClr.Model
{
    /// <summary>Instance-wide facts: SERVERPROPERTY values, @@TRANCOUNT.</summary>
    public sealed record InstanceFacts(
        string ServerName,
        string MachineName,
        string? InstanceName,
        int ProductMajorVersion,
        int EngineEdition,
        bool IsHadrEnabled,
        int TranCount)
    {
        /// <summary>SERVERPROPERTY('EngineEdition') of Enterprise and Developer.</summary>
        public const int EnterpriseEngineEdition = 3;

        public bool IsEnterpriseEngine => EngineEdition == EnterpriseEngineEdition;
    }

    /// <summary>
    /// One row of sys.databases with what the backup rules need from elsewhere. HasLogBackupBase and
    /// HasDifferentialBase are null where they are not known (on a secondary replica).
    /// </summary>
    public sealed record DatabaseFacts(
        string Name,
        DatabaseState State,
        RecoveryModel RecoveryModel,
        bool? HasLogBackupBase,
        bool? HasDifferentialBase,
        bool IsSeeding,
        string? AvailabilityGroupName,
        DatabaseReplicaFacts? LocalReplica,
        bool? IsPreferredBackupReplica)
    {
        public bool IsInAvailabilityGroup => AvailabilityGroupName != null;

        /// <summary>master, model, msdb and tempdb: what SYSTEM_DATABASES selects.</summary>
        public bool IsSystemDatabase => IsSystemDatabaseName(Name);

        public static bool IsSystemDatabaseName(string name) =>
            string.Equals(name, "master", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "model", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "msdb", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "tempdb", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The local row of sys.dm_hadr_database_replica_states.</summary>
    public sealed record DatabaseReplicaFacts(SynchronizationState SynchronizationState, bool IsSuspended);

    /// <summary>
    /// A row of sys.availability_replicas with the state sys.dm_hadr_availability_replica_states shows.
    /// Role, IsConnected and IsOnline are null where SQL Server does not show them (other replicas, seen
    /// from a secondary).
    /// </summary>
    public sealed record ReplicaFacts(
        string ReplicaServerName,
        int BackupPriority,
        AvailabilityMode AvailabilityMode,
        ReplicaRole? Role,
        bool? IsConnected,
        bool? IsOnline,
        bool IsLocal);

    /// <summary>A row of sys.availability_groups with its replicas.</summary>
    public sealed record AvailabilityGroupFacts(
        string Name,
        AutomatedBackupPreference AutomatedBackupPreference,
        bool IsBasic,
        DistributedRole DistributedRole,
        bool IsContained,
        string ClusterType,
        IReadOnlyList<ReplicaFacts> Replicas)
    {
        public ReplicaFacts? LocalReplica
        {
            get
            {
                foreach (ReplicaFacts replica in Replicas)
                {
                    if (replica.IsLocal)
                    {
                        return replica;
                    }
                }

                return null;
            }
        }

        public ReplicaRole? LocalRole => LocalReplica?.Role;
    }

    /// <summary>
    /// What a caller asks: a backup type, copy-only, whether to override the preference, and two policies that are off
    /// by default (named as in Ola Hallengren's DatabaseBackup): non-copy-only backups on a distributed availability
    /// group's forwarder, and skipping LOG backups on the seeding source while automatic seeding runs.
    /// </summary>
    public sealed record BackupRequest(
        BackupType BackupType,
        bool CopyOnly,
        bool OverrideBackupPreference,
        bool WillExecute,
        bool AllowNonCopyOnlyBackupsOnForwarder = false,
        bool ExcludeSeedingFromLogBackup = false);
}
