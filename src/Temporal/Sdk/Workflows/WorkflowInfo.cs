using ContentFlows.Temporal.Common;

namespace ContentFlows.Temporal.Workflows;

/// <summary>Facts about the running workflow, fixed for the run (from its WorkflowExecutionStarted event).</summary>
public sealed record WorkflowInfo
{
    /// <summary>Gets the namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the workflow type name.</summary>
    public required string WorkflowType { get; init; }

    /// <summary>Gets the task queue.</summary>
    public required string TaskQueue { get; init; }

    /// <summary>Gets the attempt, starting at 1 (above 1 when the workflow's retry policy retried it).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Gets the time the run started.</summary>
    public DateTime StartTime { get; init; }

    /// <summary>Gets the run id of the first run of this chain (continue-as-new, retries, cron).</summary>
    public string? FirstExecutionRunId { get; init; }

    /// <summary>Gets the run id this run continued from, or null.</summary>
    public string? ContinuedRunId { get; init; }

    /// <summary>Gets the cron schedule, or null.</summary>
    public string? CronSchedule { get; init; }

    /// <summary>Gets the timeout of the whole chain of runs, or null.</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>Gets the timeout of this run, or null.</summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Gets the workflow task timeout.</summary>
    public TimeSpan TaskTimeout { get; init; }

    /// <summary>Gets the retry policy, or null.</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <summary>Gets the parent workflow, or null for a top-level workflow.</summary>
    public WorkflowParentInfo? Parent { get; init; }
}
