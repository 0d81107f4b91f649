using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>Keeps the Serilog events of the worker host, with their properties, as the worker's Serilog pipeline builds them.</summary>
public sealed class CapturedLogEvents : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyList<LogEvent> Events => [.. events];

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
}
