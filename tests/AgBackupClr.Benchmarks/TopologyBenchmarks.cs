using System;
using System.Globalization;
using System.IO;
using System.Text;
using AgBackupClr.Model;
using AgBackupClr.Planner;
using BenchmarkDotNet.Attributes;

namespace AgBackupClr.Benchmarks;

/// <summary>
/// agbackup plan on large topology files, end to end (read, check, plan, print to a null writer): targets under 2 s for
/// 20,000 databases and a few seconds for 100,000, whether planned or rejected (issue 11), with the memory each takes.
/// </summary>
[MemoryDiagnoser]
public class TopologyBenchmarks
{
    private string valid = string.Empty;

    private string duplicate = string.Empty;

    [Params(20_000, 100_000)]
    public int Databases { get; set; }

    [GlobalSetup]
    public void WriteFiles()
    {
        valid = Write("valid", "Db" + (Databases - 1).ToString(CultureInfo.InvariantCulture));
        duplicate = Write("duplicate", "DB0");
    }

    [GlobalCleanup]
    public void DeleteFiles()
    {
        File.Delete(valid);
        File.Delete(duplicate);
    }

    [Benchmark]
    public int PlanTable() => Run(valid, "table");

    [Benchmark]
    public int PlanJson() => Run(valid, "json");

    /// <summary>The last database repeats the first in another case: a duplicate check that scans a list is quadratic.</summary>
    [Benchmark]
    public int RejectDuplicate() => Run(duplicate, "table");

    private static int Run(string file, string format) =>
        PlannerCommand.Run(new[] { "plan", "--topology", file, "--format", format }, TextWriter.Null, TextWriter.Null, NoServer, LiveHistory.Instance, false);

    private static ServerState NoServer(string connectionString) => throw new InvalidOperationException("A benchmark of a file reads no server.");

    /// <summary>Three replicas under SECONDARY, and databases Db0, Db1, ... in the group, the last one named as given.</summary>
    private string Write(string kind, string lastName)
    {
        var json = new StringBuilder();
        json.Append("{ \"instance\": { \"product_major_version\": 16, \"engine_edition\": 3 }, \"availability_groups\": [ { \"name\": \"Ag\", \"replicas\": [ ")
            .Append("{ \"replica_server_name\": \"SQL1\", \"availability_mode\": \"SYNCHRONOUS_COMMIT\", \"role\": \"PRIMARY\" }, ")
            .Append("{ \"replica_server_name\": \"SQL2\", \"backup_priority\": 60, \"availability_mode\": \"SYNCHRONOUS_COMMIT\", \"role\": \"SECONDARY\" }, ")
            .Append("{ \"replica_server_name\": \"SQL3\", \"availability_mode\": \"ASYNCHRONOUS_COMMIT\", \"role\": \"SECONDARY\" } ] } ],\n  \"databases\": [\n");
        for (int i = 0; i < Databases - 1; i++)
        {
            json.Append("    { \"name\": \"Db").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\", \"availability_group\": \"Ag\" },\n");
        }

        json.Append("    { \"name\": \"").Append(lastName).Append("\", \"availability_group\": \"Ag\" } ] }\n");
        string file = Path.Combine(Path.GetTempPath(), "agbackup-benchmark-" + kind + "-" + Databases.ToString(CultureInfo.InvariantCulture) + ".json");
        File.WriteAllText(file, json.ToString());
        return file;
    }
}
