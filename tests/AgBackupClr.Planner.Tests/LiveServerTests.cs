using System;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// plan --server turns what a live primary reads about itself (StateReader's ServerState) into a topology and plans
/// it like a file. The state here is what StateReader returns on a primary: every replica's role and connected state,
/// operational_state only for the local replica.
/// </summary>
public sealed class LiveServerTests
{
    private static readonly InstanceFacts Primary = new InstanceFacts("SQL1", "SQL1", null, 16, 3, true, 0, true);

    [Test]
    public void A_live_primary_is_planned_for_every_replica_like_a_topology_file()
    {
        ServerState state = State(Primary, ReplicaRole.Primary);

        (int exitCode, string output, string error) = Run(new[] { "plan", "--server", "Server=SQL1" }, _ => state);

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Contain("\nSales     AgSales             LOG             SQL2     SECONDARY  BACKUP  OK_PREFERRED_REPLICA "));
        Assert.That(output, Does.Contain("\nSales     AgSales             FULL            SQL1     PRIMARY    BACKUP  OK_PRIMARY_ONLY_TYPE "));
    }

    [Test]
    public void A_disconnected_replica_whose_role_the_primary_cannot_see_is_planned_as_a_secondary_that_takes_nothing()
    {
        ServerState state = State(Primary, ReplicaRole.Primary, secondaryConnected: false);

        Topology topology = LiveTopology.From(state);

        Assert.That(topology.AvailabilityGroups[0].Replicas[1].Role, Is.EqualTo(ReplicaRole.Secondary));
        AssertCell(BackupPlanner.Plan(topology, PlannedBackup.Default), "Sales", "LOG", "SQL1", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
    }

    [Test]
    public void The_primary_s_own_database_state_is_kept()
    {
        Topology topology = LiveTopology.From(State(Primary, ReplicaRole.Primary));

        Assert.That(topology.AvailabilityGroups[0].Replicas[0].StateOf("Sales"), Is.EqualTo(new TopologyDatabaseReplica("Sales", SynchronizationState.Synchronized, false)));
    }

    [Test]
    public void Databases_outside_availability_groups_are_left_out_because_other_replicas_lists_are_not_visible()
    {
        Topology topology = LiveTopology.From(State(Primary, ReplicaRole.Primary));

        Assert.That(topology.Databases, Has.Count.EqualTo(1));
        Assert.That(topology.Databases[0].Name, Is.EqualTo("Sales"));
    }

    [Test]
    public void A_secondary_is_refused_with_exit_code_2_because_it_cannot_see_the_other_replicas()
    {
        ServerState state = State(Primary, ReplicaRole.Secondary);

        (int exitCode, string output, string error) = Run(new[] { "plan", "--server", "Server=SQL1" }, _ => state);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(
            error,
            Is.EqualTo("agbackup: SQL1 is SECONDARY of availability group \"AgSales\", and only the primary replica sees every replica's state; connect to the primary replica.\n"));
    }

    [Test]
    public void A_server_that_cannot_be_read_exits_with_1_and_says_why()
    {
        (int exitCode, string output, string error) = Run(
            new[] { "plan", "--server", "Server=SQL1" },
            _ => throw new StateReadException("GRANT VIEW SERVER STATE TO the login."));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo("agbackup: cannot read the server's state: GRANT VIEW SERVER STATE TO the login.\n"));
    }

    /// <summary>SQL1 (local, priority 50) and SQL2 (priority 60) in AgSales under SECONDARY, with Sales in it and master outside.</summary>
    private static ServerState State(InstanceFacts instance, ReplicaRole localRole, bool secondaryConnected = true)
    {
        var replicas = new[]
        {
            new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, localRole, true, true, true),
            new ReplicaFacts(
                "SQL2", 60, AvailabilityMode.SynchronousCommit, secondaryConnected ? ReplicaRole.Secondary : null, secondaryConnected, null, false),
        };
        var group = new AvailabilityGroupFacts("AgSales", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, false, "WSFC", replicas);
        var databases = new[]
        {
            new DatabaseFacts(
                "Sales", 5, DatabaseState.Online, false, false, RecoveryModel.Full, true, true, false, "AgSales",
                new DatabaseReplicaFacts(SynchronizationState.Synchronized, false), false),
            new DatabaseFacts("master", 1, DatabaseState.Online, false, false, RecoveryModel.Simple, true, true, false, null, null, true),
        };
        return new ServerState(instance, databases, new[] { group });
    }
}
