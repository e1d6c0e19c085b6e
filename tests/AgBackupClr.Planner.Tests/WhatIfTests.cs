using System.Text.Json;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The what-if flags change the topology before it is planned, each repeatable, and the plan says which changes were
/// made. The example: SQL1 primary (priority 50), SQL2 (60) and SQL3 (asynchronous, 40) under SECONDARY, SQL Server 2022.
/// </summary>
public sealed class WhatIfTests
{
    private const string Header = "DATABASE   AVAILABILITY GROUP  BACKUP          SQL1    SQL2    SQL3\n";

    [TestCase(
        "--failover SQL2",
        "What if: SQL2 fails over to PRIMARY of AgSales; SQL1 becomes SECONDARY.",
        "Sales      AgSales             FULL            skip    BACKUP  skip")]
    [TestCase(
        "--down sql2",
        "What if: SQL2 of AgSales is down: DISCONNECTED and OFFLINE.",
        "Sales      AgSales             LOG             skip    REFUSE  BACKUP")]
    [TestCase(
        "--priority SQL3=100 --priority SQL2=0",
        "What if: SQL3 of AgSales has BACKUP_PRIORITY 100 (was 40).\nWhat if: SQL2 of AgSales has BACKUP_PRIORITY 0 (was 60).",
        "Sales      AgSales             LOG             skip    skip    BACKUP")]
    [TestCase(
        "--preference AgSales=PRIMARY",
        "What if: AgSales has AUTOMATED_BACKUP_PREFERENCE PRIMARY (was SECONDARY).",
        "Sales      AgSales             LOG             BACKUP  skip    skip")]
    public void Each_change_is_said_above_the_matrix_and_moves_the_backup(string whatIf, string applied, string line)
    {
        string output = Matrix(whatIf.Split(' '));

        Assert.That(output, Does.StartWith(applied + "\n\n" + Header));
        Assert.That(output, Does.Contain("\n" + line + "\n"));
    }

    [Test]
    public void A_failover_leaves_the_log_on_the_preferred_secondary_and_a_replica_down_fails_its_own_job()
    {
        Assert.That(Matrix("--failover", "SQL2"), Does.Contain("\nSales      AgSales             LOG             BACKUP  skip    skip\n"));
        Assert.That(Matrix("--down", "SQL2"), Does.Contain("\n  SQL2: REFUSE_PRIMARY_NOT_REACHABLE, 8 backups: "));
    }

    [Test]
    public void The_primary_down_leaves_every_backup_refused_on_every_replica_not_skipped_nor_planned_on_the_downed_primary()
    {
        string output = Matrix("--down", "SQL1");

        foreach (string backup in new[] { "FULL          ", "COPY_ONLY FULL", "DIFF          ", "LOG           " })
        {
            Assert.That(output, Does.Contain("\nSales      AgSales             " + backup + "  REFUSE  REFUSE  REFUSE\n"), backup);
        }
    }

    [Test]
    public void With_json_the_changes_go_to_standard_error_so_standard_output_stays_one_array()
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("three-replicas-secondary.json"), "--format", "json", "--down", "SQL2");

        Assert.That((exitCode, error), Is.EqualTo((0, "agbackup: what if: SQL2 of AgSales is down: DISCONNECTED and OFFLINE.\n")));
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(36));
    }

    [TestCase("--failover", "SQL9", "agbackup: --failover \"SQL9\": no replica of the topology has that name; replicas: \"SQL1\", \"SQL2\", \"SQL3\".")]
    [TestCase("--down", "SQL9", "agbackup: --down \"SQL9\": no replica of the topology has that name; replicas: \"SQL1\", \"SQL2\", \"SQL3\".")]
    [TestCase("--priority", "SQL9=1", "agbackup: --priority \"SQL9\": no replica of the topology has that name; replicas: \"SQL1\", \"SQL2\", \"SQL3\".")]
    [TestCase("--preference", "AgX=NONE", "agbackup: --preference \"AgX\": no availability group of the topology has that name; groups: \"AgSales\".")]
    [TestCase("--priority", "SQL2", "\"SQL2\" is not REPLICA=N with N a BACKUP_PRIORITY from 0 to 100.")]
    [TestCase("--priority", "SQL2=101", "\"SQL2=101\" is not REPLICA=N with N a BACKUP_PRIORITY from 0 to 100.")]
    [TestCase("--priority", "SQL2=-1", "\"SQL2=-1\" is not REPLICA=N with N a BACKUP_PRIORITY from 0 to 100.")]
    [TestCase("--preference", "AgSales=secondary_only", "\"AgSales=secondary_only\" is not GROUP=PREFERENCE with PREFERENCE one of PRIMARY, SECONDARY_ONLY, SECONDARY, NONE.")]
    public void A_name_the_topology_does_not_have_or_a_value_that_is_not_NAME_EQUALS_VALUE_is_an_error_with_exit_code_2(
        string option, string value, string message)
    {
        (int exitCode, string output, string error) = Run("plan", "--topology", Example("three-replicas-secondary.json"), option, value);

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith(message + "\n"));
    }

    [Test]
    public void A_configuration_only_replica_cannot_fail_over()
    {
        (int exitCode, _, string error) = PlanTopology(
            System.Text.Encoding.UTF8.GetBytes(Group(
                null,
                Replica("SQL1", "PRIMARY") + ", { \"replica_server_name\": \"WITNESS\", \"availability_mode\": \"CONFIGURATION_ONLY\", \"role\": \"SECONDARY\" }")),
            "--failover",
            "WITNESS");

        Assert.That((exitCode, error), Is.EqualTo((2, "agbackup: --failover \"WITNESS\": a CONFIGURATION_ONLY replica holds no databases and cannot be PRIMARY.\n")));
    }

    private static string Matrix(params string[] whatIf)
    {
        var args = new System.Collections.Generic.List<string> { "plan", "--topology", Example("three-replicas-secondary.json"), "--format", "matrix" };
        args.AddRange(whatIf);
        (int exitCode, string output, string error) = Run(args.ToArray());
        Assert.That((exitCode, error), Is.EqualTo((0, string.Empty)));
        return output;
    }
}
