using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// What agbackup prints for a good topology: the matrix on a terminal, the aligned table when redirected (as CI runs the
/// README's command), JSON on request, streamed.
/// </summary>
public sealed class CommandOutputTests
{
    [Test]
    public void The_main_example_prints_an_aligned_table_and_exits_with_0()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("three-replicas-secondary.json"));

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(error, Is.Empty);
        string[] lines = output.Split('\n');
        Assert.That(lines[0], Is.EqualTo("DATABASE   AVAILABILITY GROUP  BACKUP          REPLICA  ROLE       ACTION  REASON CODE            REASON"));
        Assert.That(lines[1], Is.EqualTo("---------  ------------------  --------------  -------  ---------  ------  ---------------------  ------"));
        Assert.That(
            output,
            Does.Contain("\nSales      AgSales             LOG             SQL2     SECONDARY  BACKUP  OK_PREFERRED_REPLICA   This replica, SQL2 (BACKUP_PRIORITY = 60), is "));
        Assert.That(
            output,
            Does.Contain("\nmaster     -                   DIFF            SQL3     -          SKIP    SKIP_MASTER_FULL_ONLY  master takes only FULL"));
    }

    [Test]
    public void Format_table_is_the_default_when_standard_output_is_not_a_terminal()
    {
        string file = Example("basic-availability-group.json");

        Assert.That(Run("plan", "--topology", file, "--format", "table").Output, Is.EqualTo(Run("plan", "--topology", file).Output));
    }

    [Test]
    public void The_matrix_shows_one_line_per_database_and_backup_and_one_column_per_replica_then_why_each_REFUSE()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("three-replicas-secondary.json"), "--format", "matrix");

        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        Assert.That(output, Is.EqualTo(
            """
            DATABASE   AVAILABILITY GROUP  BACKUP          SQL1    SQL2    SQL3
            ---------  ------------------  --------------  ------  ------  ------
            Sales      AgSales             FULL            BACKUP  skip    skip
            Sales      AgSales             COPY_ONLY FULL  skip    BACKUP  skip
            Sales      AgSales             DIFF            BACKUP  skip    skip
            Sales      AgSales             LOG             skip    BACKUP  skip
            Inventory  AgSales             FULL            BACKUP  skip    skip
            Inventory  AgSales             COPY_ONLY FULL  skip    BACKUP  skip
            Inventory  AgSales             DIFF            BACKUP  skip    skip
            Inventory  AgSales             LOG             skip    BACKUP  skip
            master     -                   FULL            BACKUP  BACKUP  BACKUP
            master     -                   COPY_ONLY FULL  BACKUP  BACKUP  BACKUP
            master     -                   DIFF            skip    skip    skip
            master     -                   LOG             skip    skip    skip

            """));
    }

    [Test]
    public void The_matrix_is_the_default_on_a_terminal_and_in_colour()
    {
        (int exitCode, string output, _) = RunOnTerminal("plan", "--topology", Example("three-replicas-secondary.json"));

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\nSales      AgSales             LOG             \u001b[2mskip\u001b[0m    \u001b[32mBACKUP\u001b[0m  \u001b[2mskip\u001b[0m\n"));
        Assert.That(RunOnTerminal("plan", "--topology", Example("replica-offline.json")).Output, Does.Contain("\u001b[1;31mREFUSE\u001b[0m"));
    }

    [Test]
    public void The_matrix_is_plain_when_redirected_or_when_NO_COLOR_is_set()
    {
        string file = Example("three-replicas-secondary.json");
        Assert.That(Run("plan", "--topology", file, "--format", "matrix").Output, Does.Not.Contain("\u001b"));

        Environment.SetEnvironmentVariable("NO_COLOR", "1");
        try
        {
            Assert.That(RunOnTerminal("plan", "--topology", file).Output, Is.EqualTo(Run("plan", "--topology", file, "--format", "matrix").Output));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NO_COLOR", null);
        }
    }

    [Test]
    public void A_replica_that_does_not_hold_a_database_shows_a_dash()
    {
        string json = Databases("{ \"name\": \"Sales\", \"availability_group\": \"Ag\" }, { \"name\": \"Hr\", \"availability_group\": \"AgHr\" }")
            .Replace(" ] } ]", " ] }, { \"name\": \"AgHr\", \"replicas\": [ " + Replica("SQL2", "PRIMARY") + " ] } ]", StringComparison.Ordinal);

        (_, string output, _) = PlanTopology(Encoding.UTF8.GetBytes(json), "--format", "matrix");

        Assert.That(output, Does.Contain("\nSales     Ag                  LOG             BACKUP  -\n"));
        Assert.That(output, Does.Contain("\nHr        AgHr                LOG             -       BACKUP\n"));
    }

    [Test]
    public void Names_with_a_newline_stay_on_their_line_in_every_human_format()
    {
        byte[] json = Encoding.UTF8.GetBytes(Databases("{ \"name\": \"x\\ny\", \"availability_group\": \"Ag\" }"));

        Assert.That(PlanTopology(json, "--format", "matrix").Output, Does.Contain("\nx\\ny      Ag                  LOG             BACKUP\n"));
        Assert.That(PlanTopology(json, "--format", "table").Output.Split('\n'), Has.Length.EqualTo(2 + 4 + 3 + 1));
    }

    [Test]
    public void Format_json_of_a_large_plan_is_one_valid_array_whatever_its_size()
    {
        var databases = new StringBuilder();
        for (int i = 0; i < 3_000; i++)
        {
            databases.Append(i == 0 ? string.Empty : ", ").Append("{ \"name\": \"Db").Append(i).Append("\", \"availability_group\": \"Ag\" }");
        }

        (int exitCode, string output, _) = PlanTopology(Encoding.UTF8.GetBytes(Databases(databases.ToString())), "--format", "json");

        Assert.That(exitCode, Is.EqualTo(0));
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(3_000 * 4));
        Assert.That(json.RootElement[11_999].GetProperty("database_name").GetString(), Is.EqualTo("Db2999"));
    }

    [Test]
    public void Format_json_prints_one_object_per_cell_with_the_procedure_s_column_names()
    {
        (int exitCode, string output, _) = Run("plan", "--topology", Example("three-replicas-secondary.json"), "--format", "json");

        Assert.That(exitCode, Is.EqualTo(0));
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(36));
        JsonElement first = json.RootElement[0];
        Assert.That(first.GetProperty("database_name").GetString(), Is.EqualTo("Sales"));
        Assert.That(first.GetProperty("availability_group_name").GetString(), Is.EqualTo("AgSales"));
        Assert.That(first.GetProperty("replica_server_name").GetString(), Is.EqualTo("SQL1"));
        Assert.That(first.GetProperty("replica_role").GetString(), Is.EqualTo("PRIMARY"));
        Assert.That(first.GetProperty("backup_type").GetString(), Is.EqualTo("FULL"));
        Assert.That(first.GetProperty("copy_only").GetBoolean(), Is.False);
        Assert.That(first.GetProperty("action").GetString(), Is.EqualTo("BACKUP"));
        Assert.That(first.GetProperty("reason_code").GetString(), Is.EqualTo("OK_PRIMARY_ONLY_TYPE"));
        Assert.That(first.GetProperty("reason").GetString(), Does.StartWith("No secondary replica can take this FULL backup"));
        Assert.That(first.GetProperty("is_preferred_replica").ValueKind, Is.EqualTo(JsonValueKind.Null), "the procedure asks no preference for a type only the primary takes");
        Assert.That(first.GetProperty("preferred_replica_name").GetString(), Is.EqualTo("SQL1"));
    }

    [TestCase("three-replicas-secondary.json", "SQL1", "FULL", false, null)]
    [TestCase("three-replicas-secondary.json", "SQL1", "DIFF", false, null)]
    [TestCase("three-replicas-secondary.json", "SQL1", "FULL", true, false)]
    [TestCase("three-replicas-secondary.json", "SQL1", "LOG", false, false)]
    [TestCase("three-replicas-secondary.json", "SQL2", "LOG", false, true)]
    [TestCase("basic-availability-group.json", "STD1", "LOG", false, null)]
    public void Is_preferred_replica_is_null_where_the_procedure_does_not_ask_the_preference_and_its_answer_elsewhere(
        string example, string replica, string backupType, bool copyOnly, bool? answer)
    {
        (_, string output, _) = Run("plan", "--topology", Example(example), "--format", "json");

        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement row = json.RootElement.EnumerateArray().First(row =>
            row.GetProperty("replica_server_name").GetString() == replica && row.GetProperty("backup_type").GetString() == backupType
            && row.GetProperty("copy_only").GetBoolean() == copyOnly && row.GetProperty("availability_group_name").ValueKind != JsonValueKind.Null);
        JsonElement shown = row.GetProperty("is_preferred_replica");
        Assert.That(shown.ValueKind == JsonValueKind.Null ? (bool?)null : shown.GetBoolean(), Is.EqualTo(answer));
    }

    [Test]
    public void Format_json_shows_a_database_outside_any_availability_group_with_null_group_and_role()
    {
        (_, string output, _) = Run("plan", "--topology", Example("three-replicas-secondary.json"), "--format", "json");

        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement last = json.RootElement[35];
        Assert.That(last.GetProperty("database_name").GetString(), Is.EqualTo("master"));
        Assert.That(last.GetProperty("availability_group_name").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(last.GetProperty("replica_role").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(last.GetProperty("copy_only").GetBoolean(), Is.False);
        Assert.That(last.GetProperty("reason_code").GetString(), Is.EqualTo("SKIP_MASTER_FULL_ONLY"));
    }
}
