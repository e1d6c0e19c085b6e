using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Replicas of one group on different versions (issue 12, item 7): each replica's product_major_version and
/// engine_edition, the instance's by default; each replica decides from its own; what a rolling upgrade makes impossible
/// is refused (docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md).
/// </summary>
public sealed class RollingUpgradeTests
{
    [Test]
    public void A_replica_s_own_version_and_edition_replace_the_instance_s_and_the_others_keep_the_instance_s()
    {
        Topology topology = Parse(Group(null, Replica("SQL1", "PRIMARY") + ", " + Replica("SQL2", "SECONDARY", "\"product_major_version\": 17, \"engine_edition\": 3")));

        Assert.That(topology.InstanceOf(topology.AvailabilityGroups[0].Replicas[0]), Is.EqualTo(new TopologyInstance(16, 3)));
        Assert.That(topology.InstanceOf(topology.AvailabilityGroups[0].Replicas[1]), Is.EqualTo(new TopologyInstance(17, 3)));
    }

    [Test]
    public void Null_for_a_replica_s_version_means_the_instance_s()
    {
        Topology topology = Parse(Group(null, Replica("SQL1", "PRIMARY", "\"product_major_version\": null, \"engine_edition\": null")));

        Assert.That(topology.InstanceOf(topology.AvailabilityGroups[0].Replicas[0]), Is.EqualTo(new TopologyInstance(16, 3)));
    }

