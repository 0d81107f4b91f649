using ContentFlows.Temporal.Common;

namespace ContentFlows.Temporal.Workflows;

/// <summary>How a workflow starts a child workflow. Every property is optional.</summary>
public sealed class ChildWorkflowOptions
{
    /// <summary>Initializes a new instance with every default.</summary>
    public ChildWorkflowOptions()
    {
    }

    /// <summary>Initializes a new instance with the child's workflow id.</summary>
    /// <param name="id">The workflow id.</param>
    public ChildWorkflowOptions(string id)
    {
        Id = id;
    }

    /// <summary>Gets or sets the child's workflow id. Default null: a deterministic GUID from <see cref="Workflow.NewGuid"/>.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the task queue. Default null: the parent's task queue.</summary>
    public string? TaskQueue { get; set; }

    /// <summary>Gets or sets the timeout of the whole chain of runs. Default none.</summary>
    public TimeSpan? ExecutionTimeout { get; set; }

    /// <summary>Gets or sets the timeout of a single run. Default none.</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Gets or sets the timeout of a single workflow task. Default null: the server's (10 s).</summary>
    public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Gets or sets the retry policy of the child. Default null: no retries.</summary>
    public RetryPolicy? RetryPolicy { get; set; }

    /// <summary>Gets or sets what happens to the child when the parent closes. Default <see cref="ParentClosePolicy.None"/> (terminate).</summary>
    public ParentClosePolicy ParentClosePolicy { get; set; }

    /// <summary>Gets or sets what cancelling the child waits for. Default <see cref="ChildWorkflowCancellationType.WaitCancellationCompleted"/>.</summary>
    public ChildWorkflowCancellationType CancellationType { get; set; }

    /// <summary>Gets or sets the token that cancels the child. Default null: <see cref="Workflow.CancellationToken"/>.</summary>
    public CancellationToken? CancellationToken { get; set; }

    /// <summary>Gets or sets the cron schedule. Default none.</summary>
    public string? CronSchedule { get; set; }

    /// <summary>Gets or sets the memo, converted with the data converter. Default none.</summary>
    public IReadOnlyDictionary<string, object?>? Memo { get; set; }

    /// <summary>Throws naming the first invalid property and its value.</summary>
    /// <exception cref="ArgumentException">A property is out of range.</exception>
    public void Validate()
    {
        if (Id is { Length: 0 })
        {
            throw new ArgumentException("ChildWorkflowOptions.Id must not be empty; was \"\".", nameof(Id));
        }

        foreach (var (value, name) in new[] { (ExecutionTimeout, nameof(ExecutionTimeout)), (RunTimeout, nameof(RunTimeout)), (TaskTimeout, nameof(TaskTimeout)) })
        {
            if (value is { } v && v < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, v, $"ChildWorkflowOptions.{name} must not be negative; was {v}.");
            }
        }

        RetryPolicy?.Validate();
    }
}
