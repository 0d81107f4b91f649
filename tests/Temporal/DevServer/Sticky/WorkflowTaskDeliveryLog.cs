using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer.Tests.Sticky;

/// <summary>
/// Records the dev server's "WorkflowTaskDelivered" debug events: what the server sent each worker for
/// each workflow or query task (first event id, event count, bytes), read from the structured log state.
/// </summary>
public sealed class WorkflowTaskDeliveryLog : ILoggerProvider
{
    private readonly ConcurrentQueue<WorkflowTaskDelivery> _deliveries = new();

    /// <summary>Gets a logger factory that sends the server's debug events here.</summary>
    public ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(this));

    /// <summary>The workflow tasks (not queries) delivered for one workflow id, in delivery order.</summary>
    public IReadOnlyList<WorkflowTaskDelivery> WorkflowTasksOf(string workflowId) =>
        _deliveries.Where(d => d.WorkflowId == workflowId && !d.IsQuery).ToList();

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(WorkflowTaskDeliveryLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name != "WorkflowTaskDelivered" || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                return;
            }

            var values = fields.ToDictionary(f => f.Key, f => f.Value);
            log._deliveries.Enqueue(new WorkflowTaskDelivery(
                (string)values["WorkflowId"]!,
                (long)values["StartedEventId"]!,
                (long)values["PreviousStartedEventId"]!,
                (long)values["FirstEventId"]!,
                (int)values["EventCount"]!,
                (int)values["HistoryBytes"]!,
                (bool)values["IsQuery"]!));
        }
    }
}
