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

    /// <summary>Reads until the value is what is awaited or the time is up, and returns the last value read either way,
    /// so the assertion that follows can show what SQL Server said instead of only that it timed out.</summary>
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> awaited, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        T value = await read();
        while (!awaited(value) && clock.Elapsed < timeout)
        {
            await Task.Delay(Interval);
            value = await read();
        }

        return value;
    }
}
