using System.Collections.Generic;
using System.IO;
using AgBackupClr.Model;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>Each replica decides from what its own instance could see (docs/rules.md F8), not from the whole topology.</summary>
public sealed class ReplicaViewTests
{
    [Test]
    public void A_secondary_sees_only_its_own_replica_state()
    {
        AvailabilityGroupFacts group = GroupSeenBy("replica-offline.json", "SQL3");

        Assert.That(group.LocalReplica!.ReplicaServerName, Is.EqualTo("SQL3"));
        Assert.That((group.LocalRole, group.LocalReplica.IsConnected, group.LocalReplica.IsOnline), Is.EqualTo((ReplicaRole.Secondary, true, true)));
        foreach (ReplicaFacts other in group.Replicas)
        {
            if (!other.IsLocal)
            {
                Assert.That((other.Role, other.IsConnected, other.IsOnline), Is.EqualTo(((ReplicaRole?)null, (bool?)null, (bool?)null)), other.ReplicaServerName);
            }
        }
    }

    [Test]
    public void The_primary_sees_every_replica_but_not_the_role_of_a_disconnected_one()
    {
        AvailabilityGroupFacts group = GroupSeenBy("replica-offline.json", "SQL1");

        Assert.That((group.Replicas[1].ReplicaServerName, group.Replicas[1].Role, group.Replicas[1].IsConnected), Is.EqualTo(("SQL2", (ReplicaRole?)null, (bool?)false)));
        Assert.That((group.Replicas[2].Role, group.Replicas[2].IsConnected, group.Replicas[2].IsOnline), Is.EqualTo(((ReplicaRole?)ReplicaRole.Secondary, (bool?)true, (bool?)true)));
    }

    [Test]
    public void Only_the_elected_replica_s_databases_answer_that_it_is_the_preferred_backup_replica()
    {
        Topology topology = Read("three-replicas-secondary.json");
        IReadOnlyDictionary<string, string?> preferred = ReplicaViews.PreferredReplicas(topology);

        Assert.That(ReplicaViews.ViewOf(topology, "SQL1", preferred).FindDatabase("Sales")!.IsPreferredBackupReplica, Is.False);
        Assert.That(ReplicaViews.ViewOf(topology, "SQL2", preferred).FindDatabase("Sales")!.IsPreferredBackupReplica, Is.True);
        Assert.That(ReplicaViews.ViewOf(topology, "SQL3", preferred).FindDatabase("Sales")!.IsPreferredBackupReplica, Is.False);
    }

    [Test]
    public void Only_the_primary_sees_the_database_states_of_the_other_replicas()
    {
        Topology topology = Read("rolling-upgrade.json");
        IReadOnlyDictionary<string, string?> preferred = ReplicaViews.PreferredReplicas(topology);

        // SQL2 (17) is the primary: SQL1, on 16, receives no log (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md).
        Assert.That(ReplicaViews.ViewOf(topology, "SQL2", preferred).FindDatabase("Sales")!.OtherReplicas, Is.EqualTo(new[]
        {
            new OtherReplicaDatabaseFacts("SQL1", new DatabaseReplicaFacts(SynchronizationState.NotSynchronizing, true)),
            new OtherReplicaDatabaseFacts("SQL3", new DatabaseReplicaFacts(SynchronizationState.Synchronized, false)),
        }).UsingPropertiesComparer());
        Assert.That(ReplicaViews.ViewOf(topology, "SQL3", preferred).FindDatabase("Sales")!.OtherReplicas, Is.Empty);
    }

    [Test]
    public void A_database_state_not_listed_is_SYNCHRONIZED_on_a_synchronous_replica_and_SYNCHRONIZING_on_an_asynchronous_one()
    {
        Topology topology = Read("three-replicas-secondary.json");
        IReadOnlyDictionary<string, string?> preferred = ReplicaViews.PreferredReplicas(topology);

        Assert.That(ReplicaViews.ViewOf(topology, "SQL2", preferred).FindDatabase("Sales")!.LocalReplica, Is.EqualTo(new DatabaseReplicaFacts(SynchronizationState.Synchronized, false)).UsingPropertiesComparer());
        Assert.That(ReplicaViews.ViewOf(topology, "SQL3", preferred).FindDatabase("Sales")!.LocalReplica, Is.EqualTo(new DatabaseReplicaFacts(SynchronizationState.Synchronizing, false)).UsingPropertiesComparer());
    }

    [Test]
    public void A_configuration_only_replica_holds_no_databases_and_has_no_rows()
    {
        Topology topology = TopologyParser.Parse("""
            { "instance": { "product_major_version": 15, "engine_edition": 3 },
              "availability_groups": [ { "name": "Ag", "replicas": [
                { "replica_server_name": "A", "availability_mode": "SYNCHRONOUS_COMMIT", "role": "PRIMARY" },
                { "replica_server_name": "B", "availability_mode": "SYNCHRONOUS_COMMIT", "role": "SECONDARY" },
                { "replica_server_name": "WITNESS", "availability_mode": "CONFIGURATION_ONLY", "role": "SECONDARY" } ] } ],
              "databases": [ { "name": "Sales", "availability_group": "Ag" }, { "name": "msdb", "recovery_model": "SIMPLE" } ] }
            """u8);

        Assert.That(ReplicaViews.Servers(topology), Is.EqualTo(new[] { "A", "B" }));
        Assert.That(BackupPlanner.Plan(topology, PlannedBackup.Default), Has.None.Matches<PlanRow>(row => row.ReplicaServerName == "WITNESS"));
    }

    private static Topology Read(string example) => TopologyParser.Parse(File.ReadAllBytes(Example(example)));

    private static AvailabilityGroupFacts GroupSeenBy(string example, string replica)
    {
        Topology topology = Read(example);
        return ReplicaViews.ViewOf(topology, replica, ReplicaViews.PreferredReplicas(topology)).AvailabilityGroups[0];
    }
}
