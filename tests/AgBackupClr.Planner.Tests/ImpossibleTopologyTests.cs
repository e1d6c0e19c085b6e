using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Topologies SQL Server cannot have are rejected rather than planned: a plan of something that cannot exist would teach
/// a DBA the wrong thing. Each rule names the page of Microsoft's documentation it comes from (TopologyRules).
/// </summary>
public sealed class ImpossibleTopologyTests
{
    [TestCase("master")]
    [TestCase("MSDB")]
    [TestCase("model")]
    public void A_system_database_in_a_group_is_rejected(string name)
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY")).Replace("\"name\": \"Sales\"", "\"name\": \"" + name + "\""),
            "$.databases[0].availability_group: \"" + name + "\" is a system database, and no system database can belong to an availability group.");
    }

    [Test]
    public void A_basic_group_on_Enterprise_edition_is_rejected()
    {
        AssertRejected(
            Group("\"basic_features\": true", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].basic_features: a basic availability group exists on Standard edition only (engine_edition 2); this instance is 3.");
    }

    [Test]
    public void A_basic_group_in_a_distributed_group_is_rejected()
    {
        AssertRejected(
            Standard(Group("\"basic_features\": true, \"distributed_role\": \"PRIMARY\"", Replica("SQL1", "PRIMARY"))),
            "$.availability_groups[0].distributed_role: a basic availability group cannot be part of a distributed availability group (Microsoft's distributed availability group page allows Standard edition from SQL Server 2019 CU17 while its basic availability group page forbids a basic group in one, and AgBackupClr follows the older page until a real server settles it).");
    }

    [Test]
    public void A_distributed_group_on_Standard_edition_is_rejected()
    {
        AssertRejected(
            Standard(Group("\"distributed_role\": \"SECONDARY\"", Replica("SQL1", "PRIMARY"))),
            "$.availability_groups[0].distributed_role: a distributed availability group needs Enterprise edition (engine_edition 3): Microsoft's distributed availability group page allows Standard edition from SQL Server 2019 CU17 while its basic availability group page forbids a basic group in one, and AgBackupClr follows the older page until a real server settles it; this instance is 2.");
    }

    [Test]
    public void Databases_listed_on_a_configuration_only_replica_are_rejected()
    {
        AssertRejected(
            Group(
                null,
                Replica("SQL1", "PRIMARY") + ", { \"replica_server_name\": \"WITNESS\", \"availability_mode\": \"CONFIGURATION_ONLY\", \"role\": \"SECONDARY\", "
                + "\"databases\": [ { \"database_name\": \"Sales\", \"synchronization_state\": \"SYNCHRONIZED\" } ] }"),
            "$.availability_groups[0].replicas[1].databases: a CONFIGURATION_ONLY replica holds no databases; leave its databases out.");
    }

    [TestCase(11)]
    [TestCase(12)]
    public void A_version_before_SQL_Server_2016_is_rejected(int version)
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY")).Replace("\"product_major_version\": 16", "\"product_major_version\": " + version),
            "$.instance.product_major_version: expected SERVERPROPERTY('ProductMajorVersion') of a version AgBackupClr supports, 13 (SQL Server 2016) to 17 (SQL Server 2025), found "
            + version + ".");
    }

    [Test]
    public void A_group_database_without_a_full_backup_is_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY")).Replace("\"availability_group\": \"Ag\"", "\"availability_group\": \"Ag\", \"has_full_backup\": false"),
            "$.databases[0].has_full_backup: a database joins an availability group only after a full backup, so it has one; leave has_full_backup out.");
    }
}
