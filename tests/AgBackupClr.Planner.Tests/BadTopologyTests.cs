using System.IO;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Every way a topology file can be wrong: the message names the place (line and column, or JSON path) and what is
/// allowed there, the exit code is 2, and nothing is printed as a plan.
/// </summary>
public sealed class BadTopologyTests
{
    [Test]
    public void A_missing_comma_is_reported_with_its_line_and_column()
    {
        AssertRejected(
            "{\n  \"instance\": { \"product_major_version\": 16 \"engine_edition\": 3 }\n}",
            "line 2, column 45: not valid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.");
    }

    [Test]
    public void A_trailing_comma_is_not_valid_JSON()
    {
        AssertRejected(
            Databases("{ \"name\": \"x\" },"),
            "line 1, column 259: not valid JSON: The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.");
    }

    [Test]
    public void A_comment_is_not_valid_JSON()
    {
        AssertRejected(
            "// replicas\n{ }",
            "line 1, column 1: not valid JSON: '/' is an invalid start of a value.");
    }

    [Test]
    public void An_empty_file_says_what_a_topology_is()
    {
        AssertRejected(
            "  \n",
            "the file is empty; a topology is a JSON object with \"instance\", \"availability_groups\" and \"databases\".");
    }

    [Test]
    public void The_top_level_must_be_an_object()
    {
        AssertRejected("[]", "$: expected an object { ... } with instance, availability_groups, databases, found an array.");
    }

    [Test]
    public void An_unknown_top_level_property_is_an_error_that_lists_the_allowed_ones()
    {
        AssertRejected(
            "{ " + Instance + ", " + OneGroup + ", \"databases\": [], \"replicas\": [] }",
            "$: unknown property \"replicas\"; allowed: instance, availability_groups, databases.");
    }

    [Test]
    public void A_property_given_twice_is_an_error()
    {
        AssertRejected(
            "{ " + Instance + ", " + Instance + " }",
            "$: property \"instance\" appears twice.");
    }

    [Test]
    public void A_missing_instance_is_an_error()
    {
        AssertRejected("{ " + OneGroup + ", \"databases\": [ { \"name\": \"x\" } ] }", "$: required property \"instance\" is missing.");
    }

    [Test]
    public void An_empty_list_of_databases_is_an_error()
    {
        AssertRejected("{ " + Instance + ", " + OneGroup + ", \"databases\": [] }", "$.databases: expected at least one item, found an empty array.");
    }

    [Test]
    public void Databases_must_be_an_array()
    {
        AssertRejected(
            "{ " + Instance + ", " + OneGroup + ", \"databases\": { \"name\": \"x\" } }",
            "$.databases: expected an array [ ... ], found an object.");
    }

    [Test]
    public void A_version_without_availability_groups_is_an_error()
    {
        AssertRejected(
            "{ \"instance\": { \"product_major_version\": 12, \"engine_edition\": 3 }, " + OneGroup + ", \"databases\": [ { \"name\": \"x\" } ] }",
            "$.instance.product_major_version: expected SERVERPROPERTY('ProductMajorVersion') of a version AgBackupClr supports, 13 (SQL Server 2016) to 17 (SQL Server 2025), found 12.");
    }

    [Test]
    public void An_edition_without_availability_groups_is_an_error()
    {
        AssertRejected(
            "{ \"instance\": { \"product_major_version\": 16, \"engine_edition\": 4 }, " + OneGroup + ", \"databases\": [ { \"name\": \"x\" } ] }",
            "$.instance.engine_edition: expected SERVERPROPERTY('EngineEdition') of an edition with availability groups, 2 (Standard) or 3 (Enterprise, Developer), found 4.");
    }

    [Test]
    public void A_version_written_as_a_string_is_an_error()
    {
        AssertRejected(
            "{ \"instance\": { \"product_major_version\": \"16\", \"engine_edition\": 3 }, " + OneGroup + ", \"databases\": [ { \"name\": \"x\" } ] }",
            "$.instance.product_major_version: expected a whole number, found \"16\".");
    }

