using System.Globalization;

namespace ContentFlows.Bench.BatchExport;

/// <summary>Samples a process's resident set (VmRSS in /proc) every few milliseconds and keeps the highest seen.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int processId;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    public RssSampler(int processId)
    {
        this.processId = processId;
        PeakBytes = CurrentBytes(processId);
        sampling = SampleAsync();
    }

    public long PeakBytes { get; private set; }

    /// <summary>VmRSS of a process, in bytes.</summary>
    public static long CurrentBytes(int processId) => StatusField(processId, "VmRSS:");

    /// <summary>VmHWM of a process (the kernel's own peak resident set since it started), in bytes.</summary>
    public static long HighWaterBytes(int processId) => StatusField(processId, "VmHWM:");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        PeakBytes = Math.Max(PeakBytes, CurrentBytes(processId));
        stop.Dispose();
    }

    private static long StatusField(int processId, string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                PeakBytes = Math.Max(PeakBytes, CurrentBytes(processId));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped at the end of the export.
        }
    }
}
