using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The promise of the product over any topology SQL Server can have (issue 10, docs/rules.md, the promise over a whole group): for every
/// availability database and backup, across the replicas, at most one BACKUP; when none, at least one REFUSE, so a
/// backup someone expects never goes missing silently; and a BACKUP only where SQL Server accepts the statement. The
/// one exception: in a distributed availability group's secondary group FULL, DIFF and LOG belong to the global
/// primary's group, and every row there says so. The acceptance oracle is written here from docs/rules.md F1-F5 and F9.
/// </summary>
public class PlanInvariantTests
{
    private const int Topologies = 4_000;

    private static readonly Gen<TopologyInstance> Instances =
        Gen.Select(Gen.Int[13, 17], Gen.OneOfConst(2, 3), (version, edition) => new TopologyInstance(version, edition));

    private static readonly Gen<TopologyDatabaseReplica> DatabaseStates =
        Gen.Select(
            Gen.OneOfConst(
                SynchronizationState.Synchronized, SynchronizationState.Synchronized, SynchronizationState.Synchronizing,
                SynchronizationState.NotSynchronizing, SynchronizationState.Reverting, SynchronizationState.Initializing),
            Gen.Int[0, 5],
            (state, suspended) => new TopologyDatabaseReplica("Sales", state, suspended == 0));

    /// <summary>A replica on the instance's version and edition, or (a rolling upgrade) on its own; with or without the certificate and the credential the job's options need.</summary>
    private static readonly Gen<TopologyReplica> Replicas =
        Gen.Select(
            Gen.Select(
                Gen.OneOfConst(0, 1, 50, 50, 60, 100),
                Gen.OneOfConst(AvailabilityMode.SynchronousCommit, AvailabilityMode.AsynchronousCommit, AvailabilityMode.ConfigurationOnly),
                Gen.OneOfConst(ReplicaRole.Secondary, ReplicaRole.Secondary, ReplicaRole.Resolving),
                Gen.Int[0, 4],
                Gen.Int[0, 4],
                DatabaseStates),
            Gen.OneOfConst<int?>(null, null, null, 13, 15, 16, 17),
            Gen.OneOfConst<int?>(null, null, null, 2, 3),
            Gen.Int[0, 3],
            Gen.Int[0, 3],
            (replica, version, edition, certificate, credential) => new TopologyReplica(
                "R", replica.Item1, replica.Item2, replica.Item3, replica.Item4 != 0, replica.Item5 != 0, new[] { replica.Item6 })
            {
                ProductMajorVersion = version,
                EngineEdition = edition,
                Certificates = certificate == 0 ? Array.Empty<string>() : new[] { Certificate },
                Credentials = credential == 0 ? Array.Empty<CredentialFacts>() : new[] { new CredentialFacts(S3Bucket, "S3 Access Key") },
            });

    private const string Certificate = "BackupCertificate";
    private const string S3Bucket = "s3://s3.example.com/sql";

    /// <summary>No options, or one whose checks depend on the replica: encryption with a certificate, ZSTD (SQL Server 2025), S3 (SQL Server 2022 and a credential).</summary>
    private static readonly Gen<JobOption> JobOptions = Gen.OneOfConst(JobOption.None, JobOption.None, JobOption.Encrypt, JobOption.Zstd, JobOption.S3);

    private static readonly Gen<Topology> TopologiesGen =
        Gen.Select(
            Instances,
            Gen.OneOfConst(AutomatedBackupPreference.Primary, AutomatedBackupPreference.SecondaryOnly, AutomatedBackupPreference.Secondary, AutomatedBackupPreference.None),
            Gen.OneOfConst(DistributedRole.NotDistributed, DistributedRole.NotDistributed, DistributedRole.GlobalPrimary, DistributedRole.Secondary),
            Replicas.Array[1, 5],
            Gen.Int[-1, 4],
            Gen.Select(
                Gen.OneOfConst(DatabaseState.Online, DatabaseState.Online, DatabaseState.Online, DatabaseState.Restoring, DatabaseState.Suspect),
                Gen.Bool,
                Gen.Bool),
            (instance, preference, distributed, replicas, primaryAt, database) =>
                Valid(instance, preference, distributed, replicas, primaryAt, database.Item1, database.Item2, database.Item3));

