using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Polls for a state SQL Server reaches asynchronously (seeding, synchronization, metadata
/// reaching the secondary) instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string awaited)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture, $"Waited {timeout.TotalSeconds:F0} s for {awaited}; it did not happen."));
            }

            await Task.Delay(Interval);
        }
    }
}
