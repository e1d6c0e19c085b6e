using System;
using System.Collections.Generic;
using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// Test data for the rule engine: a healthy three-replica availability group 'AG1' (SQL1 primary, SQL2 and SQL3
    /// secondaries, every BACKUP_PRIORITY 50, AUTOMATED_BACKUP_PREFERENCE = SECONDARY) on Enterprise SQL Server 2022 (16.x),
    /// holding database 'Sales' in FULL recovery with base backups. Each test changes only what it is about.
    /// </summary>
    internal sealed class Facts
    {
        public const string Primary = "SQL1";
        public const string Secondary = "SQL2";
        public const string OtherSecondary = "SQL3";

        private Facts(string localReplicaName, List<ReplicaFacts> replicas)
        {
            LocalReplicaName = localReplicaName;
            Replicas = replicas;
        }

        public string LocalReplicaName { get; set; }

        /// <summary>SERVERPROPERTY('ServerName'); null: the local replica's name, as on most instances.</summary>
        public string? ServerName { get; set; }

        public List<ReplicaFacts> Replicas { get; }

        public int ProductMajorVersion { get; set; } = 16;

        public int EngineEdition { get; set; } = 3;

        public bool IsHadrEnabled { get; set; } = true;

        public int TranCount { get; set; }

        public bool CollationIgnoresCase { get; set; } = true;

        public string DatabaseName { get; set; } = "Sales";

        /// <summary>A user database's id; 1 to 4 are master, tempdb, model and msdb.</summary>
        public int DatabaseId { get; set; } = 5;

        public bool DatabaseExists { get; set; } = true;

        public DatabaseState State { get; set; } = DatabaseState.Online;

        public bool IsSnapshot { get; set; }

        public bool IsInStandby { get; set; }

        public RecoveryModel RecoveryModel { get; set; } = RecoveryModel.Full;

        /// <summary>Null: not known (a secondary's own view).</summary>
        public bool? HasLogBackupBase { get; set; } = true;

        public bool? HasDifferentialBase { get; set; } = true;

        public bool IsSeeding { get; set; }

        public bool IsInAvailabilityGroup { get; set; } = true;

        /// <summary>Null: sys.dm_hadr_database_replica_states shows no local row.</summary>
        public SynchronizationState? SynchronizationState { get; set; } = Model.SynchronizationState.Synchronized;

        public bool IsSuspended { get; set; }

        /// <summary>The rows of sys.dm_hadr_database_replica_states for the other replicas: none unless a test adds them (only a primary shows them).</summary>
        public List<OtherReplicaDatabaseFacts> OtherReplicas { get; } = new();

        /// <summary>The answer of sys.fn_hadr_backup_is_preferred_replica; null when unknown.</summary>
        public bool? IsPreferredBackupReplica { get; set; }

        public string GroupName { get; set; } = "AG1";

        public AutomatedBackupPreference Preference { get; set; } = AutomatedBackupPreference.Secondary;

        public bool IsBasic { get; set; }

        public DistributedRole DistributedRole { get; set; } = DistributedRole.NotDistributed;

        public bool OverrideBackupPreference { get; set; }

        public bool WillExecute { get; set; } = true;

        public bool AllowNonCopyOnlyBackupsOnForwarder { get; set; }

        public bool ExcludeSeedingFromLogBackup { get; set; }

        /// <summary>How @Databases chose the database: by name unless a test says otherwise, as fn_ValidateBackupRequest asks.</summary>
        public SelectedBy SelectedBy { get; set; } = SelectedBy.Name;

        /// <summary>The view from the primary: it sees every replica's role and state (docs/rules.md F8).</summary>
        public static Facts OnPrimary() =>
            new Facts(
                Primary,
                new List<ReplicaFacts>
                {
                    Replica(Primary, ReplicaRole.Primary),
                    Replica(Secondary, ReplicaRole.Secondary),
                    Replica(OtherSecondary, ReplicaRole.Secondary),
                });

        /// <summary>The view from a secondary: only its own replica's state is visible (docs/rules.md F8).</summary>
        public static Facts OnSecondary() =>
            new Facts(
                Secondary,
                new List<ReplicaFacts>
                {
                    Unseen(Primary),
                    Replica(Secondary, ReplicaRole.Secondary),
                    Unseen(OtherSecondary),
                });

        public static Facts NotInAvailabilityGroup()
        {
            Facts facts = new Facts(Primary, new List<ReplicaFacts>());
            facts.IsInAvailabilityGroup = false;
            facts.SynchronizationState = null;
            return facts;
        }

        /// <summary>A connected, online, synchronous-commit replica with BACKUP_PRIORITY 50.</summary>
        public static ReplicaFacts Replica(string name, ReplicaRole role, int backupPriority = 50) =>
            new ReplicaFacts(name, backupPriority, AvailabilityMode.SynchronousCommit, role, true, true, false);

        public static ReplicaFacts Unseen(string name, int backupPriority = 50) =>
            new ReplicaFacts(name, backupPriority, AvailabilityMode.SynchronousCommit, null, null, null, false);

        /// <summary>Changes one replica, found by name.</summary>
        public Facts Change(string replicaName, Func<ReplicaFacts, ReplicaFacts> change)
        {
            int index = Replicas.FindIndex(r => r.ReplicaServerName == replicaName);
            if (index < 0)
            {
                throw new ArgumentException("No replica " + replicaName + " in the test data.", nameof(replicaName));
            }

            Replicas[index] = change(Replicas[index]);
            return this;
        }

        public Facts ChangeLocal(Func<ReplicaFacts, ReplicaFacts> change) => Change(LocalReplicaName, change);

        public InstanceFacts Instance() =>
            new InstanceFacts(ServerName ?? LocalReplicaName, LocalReplicaName, null, ProductMajorVersion, EngineEdition, IsHadrEnabled, TranCount, CollationIgnoresCase);

        public DatabaseFacts? Database() =>
            DatabaseExists
                ? new DatabaseFacts(
                    DatabaseName,
                    DatabaseId,
                    State,
                    IsSnapshot,
                    IsInStandby,
                    RecoveryModel,
                    HasLogBackupBase,
                    HasDifferentialBase,
                    IsSeeding,
                    IsInAvailabilityGroup ? GroupName : null,
                    SynchronizationState.HasValue ? new DatabaseReplicaFacts(SynchronizationState.Value, IsSuspended) : null,
                    IsPreferredBackupReplica,
                    otherReplicas: OtherReplicas.ToArray())
                : null;

        public AvailabilityGroupFacts? Group() =>
            IsInAvailabilityGroup
                ? new AvailabilityGroupFacts(
                    GroupName,
                    Preference,
                    IsBasic,
                    DistributedRole,
                    false,
                    "WSFC",
                    Replicas.ConvertAll(r => r.With(isLocal: r.ReplicaServerName == LocalReplicaName)))
                : null;

        public BackupDecision Decide(BackupType backupType, bool copyOnly = false) =>
            BackupDecisionEngine.Decide(
                Instance(),
                DatabaseName,
                Database(),
                Group(),
                new BackupRequest(backupType, copyOnly, OverrideBackupPreference, WillExecute, SelectedBy, AllowNonCopyOnlyBackupsOnForwarder, ExcludeSeedingFromLogBackup));

        public ElectionResult Elect() =>
            BackupElection.Elect(Group() ?? throw new InvalidOperationException("The test data has no availability group."));
    }
}
