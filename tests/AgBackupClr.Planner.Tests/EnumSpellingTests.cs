using System.Collections.Generic;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Every *_desc value of a topology file is one of SQL Server's spellings, exactly: no white space around it, no comma
/// list read as a combination of flags (a value no column holds, which crashed the planner), no number.
/// </summary>
public sealed class EnumSpellingTests
{
    private const string Roles = "expected one of RESOLVING, PRIMARY, SECONDARY";

    public static IEnumerable<TestCaseData> Misspelt()
    {
        TestCaseData Case(string topology, string path, string expected, string value) =>
            new TestCaseData(topology, path + ": " + expected + ", found \"" + value + "\".").SetArgDisplayNames(path + " = " + value);

        foreach (string role in new[] { "PRIMARY, SECONDARY", "SECONDARY ", "\\u00A0PRIMARY\\n", "SECONDARY, RESOLVING", " PRIMARY", "Primary", "PRIMARY|SECONDARY", "3" })
        {
            yield return Case(Group(null, Replica("SQL1", role)), "$.availability_groups[0].replicas[0].role", Roles, role);
        }

        yield return Case(
            Group("\"automated_backup_preference\": \"SECONDARY_ONLY,PRIMARY\"", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].automated_backup_preference",
            "expected one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE",
            "SECONDARY_ONLY,PRIMARY");
        yield return Case(
            Group(null, "{ \"replica_server_name\": \"SQL1\", \"availability_mode\": \"SYNCHRONOUS_COMMIT, ASYNCHRONOUS_COMMIT\", \"role\": \"PRIMARY\" }"),
            "$.availability_groups[0].replicas[0].availability_mode",
            "expected one of ASYNCHRONOUS_COMMIT, SYNCHRONOUS_COMMIT, CONFIGURATION_ONLY",
            "SYNCHRONOUS_COMMIT, ASYNCHRONOUS_COMMIT");
        yield return Case(
            Group(null, Replica("SQL1", "PRIMARY", "\"connected_state\": \"CONNECTED, DISCONNECTED\"")),
            "$.availability_groups[0].replicas[0].connected_state",
            "expected one of CONNECTED, DISCONNECTED",
            "CONNECTED, DISCONNECTED");
        yield return Case(
            Group(null, Replica("SQL1", "PRIMARY", "\"operational_state\": \" ONLINE\"")),
            "$.availability_groups[0].replicas[0].operational_state",
            "expected one of PENDING_FAILOVER, PENDING, ONLINE, OFFLINE, FAILED, FAILED_NO_QUORUM",
            " ONLINE");
        yield return Case(
            Group("\"distributed_role\": \"PRIMARY,SECONDARY\"", Replica("SQL1", "PRIMARY")),
            "$.availability_groups[0].distributed_role",
            "expected one of PRIMARY, SECONDARY",
            "PRIMARY,SECONDARY");
        yield return Case(
            Group(null, Replica("SQL1", "PRIMARY", "\"databases\": [ { \"database_name\": \"Sales\", \"synchronization_state\": \"SYNCHRONIZED\\t\" } ]")),
            "$.availability_groups[0].replicas[0].databases[0].synchronization_state",
            "expected one of NOT SYNCHRONIZING, SYNCHRONIZING, SYNCHRONIZED, REVERTING, INITIALIZING",
            "SYNCHRONIZED\\t");
        yield return Case(
            Databases("{ \"name\": \"x\", \"state\": \"ONLINE, OFFLINE\" }"),
            "$.databases[0].state",
            "expected one of ONLINE, RESTORING, RECOVERING, RECOVERY_PENDING, SUSPECT, EMERGENCY, OFFLINE, COPYING, OFFLINE_SECONDARY",
            "ONLINE, OFFLINE");
        yield return Case(
            Databases("{ \"name\": \"x\", \"recovery_model\": \"FULL, SIMPLE\" }"),
            "$.databases[0].recovery_model",
            "expected one of FULL, BULK_LOGGED, SIMPLE",
            "FULL, SIMPLE");
    }

    [TestCaseSource(nameof(Misspelt))]
    public void A_value_that_is_not_exactly_a_spelling_is_rejected_with_the_spellings(string topology, string expected)
    {
        AssertRejected(topology, expected);
    }

    [Test]
    public void A_number_is_not_a_spelling()
    {
        AssertRejected(Group(null, Replica("SQL1", "PRIMARY", "\"connected_state\": 0")), "$.availability_groups[0].replicas[0].connected_state: expected one of CONNECTED, DISCONNECTED, found 0.");
    }

    [Test]
    public void An_escaped_letter_still_spells_the_value()
    {
        (int exitCode, _, string error) = PlanTopology(System.Text.Encoding.UTF8.GetBytes(Group(null, Replica("SQL1", "\\u0050RIMARY"))));

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
    }
}
