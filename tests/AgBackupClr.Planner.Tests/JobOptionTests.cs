using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgBackupClr.Rules;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The job's options that depend on the replica (issue 12): plan takes them as usp_BackupIfPreferred does, each replica's
/// certificates, asymmetric keys and credentials come from the topology, and the plan shows on each replica the refusal
/// the procedure's own ReplicaArgumentChecks gives there.
/// </summary>
public sealed class JobOptionTests
{
    private static readonly string[] Encrypt = { "--encrypt", "Y", "--encryption-algorithm", "AES_256", "--server-certificate", "BackupCertificate" };

    [Test]
    public void A_certificate_on_the_primary_only_is_refused_on_the_secondary_in_the_table()
    {
        (int exitCode, string output, _) = Run(With("plan", "--topology", Example("certificate-on-one-replica.json")));

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\nSales     AgSales             FULL            SQL1     PRIMARY    BACKUP  OK_PRIMARY_ONLY_TYPE        "));
        Assert.That(
            output,
            Does.Contain("\nSales     AgSales             LOG             SQL2     SECONDARY  REFUSE  REFUSE_ENCRYPTOR_NOT_FOUND  @ServerCertificate = 'BackupCertificate': "
                + "there is no such certificate in master on this replica (SQL2), so no backup can be encrypted here, and after a failover this replica may be the one to take them."));
    }

    [Test]
    public void After_a_failover_to_the_replica_without_the_certificate_no_replica_backs_up_and_the_new_primary_refuses_in_json()
    {
        (int exitCode, string output, string error) = Run(With("plan", "--topology", Example("certificate-on-one-replica.json"), "--failover", "SQL2", "--format", "json"));

        Assert.That((exitCode, error), Is.EqualTo((0, "agbackup: what if: SQL2 fails over to PRIMARY of AgSales; SQL1 becomes SECONDARY.\n")));
        using JsonDocument plan = JsonDocument.Parse(output);
        foreach (JsonElement row in plan.RootElement.EnumerateArray())
        {
            string replica = row.GetProperty("replica_server_name").GetString()!;
            Assert.That(row.GetProperty("action").GetString(), Is.EqualTo(replica == "SQL2" ? "REFUSE" : "SKIP"), row.ToString());
            if (replica == "SQL2")
            {
                Assert.That(row.GetProperty("reason_code").GetString(), Is.EqualTo(ReasonCodes.RefuseEncryptorNotFound));
                Assert.That(row.GetProperty("replica_role").GetString(), Is.EqualTo("PRIMARY"));
            }
        }
    }

    [Test]
    public void Without_the_options_the_certificate_changes_nothing()
    {
        (int exitCode, string output, _) = Run("plan", "--topology", Example("certificate-on-one-replica.json"), "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Not.Contain("REFUSE"));
    }

    [Test]
    public void ZSTD_is_refused_on_the_replica_still_on_SQL_Server_2022_with_the_procedure_s_reason()
    {
        (int exitCode, string output, _) = Run(
            "plan", "--topology", Example("rolling-upgrade.json"), "--preference", "AgSales=PRIMARY", "--compress", "Y", "--compression-algorithm", "ZSTD", "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\nSales     AgSales             FULL            REFUSE  BACKUP  skip\n"));
        Assert.That(
            output,
            Does.Contain("\n  SQL1: REFUSE_INVALID_ARGUMENT, 4 backups: Sales FULL, Sales COPY_ONLY FULL, Sales DIFF, Sales LOG\n"
                + "    @CompressionAlgorithm = 'ZSTD' needs SQL Server 2025 (17.x) or later; this replica is SQL Server 2022 (SERVERPROPERTY('ProductMajorVersion') = 16): "
                + "use MS_XPRESS, or leave @CompressionAlgorithm NULL.\n"));
    }

