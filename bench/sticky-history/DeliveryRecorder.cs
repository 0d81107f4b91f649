using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Bench.StickyHistory;

/// <summary>
/// Reads the dev server's "WorkflowTaskDelivered" debug events (what it sent per workflow task) and stamps each
/// with the server process's CPU time so far: the server runs in its own process, so that is the server's CPU.
/// </summary>
internal sealed class DeliveryRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(DeliveryRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name != "WorkflowTaskDelivered" || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                return;
            }

            var values = fields.ToDictionary(f => f.Key, f => f.Value);
            if ((bool)values["IsQuery"]!)
            {
                return;
            }

            owner._deliveries.Enqueue(new Delivery(
                (long)values["StartedEventId"]!,
                (long)values["FirstEventId"]!,
                (int)values["EventCount"]!,
                (int)values["HistoryBytes"]!,
                Environment.CpuUsage.TotalTime.TotalMilliseconds));
        }
    }
}
