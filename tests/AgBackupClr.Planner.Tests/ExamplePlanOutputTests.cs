using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using static AgBackupClr.Planner.Tests.Planning;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The plan of every bundled example, in every format, byte for byte against the files committed in
/// Expected/plans: a restructuring that must not change behaviour proves here that no plan changed. Each
/// example and format has EXAMPLE.FORMAT.out, what agbackup writes to standard output, and EXAMPLE.FORMAT.err
/// where it also writes to standard error. To write them again after a change that is meant to alter plans,
/// run these tests with AGBACKUPCLR_WRITE_EXPECTED_PLANS=1 (docs/testing.md) and review the diff before committing.
/// </summary>
public sealed class ExamplePlanOutputTests
{
    private const string WriteVariable = "AGBACKUPCLR_WRITE_EXPECTED_PLANS";

    private static readonly string[] Formats = { "table", "matrix", "json" };

    private static string ExamplesFolder => Path.Combine(RepositoryRoot(), "src", "AgBackupClr.Planner", "examples");

    private static string ExpectedFolder => Path.Combine(RepositoryRoot(), "tests", "AgBackupClr.Planner.Tests", "Expected", "plans");

    private static IEnumerable<TestCaseData> Cases() =>
        Directory.GetFiles(ExamplesFolder, "*.json")
            .Select(Path.GetFileName)
            .OrderBy(name => name, StringComparer.Ordinal)
            .SelectMany(example => Formats.Select(format => new TestCaseData(example, format)));

    [TestCaseSource(nameof(Cases))]
    public void The_plan_of_a_bundled_example_is_byte_identical_to_its_expected_file(string example, string format)
    {
        // Given a bundled example, planned as a DBA plans it with output redirected
        string topology = Path.Combine(ExamplesFolder, example!);

        // When agbackup plans it in this format
        (int exitCode, string output, string error) = Run("plan", "--topology", topology, "--format", format);

        // Then it succeeds, and both streams are exactly what was committed
        Assert.That(exitCode, Is.EqualTo(0), error);
        string stem = Path.Combine(ExpectedFolder, Path.GetFileNameWithoutExtension(example) + "." + format);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            Directory.CreateDirectory(ExpectedFolder);
            File.WriteAllBytes(stem + ".out", Encoding.UTF8.GetBytes(output));
            File.Delete(stem + ".err");
            if (error.Length > 0)
            {
                File.WriteAllBytes(stem + ".err", Encoding.UTF8.GetBytes(error));
            }

            // Nothing was compared: inconclusive, so a run that writes the files is never counted as a passing check.
            Assert.Inconclusive("Written: " + stem + ".out" + (error.Length > 0 ? " and .err" : "") + ". Review the diff before committing.");
        }

        AssertSameBytes(stem + ".out", output);
        if (error.Length > 0 || File.Exists(stem + ".err"))
        {
            AssertSameBytes(stem + ".err", error);
        }
    }

    [Test]
    public void Every_expected_plan_belongs_to_a_bundled_example_and_a_format()
    {
        // An expected file whose example was renamed or removed would prove nothing: it must go with its example.
        HashSet<string> stems = Cases()
            .Select(c => Path.GetFileNameWithoutExtension((string)c.Arguments[0]!) + "." + (string)c.Arguments[1]!)
            .ToHashSet(StringComparer.Ordinal);

        string[] orphans = Directory.GetFiles(ExpectedFolder)
            .Select(Path.GetFileName)
            .Where(name => !stems.Contains(Path.GetFileNameWithoutExtension(name!)))
            .ToArray()!;

        Assert.That(Directory.GetFiles(ExamplesFolder, "*.json"), Has.Length.GreaterThanOrEqualTo(7));
        Assert.That(orphans, Is.Empty);
    }

    private static void AssertSameBytes(string expectedFile, string actual)
    {
        Assert.That(File.Exists(expectedFile), Is.True, expectedFile + " is missing: run with " + WriteVariable + "=1 to write it (docs/testing.md).");
        byte[] expected = File.ReadAllBytes(expectedFile);
        byte[] written = Encoding.UTF8.GetBytes(actual);
        if (!expected.AsSpan().SequenceEqual(written))
        {
            // The bytes differ: show the first line that does, which says more than an offset.
            string[] expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
            string[] actualLines = actual.Split('\n');
            int line = 0;
            while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
            {
                line++;
            }

            Assert.Fail(
                Path.GetFileName(expectedFile) + " differs at line " + (line + 1) + ":\n  expected: "
                + (line < expectedLines.Length ? expectedLines[line] : "(end)") + "\n  actual:   " + (line < actualLines.Length ? actualLines[line] : "(end)"));
        }
    }
}
