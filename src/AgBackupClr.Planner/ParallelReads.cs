using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using AgBackupClr.Engine;

namespace AgBackupClr.Planner;

/// <summary>What one replica's read gave: its value, or why there is none (never a connection string).</summary>
internal sealed record ReadOutcome<T>(T? Value, string? Failure)
    where T : class;

/// <summary>How many replicas are read at once, and how long all of them may take together.</summary>
internal sealed record ReadLimits(int Parallel, TimeSpan Timeout)
{
    public const int DefaultParallel = 4;
    public const int MaxParallel = 64;
    public const int DefaultTimeoutSeconds = 300;
    public const int MaxTimeoutSeconds = 24 * 60 * 60;
}

/// <summary>--parallel and --timeout, for every verb that reads replicas.</summary>
internal sealed class ReadOptions
{
    private readonly Option<int> parallel = new("--parallel")
    {
        Description = "Reads at most this many replicas at once (1 to " + ReadLimits.MaxParallel.ToString(CultureInfo.InvariantCulture) + "; default "
            + ReadLimits.DefaultParallel.ToString(CultureInfo.InvariantCulture) + ").",
        HelpName = "N",
        DefaultValueFactory = _ => ReadLimits.DefaultParallel,
    };

    private readonly Option<int> timeout = new("--timeout")
    {
        Description = "Seconds all replicas together may take to be read (default " + ReadLimits.DefaultTimeoutSeconds.ToString(CultureInfo.InvariantCulture)
            + "); a replica that has not answered by then is unreadable.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => ReadLimits.DefaultTimeoutSeconds,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(parallel);
        command.Options.Add(timeout);
        command.Validators.Add(result =>
        {
            // Checked only when given: a default is not in the command's result yet.
            if (result.GetResult(parallel) is OptionResult givenParallel && givenParallel.GetValueOrDefault<int>() is int n && (n < 1 || n > ReadLimits.MaxParallel))
            {
                result.AddError("--parallel must be from 1 to " + ReadLimits.MaxParallel.ToString(CultureInfo.InvariantCulture) + ", not " + n.ToString(CultureInfo.InvariantCulture) + ".");
            }

            if (result.GetResult(timeout) is OptionResult givenTimeout && givenTimeout.GetValueOrDefault<int>() is int seconds && (seconds < 1 || seconds > ReadLimits.MaxTimeoutSeconds))
            {
                result.AddError("--timeout must be from 1 to " + ReadLimits.MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + " seconds, not "
                    + seconds.ToString(CultureInfo.InvariantCulture) + ".");
            }
        });
    }

    public ReadLimits Read(ParseResult parsed) => new(parsed.GetValue(parallel), TimeSpan.FromSeconds(parsed.GetValue(timeout)));
}

/// <summary>
/// Reads replicas at most ReadLimits.Parallel at a time, all within one deadline, so that 20 replicas read 20 at once take
/// about as long as the slowest. Each of the Parallel readers is a thread of its own, since a read blocks on the network and
/// the thread pool adds threads slowly. The outcomes keep the order of the names. A read still running at the deadline is
/// reported as not answering, and its thread is left to end on its own (SqlClient's synchronous reads cannot be cancelled;
/// it is a background thread, so the process still ends after the report). An exception the caller does not expect is a
/// bug and is rethrown as it was.
/// </summary>
internal static class ParallelReads
{
    /// <summary>What a replica that cannot be read throws; anything else is a bug and is not caught.</summary>
    public static bool Unreadable(Exception failure) =>
        failure is DbException || failure is StateReadException || failure is ConnectionStringException || failure is ArgumentException
        || failure is InvalidOperationException;

    /// <param name="progress">Where "reading NAME" lines go, on a terminal only; null: nowhere.</param>
    public static IReadOnlyList<ReadOutcome<T>> Read<T>(
        IReadOnlyList<string> names, Func<int, T> read, Func<Exception, bool> expected, ReadLimits limits, TextWriter? progress)
        where T : class
    {
        TextWriter? shown = progress == null ? null : TextWriter.Synchronized(progress);
        var outcomes = new ReadOutcome<T>?[names.Count];
        Exception? bug = null;
        int next = -1;
        var readers = new Task[Math.Min(limits.Parallel, names.Count)];
        for (int r = 0; r < readers.Length; r++)
        {
            readers[r] = Task.Factory.StartNew(
                () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < names.Count && Volatile.Read(ref bug) == null)
                    {
                        shown?.WriteLine("agbackup: reading " + names[index]);
                        try
                        {
                            Volatile.Write(ref outcomes[index], new ReadOutcome<T>(read(index), null));
                        }
                        catch (Exception failure) when (expected(failure))
                        {
                            Volatile.Write(ref outcomes[index], new ReadOutcome<T>(null, failure.Message));
                        }
                        catch (Exception failure)
                        {
                            Interlocked.CompareExchange(ref bug, failure, null);
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        Task.WaitAll(readers, limits.Timeout);
        if (Volatile.Read(ref bug) is Exception thrown)
        {
            ExceptionDispatchInfo.Capture(thrown).Throw();
        }

        string late = "no answer within --timeout " + ((int)limits.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " seconds";
        var results = new ReadOutcome<T>[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            results[i] = Volatile.Read(ref outcomes[i]) ?? new ReadOutcome<T>(null, late);
        }

        return results;
    }
}
