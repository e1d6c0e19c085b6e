using System;
using System.Collections.Generic;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Rules;

namespace AgBackupClr.Planner;

/// <summary>One backup a job may ask for.</summary>
public sealed record PlannedBackup(BackupType BackupType, bool CopyOnly)
{
    /// <summary>What scheduled jobs take (FULL, DIFF, LOG) and the copy-only FULL that SQL Server allows on every secondary.</summary>
    public static readonly IReadOnlyList<PlannedBackup> Default = new[]
    {
        new PlannedBackup(BackupType.Full, false),
        new PlannedBackup(BackupType.Full, true),
        new PlannedBackup(BackupType.Diff, false),
        new PlannedBackup(BackupType.Log, false),
    };

    public string Label => SqlNames.Describe(BackupType, CopyOnly);
}

/// <summary>
/// One cell of the plan: what the job on one replica would do with one backup of one database. ReplicaRole is the
/// role the replica has in the database's availability group, null for a database in none.
/// </summary>
public readonly record struct PlanRow(
    string DatabaseName,
    string? AvailabilityGroupName,
    string ReplicaServerName,
    ReplicaRole? ReplicaRole,
    PlannedBackup Backup,
    BackupDecision Decision);

/// <summary>
/// Runs the engine once per database, backup and replica, each replica deciding from its own view of the topology,
/// exactly as the same job on every replica would.
/// </summary>
public static class BackupPlanner
{
    /// <summary>Rows by database (in the file's order), then backup, then replica, so the replicas competing for one backup stand together.</summary>
    public static IReadOnlyList<PlanRow> Plan(Topology topology, IReadOnlyList<PlannedBackup> backups) => Plan(topology, backups, null);

    /// <param name="arguments">
    /// The job's options that depend on the replica (compression algorithm, encryption, URL), or null for none. A replica that
    /// cannot do what they ask refuses every backup, as usp_BackupIfPreferred refuses the whole call there before anything runs.
    /// </param>
    public static IReadOnlyList<PlanRow> Plan(Topology topology, IReadOnlyList<PlannedBackup> backups, BackupArguments? arguments)
    {
        var rows = new List<PlanRow>(topology.Databases.Count * backups.Count * ReplicaViews.Servers(topology).Count);
        rows.AddRange(PlanEach(topology, backups, arguments));
        return rows;
    }

    /// <summary>
    /// The same rows, planned as they are read: a plan of 100,000 databases is written without being held whole. Each
    /// enumeration plans again.
    /// </summary>
    public static IEnumerable<PlanRow> PlanEach(Topology topology, IReadOnlyList<PlannedBackup> backups, BackupArguments? arguments)
    {
        IReadOnlyDictionary<string, string?> preferred = ReplicaViews.PreferredReplicas(topology);
        IReadOnlyList<string> servers = ReplicaViews.Servers(topology);
        var views = new List<View>(servers.Count);
        var shared = new ReplicaViews.SharedFacts(topology.Databases.Count);
        foreach (string server in servers)
        {
            ServerState state = ReplicaViews.ViewOf(topology, server, preferred, shared);
            views.Add(new View(state, arguments == null ? null : ReplicaArgumentChecks.Check(arguments, state)));
        }

        var requests = new BackupRequest[backups.Count];
        for (int i = 0; i < backups.Count; i++)
        {
            // Each cell answers for the job people run on every replica, which selects by keyword (ALL_DATABASES,
            // USER_DATABASES): what such a job skips by design (DIFF or LOG of master, say) is shown as the SKIP it is.
            requests[i] = new BackupRequest(backups[i].BackupType, backups[i].CopyOnly, false, true, SelectedBy.KeywordOrWildcard);
        }

        // Each view's facts and group for the database at hand, looked up once per database rather than once per backup:
        // every lookup hashes the name.
        var factsByView = new DatabaseFacts?[views.Count];
        var groupByView = new AvailabilityGroupFacts?[views.Count];
        foreach (TopologyDatabase database in topology.Databases)
        {
            for (int v = 0; v < views.Count; v++)
            {
                views[v].Databases.TryGetValue(database.Name, out DatabaseFacts? found);
                factsByView[v] = found;
                groupByView[v] = found?.AvailabilityGroupName == null ? null : views[v].Groups[found.AvailabilityGroupName];
            }

            for (int i = 0; i < backups.Count; i++)
            {
                PlannedBackup backup = backups[i];
                BackupRequest request = requests[i];
                for (int v = 0; v < views.Count; v++)
                {
                    View view = views[v];
                    DatabaseFacts? facts = factsByView[v];
                    if (facts == null)
                    {
                        continue;
                    }

                    AvailabilityGroupFacts? group = groupByView[v];
                    BackupDecision decision = view.Refusal == null
                        ? BackupDecisionEngine.Decide(view.State.Instance, database.Name, facts, group, request)
                        : BackupDecision.Refuse(view.Refusal.ReasonCode, view.Refusal.Reason);
                    if (!AnswerShown(view.State.Instance, group, request))
                    {
                        decision = decision.With(isPreferredReplica: null);
                    }

                    yield return new PlanRow(database.Name, facts.AvailabilityGroupName, view.State.Instance.ServerName, group?.LocalRole, backup, decision);
                }
            }
        }
    }

    /// <summary>
    /// Whether usp_BackupIfPreferred's row shows sys.fn_hadr_backup_is_preferred_replica's answer: the procedure asks it only for
    /// a database of a group that is not basic, and only where the preference can decide the type (StateQueries, StateReader),
    /// so that is_preferred_replica is NULL elsewhere. Where it is not asked, no decision depends on it: a type only the primary
    /// takes is placed before the preference is read.
    /// </summary>
    private static bool AnswerShown(InstanceFacts instance, AvailabilityGroupFacts? group, BackupRequest request) =>
        group != null && !group.IsBasic && ReplicaBackupRules.PreferenceCanDecide(instance, request.BackupType, request.CopyOnly);

    /// <summary>One replica's view with its databases and groups by name, so a plan of many databases is not quadratic.</summary>
    private sealed class View
    {
        public View(ServerState state, ArgumentRefusal? refusal)
        {
            State = state;
            Refusal = refusal;
            Databases = new Dictionary<string, DatabaseFacts>(state.Databases.Count, StringComparer.OrdinalIgnoreCase);
            foreach (DatabaseFacts database in state.Databases)
            {
                Databases.Add(database.Name, database);
            }

            Groups = new Dictionary<string, AvailabilityGroupFacts>(StringComparer.OrdinalIgnoreCase);
            foreach (AvailabilityGroupFacts group in state.AvailabilityGroups)
            {
                Groups.Add(group.Name, group);
            }
        }

        public ServerState State { get; }

        /// <summary>Why this replica refuses the job's options (ReplicaArgumentChecks), or null.</summary>
        public ArgumentRefusal? Refusal { get; }

        public Dictionary<string, DatabaseFacts> Databases { get; }

        public Dictionary<string, AvailabilityGroupFacts> Groups { get; }
    }
}
