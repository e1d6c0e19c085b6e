using System;
using System.IO;
using System.Text;
using AgBackupClr.Planner;

// Console.Out flushes on every write: a plan of 100,000 databases is millions of writes, so standard output gets a buffer
// of its own, flushed once at the end (at once on a terminal, where a person watches). UTF-8 without a byte-order mark.
using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = !Console.IsOutputRedirected };
// Which replica is being read goes to standard error on a terminal only: redirected output stays what the command writes.
int exitCode = PlannerCommand.Run(
    args, output, Console.Error, LiveServer.Read, LiveHistory.Instance, !Console.IsOutputRedirected, progress: Console.IsErrorRedirected ? null : Console.Error);
output.Flush();
return exitCode;
