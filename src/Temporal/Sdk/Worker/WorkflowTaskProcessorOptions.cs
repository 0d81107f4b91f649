using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.Worker;

/// <summary>What the workflow task processor needs from its worker.</summary>
internal sealed class WorkflowTaskProcessorOptions
{
    /// <summary>Gets the workflows this worker runs.</summary>
    public required IReadOnlyList<WorkflowDefinition> Workflows { get; init; }

    /// <summary>Gets the data converter (the worker applies the payload codec before and after the processor).</summary>
    public DataConverter DataConverter { get; init; } = DataConverter.Default;

    /// <summary>Gets the namespace.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Gets the task queue.</summary>
    public string TaskQueue { get; init; } = string.Empty;

    /// <summary>Gets the worker identity written into responses.</summary>
    public string Identity { get; init; } = string.Empty;

    /// <summary>Gets the logger factory.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Gets how many runs stay in memory between workflow tasks (0: replay every task from event 1). Default 1000.</summary>
    public int MaxCachedWorkflows { get; init; } = 1000;

    /// <summary>Gets how long workflow code may keep the workflow thread busy before the task fails as a deadlock. Default 2 s; null disables the check (debugging).</summary>
    public TimeSpan? DeadlockTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