    [Test]
    public void An_S3_URL_is_refused_where_the_credential_is_missing_and_before_SQL_Server_2022()
    {
        string replicas = Replica("SQL1", "PRIMARY", "\"credentials\": [ { \"name\": \"s3://s3.example.com/sql\", \"credential_identity\": \"S3 Access Key\" } ]") + ", "
            + Replica("SQL2", "SECONDARY") + ", "
            + Replica("SQL3", "SECONDARY", "\"product_major_version\": 17, \"credentials\": [ { \"name\": \"s3://s3.example.com/sql\", \"credential_identity\": \"S3 Access Key\" } ]");

        (int exitCode, string output, _) = PlanTopology(
            Encoding.UTF8.GetBytes(Group("\"automated_backup_preference\": \"PRIMARY\"", replicas).Replace("\"product_major_version\": 16", "\"product_major_version\": 15", System.StringComparison.Ordinal)),
            "--url", "s3://s3.example.com/sql", "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\n  SQL1: REFUSE_INVALID_ARGUMENT, 4 backups: "));
        Assert.That(output, Does.Contain("\n    @URL to s3:// needs SQL Server 2022 (16.x) or later; this replica is SQL Server 2019 (SERVERPROPERTY('ProductMajorVersion') = 15)"));
        Assert.That(output, Does.Contain("\n  SQL2: REFUSE_INVALID_ARGUMENT, 4 backups: "));
        Assert.That(output, Does.Not.Contain("SQL3: REFUSE"));
    }

    [Test]
    public void An_https_URL_is_refused_on_the_replica_without_a_credential_named_after_its_container()
    {
        string sas = "\"credentials\": [ { \"name\": \"https://account.blob.core.windows.net/sql\", \"credential_identity\": \"SHARED ACCESS SIGNATURE\" } ]";

        (int exitCode, string output, _) = PlanTopology(
            Encoding.UTF8.GetBytes(Group(null, Replica("SQL1", "PRIMARY", sas) + ", " + Replica("SQL2", "SECONDARY"))),
            "--url", "https://account.blob.core.windows.net/sql/backups", "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\n  SQL2: REFUSE_CREDENTIAL_NOT_FOUND, 4 backups: "));
        Assert.That(output, Does.Not.Contain("SQL1: REFUSE"));
    }

    [Test]
    public void An_asymmetric_key_listed_on_the_replica_encrypts_there()
    {
        (int exitCode, string output, _) = PlanTopology(
            Encoding.UTF8.GetBytes(Group(null, Replica("SQL1", "PRIMARY", "\"asymmetric_keys\": [ \"EkmKey\" ]") + ", " + Replica("SQL2", "SECONDARY"))),
            "--encrypt", "Y", "--encryption-algorithm", "AES_256", "--server-asymmetric-key", "EkmKey", "--format", "matrix");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("\n  SQL2: REFUSE_ENCRYPTOR_NOT_FOUND, 4 backups: "));
        Assert.That(output, Does.Contain("\n    @ServerAsymmetricKey = 'EkmKey': there is no such asymmetric key in master on this replica (SQL2)"));
        Assert.That(output, Does.Not.Contain("SQL1: REFUSE"));
    }

    [TestCase(new[] { "--encrypt", "maybe" }, "--encrypt must be 'Y' or 'N'")]
    [TestCase(new[] { "--compression-algorithm", "ZSTDX" }, "--compression-algorithm must be MS_XPRESS, QAT_DEFLATE or ZSTD, not 'ZSTDX'.")]
    [TestCase(new[] { "--encrypt", "Y", "--server-certificate", "C" }, "--encrypt = 'Y' needs --encryption-algorithm: AES_128, AES_192, AES_256 or TRIPLE_DES_3KEY.")]
    [TestCase(new[] { "--url", "ftp://host/sql" }, "--url")]
    [TestCase(new[] { "--compress", "Y", "--compression-level", "HIGH" },
        "--compression-level = 'HIGH' applies to ZSTD only; set --compression-algorithm = 'ZSTD', or leave --compression-level NULL.")]
    public void A_bad_job_option_exits_with_2_naming_the_option(string[] options, string message)
    {
        (int exitCode, string output, string error) = Run(With(new[] { "plan", "--topology", Example("certificate-on-one-replica.json") }, options));

        Assert.That((exitCode, output), Is.EqualTo((2, string.Empty)));
        Assert.That(error, Does.StartWith(message));
        Assert.That(error.Split('\n')[0], Does.Not.Contain("@"), "the command line's own names, not the procedure's");
    }

    [Test]
    public void Every_job_option_stands_for_a_parameter_of_the_procedure_by_its_kebab_case_name()
    {
        string procedure = File.ReadAllText(Path.Combine(RepositoryRoot(), "sql", "install", "06-usp_BackupIfPreferred.sql"));
        var parameters = Regex.Matches(procedure, @"^\s+(@\w+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        IReadOnlyList<(System.CommandLine.Option<string> Option, string Parameter)> table = new JobOptions().Parameters;

        Assert.That(table.Select(pair => pair.Parameter), Is.SubsetOf(parameters));
        Assert.That(
            table.Select(pair => pair.Option.Name),
            Is.EqualTo(table.Select(pair => "--" + Regex.Replace(pair.Parameter.Substring(1), "(?<=[a-z])([A-Z])", "-$1").ToLowerInvariant())));
    }

    [Test]
    public void A_credential_without_its_identity_is_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"credentials\": [ { \"name\": \"https://a.blob.core.windows.net/sql\" } ]")),
            "$.availability_groups[0].replicas[0].credentials[0]: required property \"credential_identity\" is missing.");
    }

    [Test]
    public void A_certificate_listed_twice_on_one_replica_is_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"certificates\": [ \"BackupCertificate\", \"backupcertificate\" ]")),
            "$.availability_groups[0].replicas[0].certificates[1]: \"backupcertificate\" names a certificate of this replica already defined; names must be unique.");
    }

    [Test]
    public void Null_in_the_certificates_is_rejected()
    {
        AssertRejected(
            Group(null, Replica("SQL1", "PRIMARY", "\"certificates\": [ null ]")),
            "$.availability_groups[0].replicas[0].certificates[0]: expected a string, found null.");
    }

    [Test]
    public void A_certificate_listed_under_one_entry_of_a_server_is_in_its_master_for_every_group()
    {
        string json = "{ " + Instance + ", \"availability_groups\": [ "
            + "{ \"name\": \"Ag1\", \"replicas\": [ " + Replica("SQL1", "PRIMARY", "\"certificates\": [ \"BackupCertificate\" ]") + " ] }, "
            + "{ \"name\": \"Ag2\", \"replicas\": [ " + Replica("SQL1", "PRIMARY") + " ] } ], "
            + "\"databases\": [ { \"name\": \"Sales\", \"availability_group\": \"Ag1\" }, { \"name\": \"Stock\", \"availability_group\": \"Ag2\" } ] }";

        (int exitCode, string output, _) = PlanTopology(Encoding.UTF8.GetBytes(json), With("--format", "matrix"));

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Not.Contain("REFUSE"));
    }

    private static string[] With(params string[] args) => With(args, Encrypt);

    private static string[] With(string[] args, string[] options)
    {
        var all = new string[args.Length + options.Length];
        args.CopyTo(all, 0);
        options.CopyTo(all, args.Length);
        return all;
    }
}