    /// <summary>The same topologies, half of them with the default BACKUP_PRIORITY 50 on every replica whose priority is above 0: ties are the point.</summary>
    private static readonly Gen<Topology> TiedTopologiesGen =
        Gen.Select(TopologiesGen, Gen.Bool, (topology, equal) => equal ? WithEqualPriorities(topology) : topology);

    public enum JobOption
    {
        None,
        Encrypt,
        Zstd,
        S3,
    }

    [Test]
    public void Every_backup_of_every_availability_database_is_taken_once_or_refused_somewhere_and_only_where_sql_server_accepts_it()
    {
        Property.ForAll(
            Gen.Select(TiedTopologiesGen, JobOptions),
            Topologies,
            planned => Assert.That(Violations(planned.Item1, planned.Item2), Is.Empty, Describe(planned.Item1) + ", options " + planned.Item2));
    }

    [Test]
    public void The_generated_topologies_reach_rolling_upgrades_and_every_refusal_of_the_job_options()
    {
        var reached = new HashSet<string>();
        Property.ForAll(Gen.Select(TopologiesGen, JobOptions), Topologies, planned =>
        {
            Topology topology = planned.Item1;
            TopologyGroup group = topology.AvailabilityGroups[0];
            if (group.Replicas.Any(replica => topology.IsOlderThanPrimary(group, replica)))
            {
                reached.Add("a secondary older than its primary");
                if (group.AutomatedBackupPreference != AutomatedBackupPreference.Primary)
                {
                    reached.Add("a secondary older than its primary under another preference than PRIMARY");
                }
            }

            if (group.Replicas.Any(replica => topology.InstanceOf(replica).ProductMajorVersion > topology.InstanceOf(group.Primary ?? replica).ProductMajorVersion))
            {
                reached.Add("a secondary newer than its primary");
            }

            foreach (PlanRow row in BackupPlanner.Plan(topology, PlannedBackup.Default, Arguments(planned.Item2)))
            {
                reached.Add(row.Decision.ReasonCode);
            }
        });

        Assert.That(
            reached,
            Is.SupersetOf(new[]
            {
                "a secondary older than its primary", "a secondary older than its primary under another preference than PRIMARY", "a secondary newer than its primary",
                ReasonCodes.RefusePreferredReplicaNotSynchronizing, ReasonCodes.RefuseEncryptorNotFound, ReasonCodes.RefuseCredentialNotFound,
                ReasonCodes.RefuseInvalidArgument, ReasonCodes.OkPreferredReplica, ReasonCodes.RefuseSecondaryUnhealthy,
            }));
    }

    /// <summary>
    /// Issue 20: SQL Server does not document how it breaks a tie between equal BACKUP_PRIORITY, so the primary, which
    /// judges the health of the replica SQL Server prefers, must decide the same whichever tied name sorts first. Renaming
    /// the secondaries of each priority among themselves changes only the order of tied names: each keeps its role,
    /// version, connection and copy, and the primary keeps its name, so SQL Server's answer on the primary (here the
    /// planner's lowest-name stand-in) is unchanged. The secondaries' own rows may change with it, since they follow that
    /// answer, which a real server gives.
    /// </summary>
    [Test]
    public void Renaming_tied_secondaries_changes_no_decision_and_no_warning_of_the_primary()
    {
        int tiesThatDiffer = 0;
        Property.ForAll(Gen.Select(TiedTopologiesGen, JobOptions), Topologies, planned =>
        {
            Topology topology = planned.Item1;
            Topology renamed = WithTiedSecondariesRenamed(topology);
            TopologyReplica? primary = topology.AvailabilityGroups[0].Primary;
            if (primary == null)
            {
                return;
            }

            if (TiedSecondariesDifferInHealth(topology))
            {
                tiesThatDiffer++;
            }

            string[] before = PrimaryDecisions(topology, primary.ReplicaServerName, planned.Item2);
            string[] after = PrimaryDecisions(renamed, primary.ReplicaServerName, planned.Item2);
            Assert.That(after, Is.EqualTo(before), Describe(topology) + ", options " + planned.Item2 + "; renamed: " + Describe(renamed));
        });

        Assert.That(tiesThatDiffer, Is.GreaterThan(Topologies / 100), "topologies where secondaries tied at one priority differ in health, so the order of their names could matter");
    }

