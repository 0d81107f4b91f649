using System.Linq.Expressions;
using ContentFlows.Temporal.Common;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>How to start a workflow: id and task queue (required), timeouts, id policies, retry, memo, signal-with-start.</summary>
public sealed class WorkflowOptions
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowOptions"/> class; set <see cref="Id"/> and <see cref="TaskQueue"/>.</summary>
    public WorkflowOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowOptions"/> class.</summary>
    /// <param name="id">The workflow id.</param>
    /// <param name="taskQueue">The task queue its workers poll.</param>
    public WorkflowOptions(string id, string taskQueue)
    {
        Id = id;
        TaskQueue = taskQueue;
    }

    /// <summary>Gets or sets the workflow id. Required.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the task queue. Required.</summary>
    public string? TaskQueue { get; set; }

    /// <summary>Gets or sets the timeout of the whole execution, continue-as-new and retries included. Default none.</summary>
    public TimeSpan? ExecutionTimeout { get; set; }

    /// <summary>Gets or sets the timeout of a single run. Default none.</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Gets or sets the timeout of a single workflow task. Default null (the server's 10 s).</summary>
    public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Gets or sets whether an id of a closed workflow may be reused. Default <see cref="WorkflowIdReusePolicy.AllowDuplicate"/>.</summary>
    public WorkflowIdReusePolicy IdReusePolicy { get; set; } = WorkflowIdReusePolicy.AllowDuplicate;

    /// <summary>Gets or sets what happens when the id is in use by a running workflow. Default unspecified (the start fails).</summary>
    public WorkflowIdConflictPolicy IdConflictPolicy { get; set; } = WorkflowIdConflictPolicy.Unspecified;

    /// <summary>Gets or sets the retry policy of the whole workflow. Default null (no retries).</summary>
    public RetryPolicy? RetryPolicy { get; set; }

    /// <summary>Gets or sets a cron schedule. Default null.</summary>
    public string? CronSchedule { get; set; }

    /// <summary>Gets or sets memo values, converted with the data converter. Default null.</summary>
    public IReadOnlyDictionary<string, object?>? Memo { get; set; }

    /// <summary>Gets or sets search attributes, as the raw proto (the server indexes them; never encoded). Default null.</summary>
    public Temporalio.Api.Common.V1.SearchAttributes? SearchAttributes { get; set; }

    /// <summary>Gets or sets how long the server waits before the first workflow task. Default none.</summary>
    public TimeSpan? StartDelay { get; set; }

    /// <summary>Gets or sets the idempotency key of the start request. Default null (a new GUID).</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets the signal sent with the start (signal-with-start), or null.</summary>
    internal string? StartSignal { get; private set; }

    /// <summary>Gets the arguments of <see cref="StartSignal"/>.</summary>
    internal IReadOnlyCollection<object?> StartSignalArgs { get; private set; } = [];

    /// <summary>Makes the start a signal-with-start: the signal is delivered, starting the workflow if it is not running.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <param name="signalCall">A call of a [WorkflowSignal] method, e.g. <c>wf =&gt; wf.ApproveAsync(decision)</c>.</param>
    public void SignalWithStart<TWorkflow>(Expression<Func<TWorkflow, Task>> signalCall)
    {
        var (method, args) = CallExpressions.MethodCall(signalCall);
        SignalWithStart(TemporalNames.Signal(method), args);
    }

    /// <summary>Makes the start a signal-with-start, by signal name.</summary>
    /// <param name="signal">The signal name.</param>
    /// <param name="args">The signal arguments.</param>
    public void SignalWithStart(string signal, IReadOnlyCollection<object?> args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signal);
        ArgumentNullException.ThrowIfNull(args);
        StartSignal = signal;
        StartSignalArgs = args;
    }

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException($"{nameof(WorkflowOptions)}.{nameof(Id)} is required; was '{Id}'.", nameof(Id));
        }

        if (string.IsNullOrWhiteSpace(TaskQueue))
        {
            throw new ArgumentException($"{nameof(WorkflowOptions)}.{nameof(TaskQueue)} is required; was '{TaskQueue}'.", nameof(TaskQueue));
        }

        RequirePositive(ExecutionTimeout, nameof(ExecutionTimeout));
        RequirePositive(RunTimeout, nameof(RunTimeout));
        RequirePositive(TaskTimeout, nameof(TaskTimeout));
        if (StartDelay is { } delay && delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartDelay), delay, $"{nameof(WorkflowOptions)}.{nameof(StartDelay)} must not be negative; was {delay}.");
        }

        RetryPolicy?.Validate();
    }

    private static void RequirePositive(TimeSpan? value, string property)
    {
        if (value is { } v && v <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(property, v, $"{nameof(WorkflowOptions)}.{property} must be positive; was {v}.");
        }
    }
}
