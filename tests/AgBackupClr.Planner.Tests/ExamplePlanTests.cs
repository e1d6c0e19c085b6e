using System.Collections.Generic;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Each bundled example's plan, cell by cell. Expected values come from docs/rules.md (SQL Server's rules, the codes
/// and placement), not from running the engine.
/// </summary>
public sealed class ExamplePlanTests
{
    private const string Full = "FULL";
    private const string CopyOnlyFull = "COPY_ONLY FULL";
    private const string Diff = "DIFF";
    private const string Log = "LOG";

    [Test]
    public void Three_replicas_under_SECONDARY_take_FULL_and_DIFF_on_the_primary_because_SQL_Server_2022_secondaries_cannot()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("three-replicas-secondary.json");
        foreach (string backup in new[] { Full, Diff })
        {
            AssertCell(plan, "Sales", backup, "SQL1", DecisionAction.Backup, ReasonCodes.OkPrimaryOnlyType);
            AssertCell(plan, "Sales", backup, "SQL2", DecisionAction.Skip, ReasonCodes.SkipRunsOnPrimary);
            AssertCell(plan, "Sales", backup, "SQL3", DecisionAction.Skip, ReasonCodes.SkipRunsOnPrimary);
        }
    }

    [Test]
    public void Three_replicas_under_SECONDARY_take_LOG_and_COPY_ONLY_FULL_on_the_secondary_with_the_highest_priority()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("three-replicas-secondary.json");
        foreach (string backup in new[] { Log, CopyOnlyFull })
        {
            AssertCell(plan, "Inventory", backup, "SQL1", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
            AssertCell(plan, "Inventory", backup, "SQL2", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
            AssertCell(plan, "Inventory", backup, "SQL3", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
        }
    }

    [Test]
    public void The_primary_names_the_preferred_secondary_when_it_skips()
    {
        BackupDecision decision = Cell(PlanOf("three-replicas-secondary.json"), "Sales", Log, "SQL1");

        Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
    }

    [Test]
    public void Every_availability_group_backup_in_the_main_example_is_taken_by_exactly_one_replica()
    {
        var takers = new Dictionary<string, int>();
        foreach (PlanRow row in PlanOf("three-replicas-secondary.json"))
        {
            string cell = row.DatabaseName + " " + row.Backup.Label;
            if (row.AvailabilityGroupName != null)
            {
                takers[cell] = (takers.TryGetValue(cell, out int count) ? count : 0) + (row.Decision.Action == DecisionAction.Backup ? 1 : 0);
            }
        }

        Assert.That(takers, Has.Count.EqualTo(8));
        Assert.That(takers.Values, Is.All.EqualTo(1));
    }

    [Test]
    public void Master_outside_any_availability_group_takes_FULL_on_every_replica_and_a_keyword_job_skips_its_DIFF_and_LOG()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("three-replicas-secondary.json");
        foreach (string replica in new[] { "SQL1", "SQL2", "SQL3" })
        {
            AssertCell(plan, "master", Full, replica, DecisionAction.Backup, ReasonCodes.OkNotInAg);
            AssertCell(plan, "master", Diff, replica, DecisionAction.Skip, ReasonCodes.SkipMasterFullOnly);
            AssertCell(plan, "master", Log, replica, DecisionAction.Skip, ReasonCodes.SkipMasterFullOnly);
        }
    }

    [Test]
    public void The_main_example_has_a_row_for_every_database_backup_and_replica()
    {
        Assert.That(PlanOf("three-replicas-secondary.json"), Has.Count.EqualTo(3 * 4 * 3));
    }

    [Test]
    public void A_basic_availability_group_takes_every_backup_on_the_primary_and_none_on_the_secondary()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("basic-availability-group.json");
        foreach (string backup in new[] { Full, CopyOnlyFull, Diff, Log })
        {
            AssertCell(plan, "Orders", backup, "STD1", DecisionAction.Backup, ReasonCodes.OkPrimaryOnlyType);
            AssertCell(plan, "Orders", backup, "STD2", DecisionAction.Skip, ReasonCodes.SkipRunsOnPrimary);
        }
    }

    [Test]
    public void SQL_Server_2025_Enterprise_takes_every_backup_on_the_preferred_secondary()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("sql-server-2025.json");
        foreach (string backup in new[] { Full, CopyOnlyFull, Diff, Log })
        {
            AssertCell(plan, "Sales", backup, "SQL1", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
            AssertCell(plan, "Sales", backup, "SQL2", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
            AssertCell(plan, "Sales", backup, "SQL3", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
        }
    }

    [Test]
    public void When_the_highest_priority_secondary_is_disconnected_the_next_secondary_takes_LOG_and_the_disconnected_one_fails_its_job()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("replica-offline.json");

        AssertCell(plan, "Sales", Log, "SQL1", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
        AssertCell(plan, "Sales", Log, "SQL2", DecisionAction.Refuse, ReasonCodes.RefusePrimaryNotReachable);
        AssertCell(plan, "Sales", Log, "SQL3", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
        Assert.That(Cell(plan, "Sales", Log, "SQL1").PreferredReplicaName, Is.EqualTo("SQL3"));
    }

    [Test]
    public void When_a_replica_is_offline_the_primary_still_takes_FULL_and_DIFF()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("replica-offline.json");

        AssertCell(plan, "Sales", Full, "SQL1", DecisionAction.Backup, ReasonCodes.OkPrimaryOnlyType);
        AssertCell(plan, "Inventory", Diff, "SQL1", DecisionAction.Backup, ReasonCodes.OkPrimaryOnlyType);
    }

    [Test]
    public void The_preferred_secondary_refuses_loudly_when_its_database_is_suspended_and_so_does_the_primary_that_sees_it()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("replica-offline.json");

        AssertCell(plan, "Inventory", Log, "SQL3", DecisionAction.Refuse, ReasonCodes.RefuseSecondaryUnhealthy);
        AssertCell(plan, "Inventory", CopyOnlyFull, "SQL3", DecisionAction.Refuse, ReasonCodes.RefuseSecondaryUnhealthy);
        AssertCell(plan, "Inventory", Log, "SQL1", DecisionAction.Refuse, ReasonCodes.RefusePreferredReplicaNotSynchronizing);
    }

    [Test]
    public void Equal_priorities_under_SECONDARY_elect_the_secondary_with_the_lowest_name_not_the_first_listed()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("equal-priorities.json");

        AssertCell(plan, "Billing", Log, "SQLNODE2", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
        AssertCell(plan, "Billing", Log, "SQLNODE3", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
        AssertCell(plan, "Billing", Log, "SQLNODE1", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
    }

    [Test]
    public void Equal_priorities_under_NONE_elect_the_lowest_name_whatever_its_role()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("equal-priorities.json");

        AssertCell(plan, "Audit", Log, "SQLNODE1", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
        AssertCell(plan, "Audit", CopyOnlyFull, "SQLNODE1", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
        AssertCell(plan, "Audit", Log, "SQLNODE3", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
        AssertCell(plan, "Audit", Full, "SQLNODE3", DecisionAction.Backup, ReasonCodes.OkPrimaryOnlyType);
    }

    [Test]
    public void Each_replica_reports_the_role_it_has_in_the_database_s_availability_group()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("equal-priorities.json");

        Assert.That(RoleOf(plan, "Billing", "SQLNODE3"), Is.EqualTo(ReplicaRole.Secondary));
        Assert.That(RoleOf(plan, "Audit", "SQLNODE3"), Is.EqualTo(ReplicaRole.Primary));
    }

    private static ReplicaRole? RoleOf(IReadOnlyList<PlanRow> plan, string database, string replica)
    {
        foreach (PlanRow row in plan)
        {
            if (row.DatabaseName == database && row.ReplicaServerName == replica)
            {
                return row.ReplicaRole;
            }
        }

        throw new AssertionException("No row for " + database + " on " + replica + ".");
    }
}
