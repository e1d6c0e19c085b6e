using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// plan --server, once per replica, turns what each live replica reads about itself (StateReader's ServerState) into one
/// topology and plans it like a file. The states here are what StateReader returns: on the primary, every replica's role
/// and connected state and operational_state for the local replica only; on a secondary, its own replica row only (docs/rules.md F8).
/// No SQL Server runs here: the connection strings name which state the test's reader returns.
/// </summary>
public sealed class LiveServerTests
{
    [Test]
    public void A_live_primary_is_planned_for_every_replica_like_a_topology_file()
    {
        (int exitCode, string output, string error) = Run(new[] { "plan", "--server", "SQL1" }, Servers(Primary()));

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Contain("\nSales     AgSales             LOG             SQL2     SECONDARY  BACKUP  OK_PREFERRED_REPLICA "));
        Assert.That(output, Does.Contain("\nSales     AgSales             FULL            SQL1     PRIMARY    BACKUP  OK_PRIMARY_ONLY_TYPE "));
    }

    [Test]
    public void A_secondary_read_as_well_shows_what_only_it_sees_its_database_not_synchronizing()
    {
        ServerState secondary = Secondary(SynchronizationState.NotSynchronizing);

        (int exitCode, string output, string error) = Run(new[] { "plan", "--server", "SQL1", "--server", "SQL2" }, Servers(Primary(), secondary));

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Contain("\nSales     AgSales             LOG             SQL2     SECONDARY  REFUSE  REFUSE_SECONDARY_UNHEALTHY "));
    }

    [Test]
    public void Without_the_secondary_its_database_is_taken_as_healthy()
    {
        Topology topology = LiveTopology.From(new[] { Primary() });

        Assert.That(topology.AvailabilityGroups[0].Replicas[1].StateOf("Sales").SynchronizationState, Is.EqualTo(SynchronizationState.Synchronized));
    }

    [Test]
    public void A_secondary_read_shows_its_own_operational_state_which_the_primary_cannot_see()
    {
        ServerState secondary = Secondary(SynchronizationState.Synchronized);
        secondary = secondary.With(availabilityGroups: new[] { Group(secondary.AvailabilityGroups[0].Replicas[0], Local("SQL2", ReplicaRole.Secondary, isOnline: false)) });

        Topology topology = LiveTopology.From(new[] { Primary(), secondary });

        Assert.That(topology.AvailabilityGroups[0].Replicas[1].IsOnline, Is.False);
        AssertCell(BackupPlanner.Plan(topology, PlannedBackup.Default), "Sales", "LOG", "SQL1", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
    }

    [Test]
    public void A_disconnected_replica_whose_role_the_primary_cannot_see_is_planned_as_a_secondary_that_takes_nothing()
    {
        Topology topology = LiveTopology.From(new[] { Primary(secondaryConnected: false) });

        Assert.That(topology.AvailabilityGroups[0].Replicas[1].Role, Is.EqualTo(ReplicaRole.Secondary));
        AssertCell(BackupPlanner.Plan(topology, PlannedBackup.Default), "Sales", "LOG", "SQL1", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
    }

    [Test]
    public void The_primary_s_own_database_state_is_kept()
    {
        Topology topology = LiveTopology.From(new[] { Primary() });

        Assert.That(topology.AvailabilityGroups[0].Replicas[0].StateOf("Sales"), Is.EqualTo(new TopologyDatabaseReplica("Sales", SynchronizationState.Synchronized, false)));
    }

    [Test]
    public void Databases_outside_availability_groups_are_left_out_because_other_replicas_lists_are_not_visible()
    {
        Topology topology = LiveTopology.From(new[] { Primary() });

        Assert.That(topology.Databases, Has.Count.EqualTo(1));
        Assert.That(topology.Databases[0].Name, Is.EqualTo("Sales"));
    }

    [Test]
    public void A_secondary_alone_is_refused_with_exit_code_2_because_it_cannot_see_the_other_replicas()
    {
        (int exitCode, string output, string error) = Run(new[] { "plan", "--server", "SQL2" }, Servers(Secondary(SynchronizationState.Synchronized)));

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(
            error,
            Is.EqualTo("agbackup: SQL2 is SECONDARY of availability group \"AgSales\", and only its primary replica sees every replica's state; "
                + "give one --server for the primary replica too.\n"));
    }

    [Test]
    public void A_server_name_with_a_line_break_is_escaped_in_the_error()
    {
        ServerState secondary = Secondary(SynchronizationState.Synchronized).With(instance: Instance("SQL2\r\nFORGED"));

        (int exitCode, _, string error) = Run(new[] { "plan", "--server", "SQL2\r\nFORGED" }, Servers(secondary));

        Assert.That((exitCode, error), Is.EqualTo((2,
            "agbackup: SQL2\\r\\nFORGED is SECONDARY of availability group \"AgSales\", and only its primary replica sees every replica's state; "
            + "give one --server for the primary replica too.\n")));
    }

    [Test]
    public void One_replica_read_twice_is_an_error()
    {
        (int exitCode, _, string error) = Run(new[] { "plan", "--server", "SQL1", "--server", "SQL1" }, Servers(Primary()));

        Assert.That((exitCode, error), Is.EqualTo((2, "agbackup: \"SQL1\" is read twice; give one --server per replica.\n")));
    }

    [Test]
    public void A_server_that_cannot_be_read_exits_with_1_and_says_why()
    {
        (int exitCode, string output, string error) = Run(
            new[] { "plan", "--server", "Server=SQL1" },
            _ => throw new StateReadException("GRANT VIEW SERVER STATE TO the login."));

        Assert.That((exitCode, output), Is.EqualTo((1, string.Empty)));
        Assert.That(error, Is.EqualTo("agbackup: cannot read the server's state: GRANT VIEW SERVER STATE TO the login.\n"));
    }

    [Test]
    public void Of_several_servers_the_one_that_cannot_be_read_is_named_by_its_place_not_its_connection_string()
    {
        (int exitCode, _, string error) = Run(
            new[] { "plan", "--server", "SQL1", "--server", "Server=SQL2;Password=secret" },
            connection => connection == "SQL1" ? Primary() : throw new StateReadException("Login failed."));

        Assert.That((exitCode, error), Is.EqualTo((1, "agbackup: cannot read the state of --server number 2: Login failed.\n")));
    }

    [Test]
    public void Dump_topology_writes_a_file_that_plans_as_the_live_replicas_did()
    {
        string dump = Path.Combine(Path.GetTempPath(), "agbackup-dump-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string[] live = { "plan", "--server", "SQL1", "--server", "SQL2", "--dump-topology", dump, "--format", "json" };
            (int exitCode, string fromServers, _) = Run(live, Servers(Primary(), Secondary(SynchronizationState.NotSynchronizing)));

            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(Run("plan", "--topology", dump, "--format", "json").Output, Is.EqualTo(fromServers));
            Assert.That(File.ReadAllText(dump), Does.Contain("\"synchronization_state\": \"NOT SYNCHRONIZING\""));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Test]
    public void Dump_topology_of_a_file_writes_a_file_that_plans_alike()
    {
        string dump = Path.Combine(Path.GetTempPath(), "agbackup-dump-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string example = Example("replica-offline.json");
            (int exitCode, string fromExample, _) = Run("plan", "--topology", example, "--dump-topology", dump);

            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(Run("plan", "--topology", dump).Output, Is.EqualTo(fromExample));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Test]
    public void A_dump_that_cannot_be_written_exits_with_2()
    {
        string dump = Path.Combine(Path.GetTempPath(), "agbackup-no-such-folder", "dump.json");

        (int exitCode, string output, string error) = Run("plan", "--topology", Example("replica-offline.json"), "--dump-topology", dump);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith("agbackup: cannot write " + dump + ": Could not find a part of the path"));
    }

    [Test]
    public void A_secondary_read_on_a_newer_version_with_its_own_keys_decides_from_them_and_the_dump_keeps_them_where_they_differ()
    {
        ServerState secondary = Secondary(SynchronizationState.Synchronized).With(
            instance: new InstanceFacts("SQL2", "SQL2", null, 17, 3, true, 0, true),
            certificates: new[] { new CertificateFacts("BackupCertificate", null) },
            asymmetricKeys: new[] { new AsymmetricKeyFacts("EkmKey", true), new AsymmetricKeyFacts("SoftwareKey", false) },
            credentials: new[] { new CredentialFacts("s3://s3.example.com/sql", "S3 Access Key") });
        string dump = Path.Combine(Path.GetTempPath(), "agbackup-dump-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string[] live = { "plan", "--server", "SQL1", "--server", "SQL2", "--dump-topology", dump, "--encrypt", "Y", "--encryption-algorithm", "AES_256",
                "--server-certificate", "BackupCertificate" };
            (int exitCode, string output, _) = Run(live, Servers(Primary(), secondary));

            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(output, Does.StartWith("Warning: the replicas of AgSales run different versions (SQL1 16, SQL2 17) "));
            Assert.That(output, Does.Contain("\nSales     AgSales             LOG             SQL1     PRIMARY    REFUSE  REFUSE_ENCRYPTOR_NOT_FOUND "));
            Assert.That(output, Does.Contain("\nSales     AgSales             LOG             SQL2     SECONDARY  BACKUP  OK_PREFERRED_REPLICA "));
            string written = File.ReadAllText(dump);
            Assert.That(Regex.Matches(written, "product_major_version").Count, Is.EqualTo(2), written);
            Topology dumped = TopologyParser.Parse(File.ReadAllBytes(dump));
            TopologyReplica sql1 = dumped.AvailabilityGroups[0].Replicas[0];
            TopologyReplica sql2 = dumped.AvailabilityGroups[0].Replicas[1];
            Assert.That((sql1.ProductMajorVersion, sql1.Certificates.Count), Is.EqualTo(((int?)null, 0)));
            Assert.That(sql2.ProductMajorVersion, Is.EqualTo(17));
            Assert.That(sql2.Certificates, Is.EqualTo(new[] { "BackupCertificate" }));
            Assert.That(sql2.AsymmetricKeys, Is.EqualTo(new[] { "EkmKey" }), "only keys in an EKM provider encrypt backups");
            Assert.That(sql2.Credentials, Is.EqualTo(new[] { new CredentialFacts("s3://s3.example.com/sql", "S3 Access Key") }).UsingPropertiesComparer());
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>The test's stand-in for LiveServer.Read: the connection string is the server's name.</summary>
    private static Func<string, ServerState> Servers(params ServerState[] states) =>
        connection => Array.Find(states, state => state.Instance.ServerName == connection) ?? throw new AssertionException("No server " + connection + ".");

    /// <summary>SQL1 (local, priority 50) primary and SQL2 (priority 60) of AgSales under SECONDARY, with Sales in it and master outside.</summary>
    private static ServerState Primary(bool secondaryConnected = true)
    {
        var replicas = new[]
        {
            Local("SQL1", ReplicaRole.Primary, isOnline: true),
            new ReplicaFacts(
                "SQL2", 60, AvailabilityMode.SynchronousCommit, secondaryConnected ? ReplicaRole.Secondary : null, secondaryConnected, null, false),
        };
        var databases = new[]
        {
            new DatabaseFacts(
                "Sales", 5, DatabaseState.Online, false, false, RecoveryModel.Full, true, true, false, "AgSales",
                new DatabaseReplicaFacts(SynchronizationState.Synchronized, false), false),
            new DatabaseFacts("master", 1, DatabaseState.Online, false, false, RecoveryModel.Simple, true, true, false, null, null, true),
        };
        return new ServerState(Instance("SQL1"), databases, new[] { Group(replicas) });
    }

    /// <summary>SQL2 as it sees itself: its own replica row only, and its copy of Sales in this synchronization state.</summary>
    private static ServerState Secondary(SynchronizationState sales)
    {
        var databases = new[]
        {
            new DatabaseFacts("Sales", 5, DatabaseState.Online, false, false, RecoveryModel.Full, null, null, false, "AgSales", new DatabaseReplicaFacts(sales, false), true),
        };
        var sql1 = new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, null, null, null, false);
        return new ServerState(Instance("SQL2"), databases, new[] { Group(sql1, Local("SQL2", ReplicaRole.Secondary, isOnline: true)) });
    }

    private static ReplicaFacts Local(string name, ReplicaRole role, bool isOnline) =>
        new ReplicaFacts(name, name == "SQL1" ? 50 : 60, AvailabilityMode.SynchronousCommit, role, true, isOnline, true);

    private static AvailabilityGroupFacts Group(params ReplicaFacts[] replicas) =>
        new AvailabilityGroupFacts("AgSales", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, false, "WSFC", new List<ReplicaFacts>(replicas));

    private static InstanceFacts Instance(string name) => new InstanceFacts(name, name, null, 16, 3, true, 0, true);
}
