#!/usr/bin/env python3
"""Judges a `dotnet test` run for .ci/run, so that CI fails when tests did not run, not only when they failed.

Usage: check-tests.py LOG RESULTS_DIRECTORY PROJECT=MINIMUM...

LOG is the console output of the README's test command; RESULTS_DIRECTORY holds its trx files. Every test project
under tests/ must have printed a summary line with at least its MINIMUM tests, and no test outside the integration
tests may have been skipped. Prints one line per test assembly, why tests were skipped, what failed, and last the line
`Tests: N passed, N failed, N skipped`. Exits 1 when a check fails.
"""

import collections
import glob
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

TRX = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

# "Passed!  - Failed:     0, Passed:   339, Skipped:     0, Total:   339, Duration: 18 s - AgBackupClr.Tests.dll (net10.0)"
SUMMARY_LINE = re.compile(
    r"^(?:Passed|Failed|Skipped)! +- Failed: +(\d+), Passed: +(\d+), Skipped: +(\d+), Total: +(\d+),.* - (\S+)\.dll ")

# NUnit's categories do not reach the trx files, so an integration test is known by its fully qualified name: every test
# class of the AgBackupClr.IntegrationTests assembly is [Category("Integration")].
INTEGRATION_TESTS = "AgBackupClr.IntegrationTests."


def test_projects():
    """The projects under tests/ that are test projects, by assembly name."""
    projects = []
    for path in sorted(glob.glob("tests/*/*.csproj")):
        with open(path, encoding="utf-8") as project:
            if "<IsTestProject>true</IsTestProject>" in project.read():
                projects.append(os.path.splitext(os.path.basename(path))[0])
    return projects


def summaries(log_path):
    """Passed, failed, skipped and total per assembly, from the summary lines `dotnet test` printed (one per framework)."""
    counts = {}
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = SUMMARY_LINE.match(line.strip())
            if match:
                failed, passed, skipped, total = (int(group) for group in match.group(1, 2, 3, 4))
                earlier = counts.get(match.group(5), (0, 0, 0, 0))
                counts[match.group(5)] = (earlier[0] + passed, earlier[1] + failed, earlier[2] + skipped, earlier[3] + total)
    return counts


def not_executed(results_directory):
    """(fully qualified test name, message) of every test whose outcome is neither Passed nor Failed."""
    tests = []
    for path in sorted(glob.glob(os.path.join(results_directory, "*.trx"))):
        run = ElementTree.parse(path).getroot()
        names = {
            test.get("id"): test.find("t:TestMethod", TRX).get("className") + "." + test.get("name")
            for test in run.iterfind("t:TestDefinitions/t:UnitTest", TRX)
        }
        for result in run.iterfind("t:Results/t:UnitTestResult", TRX):
            if result.get("outcome") not in ("Passed", "Failed"):
                message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="(no reason given)", namespaces=TRX)
                tests.append((names[result.get("testId")], message.strip()))
    return tests


def main(log_path, results_directory, minimum_arguments):
    minimums = {project: int(minimum) for project, minimum in (argument.split("=") for argument in minimum_arguments)}
    projects = test_projects()
    counts = summaries(log_path)
    problems = []

    print()
    print("Test assemblies:")
    for project in projects:
        minimum = minimums.get(project, 0)
        if project not in minimums:
            problems.append(f"{project} has no minimum number of tests in .ci/run: add one.")
        if project not in counts:
            print(f"  {project}: no summary line")
            problems.append(f"{project} printed no summary line: it did not build, its test host crashed, or it is not in AgBackupClr.sln.")
            continue
        passed, failed, skipped, total = counts[project]
        print(f"  {project}: {total} tests (minimum {minimum}): {passed} passed, {failed} failed, {skipped} skipped")
        if failed:
            problems.append(f"{project}: {failed} tests failed; `dotnet test` printed why above.")
        if total < minimum:
            problems.append(f"{project} ran {total} tests, fewer than its minimum of {minimum} in .ci/run: find the lost tests "
                            "(or lower the minimum if they were removed on purpose).")
    for project in sorted(set(minimums) - set(projects)):
        problems.append(f".ci/run has a minimum for {project}, which is not a test project under tests/: remove it.")

    skipped_tests = not_executed(results_directory)
    if skipped_tests:
        print()
        print("Skipped tests say why:")
        for reason, times in sorted(collections.Counter(message for _, message in skipped_tests).items()):
            print(f"  {times:5} {reason}")
    for name, message in skipped_tests:
        if not name.startswith(INTEGRATION_TESTS):
            problems.append(f"{name} did not run ({message}): only integration tests may be skipped.")

    if problems:
        print()
        print("CI fails because:")
        for problem in problems:
            print("  " + problem)

    passed, failed, skipped = (sum(count[i] for count in counts.values()) for i in range(3))
    print()
    print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
