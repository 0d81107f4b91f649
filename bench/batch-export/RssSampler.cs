using System.Globalization;

namespace ContentFlows.Bench.BatchExport;

/// <summary>Reads a process's resident set from /proc, and samples it every 10 ms while some work runs.</summary>
internal static class RssSampler
{
    /// <summary>Runs <paramref name="work"/> and returns its result with the highest VmRSS of the process seen meanwhile.</summary>
    public static async Task<(T Result, long PeakBytes)> MeasureAsync<T>(int processId, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var peak = CurrentBytes(processId);
        using var stop = new CancellationTokenSource();
        var sampling = SampleAsync(processId, stop.Token, bytes => peak = Math.Max(peak, bytes));
        T result;
        try
        {
            result = await work().ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sampling.ConfigureAwait(false);
        }

        return (result, Math.Max(peak, CurrentBytes(processId)));
    }

    /// <summary>VmRSS of a process, in bytes.</summary>
    public static long CurrentBytes(int processId) => StatusField(processId, "VmRSS:");

    /// <summary>VmHWM of a process (the kernel's own peak resident set since it started), in bytes.</summary>
    public static long HighWaterBytes(int processId) => StatusField(processId, "VmHWM:");

    private static long StatusField(int processId, string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task SampleAsync(int processId, CancellationToken stop, Action<long> observe)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                observe(CurrentBytes(processId));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped when the work ended.
        }
    }
}
