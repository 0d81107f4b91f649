using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A workflow's logger: silent while the workflow replays, so each line is written once per run, not once per replay.</summary>
internal sealed class ReplaySafeLogger : ILogger
{
    private readonly ILogger inner;
    private readonly WorkflowInstance instance;

    public ReplaySafeLogger(ILogger inner, WorkflowInstance instance)
    {
        this.inner = inner;
        this.instance = instance;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !instance.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!instance.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