    [Test]
    public void An_unknown_backup_preference_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Group("\"automated_backup_preference\": \"SECONDARY ONLY\"", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].automated_backup_preference: expected one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE, found \"SECONDARY ONLY\".");
    }

    [Test]
    public void A_backup_preference_in_lower_case_is_not_guessed()
    {
        AssertRejected(
            Group("\"automated_backup_preference\": \"secondary\"", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].automated_backup_preference: expected one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE, found \"secondary\".");
    }

    [Test]
    public void Basic_features_must_be_true_or_false()
    {
        AssertRejected(
            Group("\"basic_features\": 1", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].basic_features: expected true or false, found 1.");
    }

    [Test]
    public void An_unknown_distributed_role_lists_the_roles()
    {
        AssertRejected(
            Group("\"distributed_role\": \"FORWARDER\"", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].distributed_role: expected one of PRIMARY, SECONDARY, found \"FORWARDER\".");
    }

    [Test]
    public void Null_is_not_accepted_for_a_property_with_a_default()
    {
        AssertRejected(
            Group("\"automated_backup_preference\": null", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].automated_backup_preference: expected one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE, found null.");
    }

    [Test]
    public void Null_is_not_accepted_for_a_required_name()
    {
        AssertRejected(Databases("{ \"name\": null }"), "$.databases[0].name: expected a string, found null.");
    }

    [Test]
    public void Null_is_not_accepted_for_an_item_of_a_list()
    {
        AssertRejected(Databases("null"), "$.databases[0]: expected an object { ... }, found null.");
    }

    [Test]
    public void A_group_without_a_name_is_an_error()
    {
        AssertRejected(
            "{ " + Instance + ", \"availability_groups\": [ { \"replicas\": [ " + Replica("SQL1", "PRIMARY") + " ] } ], \"databases\": [ { \"name\": \"x\" } ] }",
            "$.availability_groups[0]: required property \"name\" is missing.");
    }

    [Test]
    public void An_empty_name_is_an_error()
    {
        AssertRejected(
            Databases("{ \"name\": \" \" }"),
            "$.databases[0].name: expected a name of 1 to 128 characters (sysname), not all blank, found \" \".");
    }

    [Test]
    public void A_group_without_replicas_is_an_error()
    {
        AssertRejected(
            "{ " + Instance + ", \"availability_groups\": [ { \"name\": \"Ag\", \"replicas\": [] } ], \"databases\": [ { \"name\": \"x\" } ] }",
            "$.availability_groups[0].replicas: expected at least one item, found an empty array.");
    }

    [Test]
    public void A_misspelt_replica_property_is_an_error_not_a_default()
    {
        AssertRejected(
            Group(null, "{ \"replica_server_name\": \"SQL1\", \"priority\": 60, \"availability_mode\": \"SYNCHRONOUS_COMMIT\", \"role\": \"PRIMARY\" }"),
            "$.availability_groups[0].replicas[0]: unknown property \"priority\"; allowed: replica_server_name, availability_mode, role, backup_priority, connected_state, operational_state, databases, product_major_version, engine_edition, certificates, asymmetric_keys, credentials.");
    }

    [Test]
    public void A_backup_priority_above_100_is_an_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"backup_priority\": 101")),
            "$.availability_groups[0].replicas[0].backup_priority: expected a BACKUP_PRIORITY from 0 (never) to 100, found 101.");
    }

    [Test]
    public void A_fractional_backup_priority_is_an_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"backup_priority\": 50.5")),
            "$.availability_groups[0].replicas[0].backup_priority: expected a whole number, found 50.5.");
    }

    [Test]
    public void A_replica_without_an_availability_mode_is_an_error()
    {
        AssertRejected(
            Group(null, "{ \"replica_server_name\": \"SQL1\", \"role\": \"PRIMARY\" }"),
            "$.availability_groups[0].replicas[0]: required property \"availability_mode\" is missing.");
    }

    [Test]
    public void An_unknown_availability_mode_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Group(null, "{ \"replica_server_name\": \"SQL1\", \"availability_mode\": \"SYNC\", \"role\": \"PRIMARY\" }"),
            "$.availability_groups[0].replicas[0].availability_mode: expected one of ASYNCHRONOUS_COMMIT, SYNCHRONOUS_COMMIT, CONFIGURATION_ONLY, found \"SYNC\".");
    }

    [Test]
    public void An_unknown_role_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "FORWARDER")),
            "$.availability_groups[0].replicas[0].role: expected one of RESOLVING, PRIMARY, SECONDARY, found \"FORWARDER\".");
    }

    [Test]
    public void An_unknown_connected_state_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"connected_state\": \"DOWN\"")),
            "$.availability_groups[0].replicas[0].connected_state: expected one of CONNECTED, DISCONNECTED, found \"DOWN\".");
    }

    [Test]
    public void An_unknown_operational_state_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"operational_state\": \"UP\"")),
            "$.availability_groups[0].replicas[0].operational_state: expected one of PENDING_FAILOVER, PENDING, ONLINE, OFFLINE, FAILED, FAILED_NO_QUORUM, found \"UP\".");
    }

    [Test]
    public void A_synchronization_state_with_an_underscore_is_not_SQL_Server_s_name()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"databases\": [ { \"database_name\": \"Sales\", \"synchronization_state\": \"NOT_SYNCHRONIZING\" } ]")),
            "$.availability_groups[0].replicas[0].databases[0].synchronization_state: expected one of NOT SYNCHRONIZING, SYNCHRONIZING, SYNCHRONIZED, REVERTING, INITIALIZING, found \"NOT_SYNCHRONIZING\".");
    }

    [Test]
    public void An_unknown_database_state_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Databases("{ \"name\": \"x\", \"state\": \"UP\" }"),
            "$.databases[0].state: expected one of ONLINE, RESTORING, RECOVERING, RECOVERY_PENDING, SUSPECT, EMERGENCY, OFFLINE, COPYING, OFFLINE_SECONDARY, found \"UP\".");
    }

    [Test]
    public void An_unknown_recovery_model_lists_SQL_Server_s_names()
    {
        AssertRejected(
            Databases("{ \"name\": \"x\", \"recovery_model\": \"BULK-LOGGED\" }"),
            "$.databases[0].recovery_model: expected one of FULL, BULK_LOGGED, SIMPLE, found \"BULK-LOGGED\".");
    }

    [Test]
    public void Has_full_backup_must_be_true_or_false()
    {
        AssertRejected(
            Databases("{ \"name\": \"x\", \"has_full_backup\": \"yes\" }"),
            "$.databases[0].has_full_backup: expected true or false, found \"yes\".");
    }

    [Test]
    public void Two_groups_with_one_name_are_an_error()
    {
        string group = "{ \"name\": \"Ag\", \"replicas\": [ " + Replica("SQL1", "PRIMARY") + " ] }";
        AssertRejected(
            "{ " + Instance + ", \"availability_groups\": [ " + group + ", " + group.Replace("\"Ag\"", "\"AG\"") + " ], \"databases\": [ { \"name\": \"x\" } ] }",
            "$.availability_groups[1].name: \"AG\" names an availability group already defined; names must be unique.");
    }

    [Test]
    public void Two_replicas_with_one_name_are_an_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY") + ", " + Replica("sql1", "SECONDARY")),
            "$.availability_groups[0].replicas[1].replica_server_name: \"sql1\" names a replica of this availability group already defined; names must be unique.");
    }

    [Test]
    public void Two_databases_with_one_name_are_an_error()
    {
        AssertRejected(
            Databases("{ \"name\": \"Sales\" }, { \"name\": \"SALES\" }"),
            "$.databases[1].name: \"SALES\" names a database already defined; names must be unique.");
    }

    [Test]
    public void Two_primary_replicas_in_one_group_are_an_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY") + ", " + Replica("SQL2", "PRIMARY")),
            "$.availability_groups[0].replicas[1].role: an availability group has one PRIMARY replica, and $.availability_groups[0].replicas[0] is PRIMARY already.");
    }

    [Test]
    public void A_configuration_only_primary_is_an_error()
    {
        AssertRejected(
            Group(null, "{ \"replica_server_name\": \"SQL1\", \"availability_mode\": \"CONFIGURATION_ONLY\", \"role\": \"PRIMARY\" }"),
            "$.availability_groups[0].replicas[0].role: a CONFIGURATION_ONLY replica holds no databases and cannot be PRIMARY.");
    }

    [Test]
    public void A_database_in_an_undefined_group_names_the_defined_ones()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY")).Replace("\"availability_group\": \"Ag\"", "\"availability_group\": \"AgX\""),
            "$.databases[0].availability_group: \"AgX\" is not an availability group of this topology; defined: \"Ag\".");
    }

    [Test]
    public void A_topology_without_availability_groups_is_an_error_because_its_databases_would_have_no_replica()
    {
        AssertRejected("{ \"instance\": { \"product_major_version\": 16, \"engine_edition\": 3 }, \"databases\": [ { \"name\": \"Sales\" } ] }", "$: required property \"availability_groups\" is missing.");
    }

    [Test]
    public void An_empty_list_of_availability_groups_is_an_error()
    {
        AssertRejected(
            "{ \"instance\": { \"product_major_version\": 16, \"engine_edition\": 3 }, \"availability_groups\": [], \"databases\": [ { \"name\": \"Sales\" } ] }",
            "$.availability_groups: expected at least one item, found an empty array.");
    }

    [Test]
    public void A_group_database_in_SIMPLE_recovery_is_an_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY")).Replace("\"availability_group\": \"Ag\"", "\"availability_group\": \"Ag\", \"recovery_model\": \"SIMPLE\""),
            "$.databases[0].recovery_model: a database in an availability group uses the FULL recovery model; found SIMPLE.");
    }

    [Test]
    public void A_basic_group_with_three_replicas_is_an_error()
    {
        AssertRejected(
            Standard(Group("\"basic_features\": true", Replica("SQL1", "PRIMARY") + ", " + Replica("SQL2", "SECONDARY") + ", " + Replica("SQL3", "SECONDARY"))),
            "$.availability_groups[0].replicas: a basic availability group has at most two replicas besides a configuration-only one; found 3.");
    }

    private const string ConfigurationOnly = "{ \"replica_server_name\": \"WITNESS\", \"availability_mode\": \"CONFIGURATION_ONLY\", \"role\": \"SECONDARY\" }";

    [Test]
    public void A_basic_group_of_two_replicas_and_a_configuration_only_one_is_planned_as_the_documented_layout_on_linux()
    {
        (int exitCode, string output, string error) = PlanTopology(System.Text.Encoding.UTF8.GetBytes(
            Standard(Group("\"basic_features\": true", Replica("SQL1", "PRIMARY") + ", " + Replica("SQL2", "SECONDARY") + ", " + ConfigurationOnly))));

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Does.Contain("\nSales     Ag                  FULL            SQL1     PRIMARY    BACKUP  OK_PRIMARY_ONLY_TYPE "), output);
        Assert.That(output, Does.Not.Contain("WITNESS"), "a configuration-only replica holds no databases, so it has no row");
    }

    [TestCase(4)]
    [TestCase(2)]
    public void A_configuration_only_replica_of_an_enterprise_group_may_run_any_edition(int edition)
    {
        string witness = ConfigurationOnly.Replace(" }", ", \"engine_edition\": " + edition + " }", System.StringComparison.Ordinal);

        (int exitCode, _, string error) = PlanTopology(System.Text.Encoding.UTF8.GetBytes(Group(null, Replica("SQL1", "PRIMARY") + ", " + Replica("SQL2", "SECONDARY") + ", " + witness)));

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
    }

    [Test]
    public void A_replica_that_holds_databases_never_runs_express()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"engine_edition\": 4") + ", " + Replica("SQL2", "SECONDARY", "\"engine_edition\": 4")),
            "$.availability_groups[0].replicas[0].engine_edition: expected SERVERPROPERTY('EngineEdition') of an edition with availability groups, 2 (Standard) or 3 (Enterprise, Developer), found 4.");
    }

    [Test]
    public void A_primary_listed_as_disconnected_is_an_error_since_connected_state_is_about_the_primary()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"connected_state\": \"DISCONNECTED\"") + ", " + Replica("SQL2", "SECONDARY")),
            "$.availability_groups[0].replicas[0].connected_state: connected_state says whether a replica is connected to the primary, so a PRIMARY is never DISCONNECTED; leave it out.");
    }

    [TestCase("tempdb")]
    [TestCase("TempDB")]
    public void Tempdb_in_a_topology_is_an_error_since_no_job_ever_selects_it(string name)
    {
        AssertRejected(
            Databases("{ \"name\": \"" + name + "\" }"),
            "$.databases[0].name: tempdb is never backed up: no @Databases keyword or pattern selects it, and a job that names it is refused (REFUSE_TEMPDB); leave it out.");
    }

    [Test]
    public void A_basic_group_with_two_databases_is_an_error()
    {
        AssertRejected(
            Standard(Group("\"basic_features\": true", Replica("SQL1", "PRIMARY")))
                .Replace("\"databases\": [ ", "\"databases\": [ { \"name\": \"Orders\", \"availability_group\": \"Ag\" }, "),
            "$.availability_groups[0]: a basic availability group holds one database; found 2 (\"Orders\", \"Sales\").");
    }

    [Test]
    public void A_replica_s_state_for_a_database_outside_its_group_is_an_error()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"databases\": [ { \"database_name\": \"Other\", \"synchronization_state\": \"SYNCHRONIZED\" } ]")),
            "$.availability_groups[0].replicas[0].databases[0].database_name: \"Other\" is not a database of availability group \"Ag\"; its databases: \"Sales\".");
    }

    [Test]
    public void A_replica_s_state_for_one_database_given_twice_is_an_error()
    {
        string state = "{ \"database_name\": \"Sales\", \"synchronization_state\": \"SYNCHRONIZED\" }";
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"databases\": [ " + state + ", " + state + " ]")),
            "$.availability_groups[0].replicas[0].databases[1].database_name: \"Sales\" names a database state of this replica already defined; names must be unique.");
    }

    [Test]
    public void A_missing_file_is_reported_with_exit_code_2()
    {
        string missing = Path.Combine(Path.GetTempPath(), "agbackup-no-such-topology.json");

        (int exitCode, string output, string error) = Run("plan", "--topology", missing);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo("agbackup: cannot read " + missing + ": Could not find file '" + missing + "'.\n"));
    }
}
