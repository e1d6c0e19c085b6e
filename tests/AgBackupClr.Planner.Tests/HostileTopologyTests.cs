using System;
using System.Text;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Inputs found by fuzzing the planner (issue 11): each ends in exit code 2 with one line that names the place, never in
/// a stack trace, a name the file does not have, or a message that repeats megabytes or forges a line.
/// </summary>
public sealed class HostileTopologyTests
{
    [Test]
    public void A_lone_surrogate_escape_in_a_name_is_rejected_with_its_place_not_a_crash()
    {
        AssertRejected(
            Databases("{ \"name\": \"d\\udfff\" }"),
            "$.databases[0].name (line 1, column 261): Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value: '0xDFFF'.");
    }

    [Test]
    public void A_lone_surrogate_escape_in_a_property_name_is_rejected_too()
    {
        AssertRejected(
            Databases("{ \"name\": \"d\", \"x\\ud800\": 1 }"),
            "$.databases[0] (line 1, column 267): Cannot read incomplete UTF-16 JSON text as string with missing low surrogate.");
    }

    [Test]
    public void Invalid_UTF_8_is_rejected_with_its_line_and_column_instead_of_becoming_U_FFFD()
    {
        byte[] json = Encoding.UTF8.GetBytes("{ " + Instance + ", " + OneGroup + ",\n  \"databases\": [ { \"name\": \"Sa?es\" } ] }");
        json[Array.IndexOf(json, (byte)'?')] = 0xFF;

        AssertRejected(json, "line 2, column 31: not valid UTF-8; save the file as UTF-8.");
    }

    [Test]
    public void A_byte_order_mark_is_accepted()
    {
        byte[] json = Encoding.UTF8.GetBytes("\uFEFF{ " + Instance + ", " + OneGroup + ", \"databases\": [ { \"name\": \"Sales\" } ] }");

        Assert.That(PlanTopology(json).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_name_longer_than_a_sysname_is_rejected()
    {
        string name = new string('d', 129);

        AssertRejected(
            Databases("{ \"name\": \"" + name + "\" }"),
            "$.databases[0].name: expected a name of 1 to 128 characters (sysname), not all blank, found \"" + name.Substring(0, 60) + "\"... (129 characters).");
    }

    [Test]
    public void A_name_of_128_characters_is_a_sysname()
    {
        string name = new string('d', 128);

        Assert.That(PlanTopology(Encoding.UTF8.GetBytes(Databases("{ \"name\": \"" + name + "\" }"))).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_10_MB_property_name_is_cut_in_the_message()
    {
        string name = new string('p', 10 * 1024 * 1024);

        AssertRejected(
            Databases("{ \"name\": \"d\", \"" + name + "\": 1 }"),
            "$.databases[0]: unknown property \"" + name.Substring(0, 60) + "\"... (10,485,760 characters); allowed: name, state, recovery_model, has_full_backup, availability_group.");
    }

    [Test]
    public void A_name_with_a_newline_is_escaped_so_the_message_stays_one_line()
    {
        AssertRejected(
            Databases("{ \"name\": \"Sales\" }, { \"name\": \"sales\\nagbackup: forged\" }, { \"name\": \"SALES\" }"),
            "$.databases[2].name: \"SALES\" names a database already defined; names must be unique.");
        AssertRejected(
            Databases("{ \"name\": \"x\\ny\" }, { \"name\": \"X\\nY\" }"),
            "$.databases[1].name: \"X\\nY\" names a database already defined; names must be unique.");
    }

    [Test]
    public void A_property_name_with_a_newline_is_escaped_so_the_message_stays_one_line()
    {
        AssertRejected(
            Databases("{ \"name\": \"d\", \"a\\r\\nagbackup: forged\": 1 }"),
            "$.databases[0]: unknown property \"a\\r\\nagbackup: forged\"; allowed: name, state, recovery_model, has_full_backup, availability_group.");
    }

    [Test]
    public void Twenty_thousand_databases_whose_last_repeats_the_first_in_another_case_are_rejected()
    {
        AssertRejected(
            Databases(Many(19_999, string.Empty) + "{ \"name\": \"DB0\" }"),
            "$.databases[19999].name: \"DB0\" names a database already defined; names must be unique.");
    }

    [Test]
    public void A_list_of_many_names_in_a_message_shows_the_first_five()
    {
        string databases = Many(1_000, ", \"availability_group\": \"Ag\"");
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"databases\": [ { \"database_name\": \"Other\", \"synchronization_state\": \"SYNCHRONIZED\" } ]"))
                .Replace("\"databases\": [ { \"name\": \"Sales\"", "\"databases\": [ " + databases + "{ \"name\": \"Sales\"", StringComparison.Ordinal),
            "$.availability_groups[0].replicas[0].databases[0].database_name: \"Other\" is not a database of availability group \"Ag\"; "
            + "its databases: \"Db0\", \"Db1\", \"Db2\", \"Db3\", \"Db4\" and 996 more.");
    }

    /// <summary>Databases Db0, Db1, ... with these properties, each followed by a comma.</summary>
    private static string Many(int count, string properties)
    {
        var databases = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            databases.Append("{ \"name\": \"Db").Append(i).Append('"').Append(properties).Append(" }, ");
        }

        return databases.ToString();
    }
}
