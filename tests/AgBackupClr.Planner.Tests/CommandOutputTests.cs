using System.Text.Json;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>What agbackup prints for a good topology: the aligned table by default, JSON on request.</summary>
public sealed class CommandOutputTests
{
    [Test]
    public void The_main_example_prints_an_aligned_table_and_exits_with_0()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("three-replicas-secondary.json"));

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(error, Is.Empty);
        string[] lines = output.Split('\n');
        Assert.That(lines[0], Is.EqualTo("DATABASE   AVAILABILITY GROUP  BACKUP          REPLICA  ROLE       ACTION  REASON CODE              REASON"));
        Assert.That(lines[1], Is.EqualTo("---------  ------------------  --------------  -------  ---------  ------  -----------------------  ------"));
        Assert.That(
            output,
            Does.Contain("\nSales      AgSales             LOG             SQL2     SECONDARY  BACKUP  OK_PREFERRED_REPLICA     This replica, SQL2 (BACKUP_PRIORITY = 60), is "));
        Assert.That(
            output,
            Does.Contain("\nmaster     -                   DIFF            SQL3     -          REFUSE  REFUSE_MASTER_FULL_ONLY  master takes only FULL"));
    }

    [Test]
    public void Format_table_is_the_default()
    {
        string file = Example("basic-availability-group.json");

        Assert.That(Run("plan", "--topology", file, "--format", "table").Output, Is.EqualTo(Run("plan", "--topology", file).Output));
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
        Assert.That(first.GetProperty("is_preferred_replica").GetBoolean(), Is.False);
        Assert.That(first.GetProperty("preferred_replica_name").GetString(), Is.EqualTo("SQL1"));
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
        Assert.That(last.GetProperty("reason_code").GetString(), Is.EqualTo("REFUSE_MASTER_FULL_ONLY"));
    }
}
