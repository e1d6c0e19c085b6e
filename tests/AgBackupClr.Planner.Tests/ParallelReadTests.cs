using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// Replicas are read at most --parallel at a time, within one --timeout for all of them: a replica that has not answered by
/// then is UNREADABLE like any other, and which replica is being read goes to the progress writer only.
/// </summary>
public class ParallelReadTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

    [Test]
    public void At_most_parallel_replicas_are_read_at_once_and_the_outcomes_keep_their_order()
    {
        int running = 0;
        int most = 0;
        string[] names = Enumerable.Range(1, 12).Select(i => "R" + i).ToArray();

        IReadOnlyList<ReadOutcome<string>> outcomes = ParallelReads.Read(
            names,
            i =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Thread.Sleep(30);
                Interlocked.Decrement(ref running);
                return names[i] + " read";
            },
            _ => false,
            new ReadLimits(3, TimeSpan.FromMinutes(1)),
            null);

        Assert.That(outcomes.Select(o => o.Value), Is.EqualTo(names.Select(n => n + " read")));
        Assert.That(most, Is.EqualTo(3), "never more than --parallel, and the bound is reached");
    }

    [Test]
    public void A_replica_that_does_not_answer_within_the_timeout_is_unreadable_and_the_others_are_still_reported()
    {
        using var hang = new ManualResetEventSlim(false);
        var source = new SlowHistories(hang, "SQL2");
        try
        {
            var progress = new StringWriter { NewLine = "\n" };
            (int exitCode, string output, string error) = Run(source, progress, "status", "--server", "SQL1", "--server", "SQL2", "--server", "SQL3", "--timeout", "1");

            Assert.That(exitCode, Is.EqualTo(PlannerCommand.ServerUnreadable), error);
            Assert.That(output, Does.Contain("UNREADABLE: --server number 2: no answer within --timeout 1 seconds"));
            Assert.That(output, Does.Contain("Sales"), "SQL1 and SQL3 are reported");
            Assert.That(progress.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(line => line, StringComparer.Ordinal), Is.EqualTo(new[]
            {
                "agbackup: reading --server number 1", "agbackup: reading --server number 2", "agbackup: reading --server number 3",
            }));
            Assert.That(output + error, Does.Not.Contain("agbackup: reading"), "progress never goes to the output or the error stream");
        }
        finally
        {
            hang.Set();
        }
    }

    [TestCase("--parallel", "0", "--parallel must be from 1 to 64, not 0.")]
    [TestCase("--parallel", "65", "--parallel must be from 1 to 64, not 65.")]
    [TestCase("--timeout", "0", "--timeout must be from 1 to 86400 seconds, not 0.")]
    public void Limits_out_of_range_are_refused(string option, string value, string message)
    {
        (int exitCode, _, string error) = Run(new SlowHistories(null, "none"), null, "status", "--server", "SQL1", option, value);

        Assert.That(exitCode, Is.EqualTo(PlannerCommand.BadInput));
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public void A_read_that_fails_for_a_reason_nobody_expects_is_a_bug_and_surfaces()
    {
        Assert.That(
            () => ParallelReads.Read<string>(new[] { "R1" }, _ => throw new NotSupportedException("bug"), _ => false, new ReadLimits(4, TimeSpan.FromMinutes(1)), null),
            Throws.InstanceOf<NotSupportedException>().With.Message.EqualTo("bug"));
    }

    private static (int ExitCode, string Output, string Error) Run(IHistorySource source, TextWriter? progress, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        int exitCode = PlannerCommand.Run(args, output, error, _ => throw new AssertionException("status reads no server state."), source, false, progress: progress);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Every server holds Sales with a FULL; the one named hangs until the event is set.</summary>
    private sealed class SlowHistories : IHistorySource
    {
        private readonly ManualResetEventSlim? hang;
        private readonly string hanging;

        public SlowHistories(ManualResetEventSlim? hang, string hanging)
        {
            this.hang = hang;
            this.hanging = hanging;
        }

        public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString) => Array.Empty<GroupReplica>();

        public ReplicaHistory Read(string connectionString, DateTime sinceUtc)
        {
            if (connectionString == hanging)
            {
                hang?.Wait();
            }

            var sales = new HistoryDatabase("Sales", null, false);
            return new ReplicaHistory(
                connectionString, Now, new[] { sales },
                new[] { HistoryRows.Backup("Sales", Guid.NewGuid(), 'D', false, 1000, 1001, Now.AddHours(-1), @"X:\Sales.bak") },
                Array.Empty<LoggedDecision>());
        }
    }
}