    /// <summary>
    /// The case the property found with the old lowest-name guess, written out: SQL2 and SQL3 tie under SECONDARY, SQL2 (whose
    /// name sorts first) is suspended. The primary skips with a warning; with the names the other way round, the same.
    /// </summary>
    [TestCase("SQL2", "SQL3")]
    [TestCase("SQL3", "SQL2")]
    public void One_suspended_secondary_of_two_tied_ones_is_a_warning_on_the_primary_whichever_name_it_has(string suspendedName, string healthyName)
    {
        var replicas = new[]
        {
            new TopologyReplica("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Primary, true, true, Array.Empty<TopologyDatabaseReplica>()),
            new TopologyReplica(suspendedName, 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true,
                new[] { new TopologyDatabaseReplica("Sales", SynchronizationState.NotSynchronizing, true) }),
            new TopologyReplica(healthyName, 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, Array.Empty<TopologyDatabaseReplica>()),
        };
        var topology = new Topology(
            new TopologyInstance(16, 3),
            new[] { new TopologyGroup("AG1", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, replicas) },
            new[] { new TopologyDatabase("Sales", DatabaseState.Online, RecoveryModel.Full, true, true, "AG1") });

        PlanRow primary = BackupPlanner.Plan(topology, new[] { new PlannedBackup(BackupType.Log, false) }).Single(row => row.ReplicaServerName == "SQL1");

        Assert.That(primary.Decision.ReasonCode, Is.EqualTo(ReasonCodes.SkipNotPreferred));
        Assert.That(primary.Decision.Warnings.Select(w => w.Code), Is.EqualTo(new[] { ReasonCodes.WarnPreferredReplicaNotSynchronizing }));
    }

    [Test]
    public void A_group_whose_primary_is_gone_is_refused_on_every_secondary_not_skipped_everywhere()
    {
        var replicas = new[]
        {
            new TopologyReplica("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, Array.Empty<TopologyDatabaseReplica>()),
            new TopologyReplica("SQL2", 60, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, Array.Empty<TopologyDatabaseReplica>()),
        };
        var topology = new Topology(
            new TopologyInstance(16, 3),
            new[] { new TopologyGroup("AG1", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, replicas) },
            new[] { new TopologyDatabase("Sales", DatabaseState.Online, RecoveryModel.Full, true, true, "AG1") });

        IReadOnlyList<PlanRow> plan = BackupPlanner.Plan(topology, PlannedBackup.Default);

        Assert.That(plan.Select(row => row.Decision.ReasonCode).Distinct(), Is.EqualTo(new[] { ReasonCodes.RefusePrimaryNotReachable }));
    }

    [Test]
    public void A_resolving_replica_never_wins_the_election_so_a_healthy_secondary_takes_the_log()
    {
        var replicas = new[]
        {
            new TopologyReplica("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Primary, true, true, Array.Empty<TopologyDatabaseReplica>()),
            new TopologyReplica("SQL2", 100, AvailabilityMode.SynchronousCommit, ReplicaRole.Resolving, true, true, Array.Empty<TopologyDatabaseReplica>()),
            new TopologyReplica("SQL3", 40, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, Array.Empty<TopologyDatabaseReplica>()),
        };
        var topology = new Topology(
            new TopologyInstance(16, 3),
            new[] { new TopologyGroup("AG1", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, replicas) },
            new[] { new TopologyDatabase("Sales", DatabaseState.Online, RecoveryModel.Full, true, true, "AG1") });

        IReadOnlyList<PlanRow> plan = BackupPlanner.Plan(topology, new[] { new PlannedBackup(BackupType.Log, false) });

        Assert.That(plan.Single(row => row.ReplicaServerName == "SQL3").Decision.ReasonCode, Is.EqualTo(ReasonCodes.OkPreferredReplica));
        Assert.That(plan.Single(row => row.ReplicaServerName == "SQL2").Decision.ReasonCode, Is.EqualTo(ReasonCodes.RefuseReplicaResolving));
    }

    /// <summary>What the promise would break for this topology, one line each; empty when it holds.</summary>
    private static IEnumerable<string> Violations(Topology topology, JobOption option)
    {
        TopologyGroup group = topology.AvailabilityGroups[0];
        IReadOnlyList<PlanRow> plan = BackupPlanner.Plan(topology, PlannedBackup.Default, Arguments(option));
        foreach (PlannedBackup backup in PlannedBackup.Default)
        {
            List<PlanRow> rows = plan.Where(row => row.Backup == backup && row.DatabaseName == "Sales").ToList();
            string what = backup.Label + ": " + string.Join("; ", rows.Select(r => r.ReplicaServerName + " " + r.Decision.Action + " " + r.Decision.ReasonCode));
            int backups = rows.Count(row => row.Decision.Action == DecisionAction.Backup);
            bool belongsToGlobalPrimary = group.DistributedRole == DistributedRole.Secondary && !(backup.BackupType == BackupType.Full && backup.CopyOnly);
            if (backups > 1)
            {
                yield return "more than one BACKUP: " + what;
            }

            if (backups == 0 && !belongsToGlobalPrimary && rows.All(row => row.Decision.Action != DecisionAction.Refuse)
                && !(IsRollingUpgradeAgainstTheDocs(topology) && PrimaryWarnsOfATiedReplica(rows, group)))
            {
                yield return "nobody backs up and nobody refuses: " + what;
            }

            if (belongsToGlobalPrimary && rows.Any(row => row.Decision.Action == DecisionAction.Skip && !row.Decision.Reason.Contains("global primary", StringComparison.Ordinal)))
            {
                yield return "a skip in a distributed group's secondary group that does not name the global primary: " + what;
            }

            foreach (PlanRow row in rows.Where(row => row.Decision.Action == DecisionAction.Backup))
            {
                TopologyReplica replica = group.Replicas.Single(r => r.ReplicaServerName == row.ReplicaServerName);
                if (!SqlServerAccepts(topology, group, replica, backup, option))
                {
                    yield return "BACKUP on " + replica.ReplicaServerName + ", where SQL Server refuses it: " + what;
                }
            }
        }
    }

    /// <summary>The primary's action, reason code and warning codes for each planned backup of Sales.</summary>
    private static string[] PrimaryDecisions(Topology topology, string primaryName, JobOption option) =>
        BackupPlanner.Plan(topology, PlannedBackup.Default, Arguments(option))
            .Where(row => row.ReplicaServerName == primaryName && row.DatabaseName == "Sales")
            .Select(row => row.Backup.Label + " " + row.Decision.Action + " " + row.Decision.ReasonCode + " [" + string.Join(",", row.Decision.Warnings.Select(w => w.Code)) + "]")
            .ToArray();

    private static Topology WithEqualPriorities(Topology topology)
    {
        TopologyGroup group = topology.AvailabilityGroups[0];
        TopologyReplica[] replicas = group.Replicas.Select(r => r.BackupPriority == 0 ? r : r with { BackupPriority = 50 }).ToArray();
        return topology with { AvailabilityGroups = new[] { group with { Replicas = replicas } } };
    }

    /// <summary>The same topology with the names of the secondaries of each BACKUP_PRIORITY reversed among themselves.</summary>
    private static Topology WithTiedSecondariesRenamed(Topology topology)
    {
        TopologyGroup group = topology.AvailabilityGroups[0];
        var replicas = group.Replicas.ToArray();
        foreach (IGrouping<int, int> tied in Enumerable.Range(0, replicas.Length)
            .Where(i => replicas[i].Role == ReplicaRole.Secondary)
            .GroupBy(i => replicas[i].BackupPriority))
        {
            int[] positions = tied.ToArray();
            string[] names = positions.Select(i => group.Replicas[i].ReplicaServerName).Reverse().ToArray();
            for (int k = 0; k < positions.Length; k++)
            {
                replicas[positions[k]] = replicas[positions[k]] with { ReplicaServerName = names[k] };
            }
        }

        return topology with { AvailabilityGroups = new[] { group with { Replicas = replicas } } };
    }

    /// <summary>Two connected, online secondaries of one priority above 0, one of whose copies SQL Server can back up and one it cannot.</summary>
    private static bool TiedSecondariesDifferInHealth(Topology topology)
    {
        TopologyGroup group = topology.AvailabilityGroups[0];
        return group.Replicas
            .Where(r => r.Role == ReplicaRole.Secondary && r.BackupPriority > 0 && r.IsConnected && r.IsOnline && r.AvailabilityMode != AvailabilityMode.ConfigurationOnly)
            .GroupBy(r => r.BackupPriority)
            .Any(tied => tied.Select(r => IsHealthy(topology.StateOf(group, r, "Sales"))).Distinct().Count() > 1);
    }

    private static bool IsHealthy(TopologyDatabaseReplica state) =>
        !state.IsSuspended && (state.SynchronizationState == SynchronizationState.Synchronized || state.SynchronizationState == SynchronizationState.Synchronizing);

    /// <summary>
    /// A secondary older than its primary, under another preference than PRIMARY, which the docs' upgrade steps set first
    /// (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md). Such a
    /// secondary skips a FULL or DIFF by its own version while the upgraded primary leaves it there. When it ties with a
    /// secondary that can take it, the primary cannot know which one SQL Server prefers (issue 20: no refusal on a guess);
    /// it warns, and the plan warns about the preference (RollingUpgradeTests).
    /// </summary>
    private static bool IsRollingUpgradeAgainstTheDocs(Topology topology)
    {
        TopologyGroup group = topology.AvailabilityGroups[0];
        return group.AutomatedBackupPreference != AutomatedBackupPreference.Primary && group.Replicas.Any(replica => topology.IsOlderThanPrimary(group, replica));
    }

    private static bool PrimaryWarnsOfATiedReplica(IEnumerable<PlanRow> rows, TopologyGroup group) =>
        rows.Any(row => row.ReplicaServerName == group.Primary?.ReplicaServerName
            && row.Decision.Warnings.Any(warning => warning.Code == ReasonCodes.WarnPreferredReplicaNotSynchronizing));

    /// <summary>The job's options as usp_BackupIfPreferred's parser reads them.</summary>
    private static BackupArguments? Arguments(JobOption option)
    {
        if (option == JobOption.None)
        {
            return null;
        }

        var raw = new RawBackupArguments("ALL_DATABASES", "FULL", option == JobOption.S3 ? null : "NUL", "Y", null, option == JobOption.Encrypt ? null : "Y", null, null, null, null, null, null,
            compressionAlgorithm: option == JobOption.Zstd ? "ZSTD" : null,
            encrypt: option == JobOption.Encrypt ? "Y" : null,
            encryptionAlgorithm: option == JobOption.Encrypt ? "AES_256" : null,
            serverCertificate: option == JobOption.Encrypt ? Certificate : null,
            url: option == JobOption.S3 ? S3Bucket : null);
        return BackupArgumentParser.Parse(raw).Arguments ?? throw new AssertionException("The test's options do not parse: " + BackupArgumentParser.Parse(raw).Error);
    }

    /// <summary>docs/rules.md F1-F5 and F9, and the replica-dependent options, written here without the rule code: does SQL Server run this BACKUP on this replica?</summary>
    private static bool SqlServerAccepts(Topology topology, TopologyGroup group, TopologyReplica replica, PlannedBackup backup, JobOption option)
    {
        TopologyDatabase database = topology.Databases[0];
        TopologyInstance own = topology.InstanceOf(replica);
        bool copyOnlyFull = backup.BackupType == BackupType.Full && backup.CopyOnly;
        bool optionsAccepted = option switch
        {
            // The encryptor is a certificate in this instance's master (docs/t-sql/statements/backup-transact-sql.md, ENCRYPTION).
            JobOption.Encrypt => replica.Certificates.Contains(Certificate),
            // ZSTD from SQL Server 2025 (docs/relational-databases/backup-restore/backup-compression-sql-server.md).
            JobOption.Zstd => own.ProductMajorVersion >= 17,
            // S3 from SQL Server 2022, with a credential of this instance named after the bucket
            // (docs/relational-databases/backup-restore/sql-server-backup-to-url-s3-compatible-object-storage.md).
            JobOption.S3 => own.ProductMajorVersion >= 16 && replica.Credentials.Any(credential => credential.Name == S3Bucket),
            _ => true,
        };
        if (!optionsAccepted
            || database.State != DatabaseState.Online
            || (backup.BackupType == BackupType.Log && !database.HasLogBackupBase)
            || (backup.BackupType == BackupType.Diff && !database.HasDifferentialBase))
        {
            return false;
        }

        if (replica.Role == ReplicaRole.Primary)
        {
            // A replica whose operational_state is not ONLINE serves no requests
            // (docs/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql.md).
            // The forwarder of a distributed group's secondary group: COPY_ONLY FULL only, by policy (issue 10).
            return replica.IsOnline && (group.DistributedRole != DistributedRole.Secondary || copyOnlyFull);
        }

        // "During a version upgrade, no replicas will be readable or available for backups"
        // (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md).
        TopologyReplica? primary = group.Primary;
        if (primary != null && topology.InstanceOf(primary).ProductMajorVersion != own.ProductMajorVersion)
        {
            return false;
        }

        bool primaryOnline = group.Replicas.Any(r => r.Role == ReplicaRole.Primary && r.IsOnline);
        TopologyDatabaseReplica state = topology.StateOf(group, replica, database.Name);
        bool healthy = replica.Role == ReplicaRole.Secondary && replica.IsConnected && primaryOnline && !state.IsSuspended
            && (state.SynchronizationState == SynchronizationState.Synchronized || state.SynchronizationState == SynchronizationState.Synchronizing);
        bool typeAllowed = backup.BackupType switch
        {
            BackupType.Log => !backup.CopyOnly,
            BackupType.Full => backup.CopyOnly || own.ProductMajorVersion >= 17,
            _ => own.ProductMajorVersion >= 17,
        };
        return healthy && typeAllowed && own.EngineEdition == 3 && !group.BasicFeatures
            && group.DistributedRole != DistributedRole.Secondary;
    }

    /// <summary>
    /// Makes a generated topology one SQL Server can have: replicas named apart, at most one PRIMARY (none: the primary is
    /// gone), at most one configuration-only replica, never the first nor the primary, a basic group only on Standard edition with two replicas, a
    /// distributed group only on Enterprise; availability databases in FULL recovery.
    /// </summary>
    private static Topology Valid(
        TopologyInstance instance,
        AutomatedBackupPreference preference,
        DistributedRole distributed,
        TopologyReplica[] generated,
        int primaryAt,
        DatabaseState state,
        bool hasFullBackup,
        bool hasDifferentialBase)
    {
        var replicas = new List<TopologyReplica>();
        bool configurationOnly = false;
        for (int i = 0; i < generated.Length; i++)
        {
            TopologyReplica replica = generated[i] with { ReplicaServerName = "SQL" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            bool keepsConfigurationOnly = replica.AvailabilityMode == AvailabilityMode.ConfigurationOnly && !configurationOnly && i > 0 && i != primaryAt;
            if (replica.AvailabilityMode == AvailabilityMode.ConfigurationOnly && !keepsConfigurationOnly)
            {
                replica = replica with { AvailabilityMode = AvailabilityMode.SynchronousCommit };
            }

            configurationOnly |= keepsConfigurationOnly;
            if (i == primaryAt)
            {
                replica = replica with { Role = ReplicaRole.Primary };
            }

            replicas.Add(replica);
        }

        int? primaryVersion = primaryAt >= 0 && primaryAt < replicas.Count ? replicas[primaryAt].ProductMajorVersion ?? instance.ProductMajorVersion : null;
        for (int i = 0; i < replicas.Count; i++)
        {
            // A replica older than its primary receives no log during a rolling upgrade: SQL Server shows it NOT SYNCHRONIZING.
            TopologyDatabaseReplica listed = replicas[i].Databases[0];
            if ((replicas[i].ProductMajorVersion ?? instance.ProductMajorVersion) < primaryVersion
                && (listed.SynchronizationState == SynchronizationState.Synchronized || listed.SynchronizationState == SynchronizationState.Synchronizing))
            {
                replicas[i] = replicas[i] with { Databases = new[] { listed with { SynchronizationState = SynchronizationState.NotSynchronizing } } };
            }
        }

        // The replicas of one group run one edition (TopologyRules): the first replica's, its own or the instance's.
        int? edition = replicas[0].EngineEdition;
        int groupEdition = edition ?? instance.EngineEdition;
        for (int i = 0; i < replicas.Count; i++)
        {
            replicas[i] = replicas[i] with { EngineEdition = edition };
        }

        // The docs' rolling upgrade sets AUTOMATED_BACKUP_PREFERENCE PRIMARY before the first secondary is upgraded: no replica
        // on another version than the primary's takes backups. A secondary older than the primary shows NOT SYNCHRONIZING on
        // the primary, which then refuses what it would leave there (REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING) unless a
        // secondary tied with it can take it; then it warns (IsRollingUpgradeAgainstTheDocs). A secondary newer than the primary is SYNCHRONIZING and takes what it is preferred for,
        // but SQL Server refuses it, and no replica sees another's version: under another preference the backup can be taken
        // twice or by nobody, which only PRIMARY prevents; the planner warns about that (RollingUpgradeTests).
        bool newerThanPrimary = replicas.Any(replica => (replica.ProductMajorVersion ?? instance.ProductMajorVersion) > primaryVersion);
        bool basic = groupEdition == 2 && replicas.Count == 2;
        return new Topology(
            instance,
            new[]
            {
                new TopologyGroup(
                    "AG1", newerThanPrimary ? AutomatedBackupPreference.Primary : preference, basic, groupEdition == 3 ? distributed : DistributedRole.NotDistributed, replicas),
            },
            new[] { new TopologyDatabase("Sales", state, RecoveryModel.Full, hasFullBackup, hasFullBackup && hasDifferentialBase, "AG1") });
    }

    private static string Describe(Topology topology)
    {
        TopologyGroup group = topology.AvailabilityGroups[0];
        return "version " + topology.Instance.ProductMajorVersion + ", EngineEdition " + topology.Instance.EngineEdition + ", "
            + SqlNames.Of(group.AutomatedBackupPreference) + (group.BasicFeatures ? ", basic" : string.Empty) + ", distributed " + group.DistributedRole
            + ", database " + topology.Databases[0] + ", replicas: "
            + string.Join("; ", group.Replicas.Select(r => r.ReplicaServerName + " " + r.Role + " " + r.AvailabilityMode + " priority " + r.BackupPriority
                + " version " + topology.InstanceOf(r).ProductMajorVersion + " EngineEdition " + topology.InstanceOf(r).EngineEdition
                + (r.Certificates.Count > 0 ? " certificate" : string.Empty) + (r.Credentials.Count > 0 ? " credential" : string.Empty)
                + (r.IsConnected ? string.Empty : " DISCONNECTED") + (r.IsOnline ? string.Empty : " not ONLINE")
                + " " + r.Databases[0].SynchronizationState + (r.Databases[0].IsSuspended ? " suspended" : string.Empty)));
    }
}