    [TestCase(12)]
    [TestCase(18)]
    public void A_replica_s_version_AgBackupClr_does_not_support_is_rejected(int version)
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"product_major_version\": " + version)),
            "$.availability_groups[0].replicas[0].product_major_version: expected SERVERPROPERTY('ProductMajorVersion') of a version AgBackupClr supports, "
            + "13 (SQL Server 2016) to 17 (SQL Server 2025), found " + version + ".");
    }

    [Test]
    public void A_replica_s_version_written_as_a_string_is_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"product_major_version\": \"17\"")),
            "$.availability_groups[0].replicas[0].product_major_version: expected a whole number, found \"17\".");
    }

    [Test]
    public void A_replica_s_edition_without_availability_groups_is_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"engine_edition\": 4")),
            "$.availability_groups[0].replicas[0].engine_edition: expected SERVERPROPERTY('EngineEdition') of an edition with availability groups, "
            + "2 (Standard) or 3 (Enterprise, Developer), found 4.");
    }

    [Test]
    public void Replicas_of_one_group_on_two_editions_are_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY") + ", " + Replica("SQL2", "SECONDARY", "\"engine_edition\": 2")),
            "$.availability_groups[0].replicas[1].engine_edition: the replicas of an availability group run one edition; \"SQL1\" is 3, this replica 2.");
    }

    [Test]
    public void A_basic_group_whose_replicas_are_all_on_Standard_edition_is_accepted_on_an_Enterprise_instance()
    {
        string replicas = Replica("SQL1", "PRIMARY", "\"engine_edition\": 2") + ", " + Replica("SQL2", "SECONDARY", "\"engine_edition\": 2");

        Topology topology = Parse(Group("\"basic_features\": true", replicas));

        Assert.That(topology.AvailabilityGroups[0].BasicFeatures, Is.True);
    }

    [Test]
    public void One_server_on_two_versions_in_two_groups_is_rejected()
    {
        string json = "{ " + Instance + ", \"availability_groups\": [ "
            + "{ \"name\": \"Ag1\", \"replicas\": [ " + Replica("SQL1", "PRIMARY") + " ] }, "
            + "{ \"name\": \"Ag2\", \"replicas\": [ " + Replica("SQL1", "PRIMARY", "\"product_major_version\": 17") + " ] } ], "
            + "\"databases\": [ { \"name\": \"Sales\", \"availability_group\": \"Ag1\" } ] }";

        AssertRejected(
            json,
            "$.availability_groups[1].replicas[0].product_major_version: \"SQL1\" is one instance in every availability group: product_major_version 17 "
            + "and engine_edition 3 here, 16 and 3 at $.availability_groups[0].replicas[0].");
    }

    [Test]
    public void A_secondary_older_than_its_primary_listed_as_synchronizing_is_rejected_because_it_receives_no_log()
    {
        string replicas = Replica("SQL1", "PRIMARY", "\"product_major_version\": 17") + ", "
            + Replica("SQL2", "SECONDARY", "\"databases\": [ { \"database_name\": \"Sales\", \"synchronization_state\": \"SYNCHRONIZED\" } ]");

        AssertRejected(
            Group(null, replicas),
            "$.availability_groups[0].replicas[1].databases[0].synchronization_state: \"SQL2\" runs product_major_version 16, older than the primary \"SQL1\"'s 17, "
            + "and an upgraded primary ships no log to a replica not yet upgraded: its databases are NOT SYNCHRONIZING, not SYNCHRONIZED.");
    }

    [Test]
    public void A_secondary_newer_than_its_primary_may_be_listed_as_synchronized()
    {
        string replicas = Replica("SQL1", "PRIMARY") + ", "
            + Replica("SQL2", "SECONDARY", "\"product_major_version\": 17, \"databases\": [ { \"database_name\": \"Sales\", \"synchronization_state\": \"SYNCHRONIZED\" } ]");

        Topology topology = Parse(Group(null, replicas));

        TopologyGroup group = topology.AvailabilityGroups[0];
        Assert.That(topology.StateOf(group, group.Replicas[1], "Sales").SynchronizationState, Is.EqualTo(SynchronizationState.Synchronized));
    }

    [Test]
    public void The_databases_of_a_secondary_older_than_its_primary_are_NOT_SYNCHRONIZING_and_suspended_unless_listed()
    {
        Topology topology = Parse(Group(null, Replica("SQL1", "PRIMARY", "\"product_major_version\": 17") + ", " + Replica("SQL2", "SECONDARY")));

        TopologyGroup group = topology.AvailabilityGroups[0];
        Assert.That(topology.StateOf(group, group.Replicas[1], "Sales"), Is.EqualTo(new TopologyDatabaseReplica("Sales", SynchronizationState.NotSynchronizing, true)));
    }

    [Test]
    public void In_the_rolling_upgrade_example_the_SQL_Server_2025_secondary_takes_a_regular_FULL_and_the_SQL_Server_2022_one_may_not()
    {
        IReadOnlyList<PlanRow> plan = PlanOf("rolling-upgrade.json");

        foreach (string backup in new[] { "FULL", "DIFF", "LOG", "COPY_ONLY FULL" })
        {
            AssertCell(plan, "Sales", backup, "SQL3", DecisionAction.Backup, ReasonCodes.OkPreferredReplica);
            AssertCell(plan, "Sales", backup, "SQL2", DecisionAction.Skip, ReasonCodes.SkipNotPreferred);
        }

        AssertCell(plan, "Sales", "FULL", "SQL1", DecisionAction.Skip, ReasonCodes.SkipRunsOnPrimary);
        Assert.That(Cell(plan, "Sales", "FULL", "SQL1").Reason, Does.StartWith("SQL Server 16.x (before SQL Server 2025) allows only COPY_ONLY FULL backups on a secondary replica"));
    }

    [Test]
    public void The_SQL_Server_2022_secondary_that_receives_no_log_refuses_the_LOG_it_would_take()
    {
        (int exitCode, string output, _) = Run("plan", "--topology", Example("rolling-upgrade.json"), "--priority", "SQL1=100");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\nSales     AgSales             LOG             SQL1     SECONDARY  REFUSE  REFUSE_SECONDARY_UNHEALTHY  "));
    }

    [Test]
    public void The_upgraded_primary_refuses_the_FULL_it_leaves_to_a_preferred_SQL_Server_2022_secondary_that_skips_it()
    {
        // SQL1 (16) skips a regular FULL as a type only the primary may take on its version, while the primary (17) leaves it to SQL1:
        // nobody would back up, so the primary, which sees SQL1's copy NOT SYNCHRONIZING, refuses.
        (int exitCode, string output, _) = Run("plan", "--topology", Example("rolling-upgrade.json"), "--priority", "SQL1=100", "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\nSales     AgSales             FULL            skip    REFUSE  skip\n"), output);
    }

    [Test]
    public void A_group_on_mixed_versions_under_a_preference_other_than_PRIMARY_is_warned_about_above_the_plan()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("rolling-upgrade.json"));

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(
            output,
            Does.StartWith(
                "Warning: the replicas of AgSales run different versions (SQL1 16, SQL2 17, SQL3 17) and its AUTOMATED_BACKUP_PREFERENCE is SECONDARY: "
                + "during a version upgrade no replica is available for backups (Microsoft's upgrade steps), and each replica decides from its own version only, so a backup may "
                + "run on two replicas or on none. Set it to PRIMARY until every replica is upgraded.\n\nDATABASE "));
    }

    [Test]
    public void With_json_the_warning_goes_to_standard_error()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("rolling-upgrade.json"), "--format", "json");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.StartWith("["));
        Assert.That(error, Does.StartWith("agbackup: warning: the replicas of AgSales run different versions"));
    }

    [Test]
    public void Under_PRIMARY_as_the_docs_advise_there_is_no_warning_and_the_primary_takes_every_backup()
    {
        (int exitCode, string output, _) = Run("plan", "--topology", Example("rolling-upgrade.json"), "--preference", "AgSales=PRIMARY", "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Not.Contain("Warning:"));
        Assert.That(output, Does.Contain("\nSales     AgSales             FULL            skip    BACKUP  skip\n"));
        Assert.That(output, Does.Contain("\nSales     AgSales             LOG             skip    BACKUP  skip\n"));
    }

    [Test]
    public void A_failover_to_a_replica_older_than_the_primary_is_an_error()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("rolling-upgrade.json"), "--failover", "SQL1");

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(
            error,
            Is.EqualTo("agbackup: --failover \"SQL1\": it runs product_major_version 16, older than the primary \"SQL2\"'s 17, so it receives no log "
                + "and a failover to it would lose data; upgrade it first.\n"));
    }

    [Test]
    public void A_failover_to_an_upgraded_replica_leaves_the_former_primary_NOT_SYNCHRONIZING()
    {
        string replicas = Replica("SQL1", "PRIMARY", "\"databases\": [ { \"database_name\": \"Sales\", \"synchronization_state\": \"SYNCHRONIZED\" } ]") + ", "
            + Replica("SQL2", "SECONDARY", "\"product_major_version\": 17");

        (int exitCode, string output, _) = PlanTopology(Encoding.UTF8.GetBytes(Group("\"automated_backup_preference\": \"SECONDARY_ONLY\"", replicas)), "--failover", "SQL2");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.StartWith("What if: SQL2 fails over to PRIMARY of Ag; SQL1 becomes SECONDARY. SQL1 runs an older version and receives no log: NOT SYNCHRONIZING.\n"));
        Assert.That(output, Does.Contain("\nSales     Ag                  LOG             SQL1     SECONDARY  REFUSE  REFUSE_SECONDARY_UNHEALTHY  "));
    }

    [Test]
    public void Every_replica_the_agbackup_doc_writes_in_JSON_is_one_a_topology_file_accepts()
    {
        MatchCollection blocks = Regex.Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "agbackup.md")), "```json\n(.*?)```", RegexOptions.Singleline);

        Assert.That(blocks, Has.Count.EqualTo(2));
        foreach (Match block in blocks)
        {
            Topology topology = Parse(Group(null, Replica("SQL1", "PRIMARY") + ", " + block.Groups[1].Value));
            Assert.That(topology.AvailabilityGroups[0].Replicas, Has.Count.EqualTo(2), block.Value);
        }
    }

    private static Topology Parse(string json) => TopologyParser.Parse(Encoding.UTF8.GetBytes(json));
}
