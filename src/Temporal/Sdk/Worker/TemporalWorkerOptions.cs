using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Converters;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Worker;

/// <summary>Settings of a <see cref="TemporalWorker"/>: its task queue, what it runs, and its limits.</summary>
public partial class TemporalWorkerOptions
{
    /// <summary>Initializes a new instance; set <see cref="TaskQueue"/> before use.</summary>
    public TemporalWorkerOptions()
    {
    }

    /// <summary>Initializes a new instance polling <paramref name="taskQueue"/>.</summary>
    /// <param name="taskQueue">The task queue to poll for workflow and activity tasks.</param>
    public TemporalWorkerOptions(string taskQueue)
    {
        TaskQueue = taskQueue;
    }

    /// <summary>Gets or sets the task queue to poll. Required.</summary>
    public string? TaskQueue { get; set; }

    /// <summary>Gets the activities this worker runs.</summary>
    public IList<ActivityDefinition> Activities { get; } = [];

    /// <summary>Gets or sets the identity reported to the server. Default: the client's identity.</summary>
    public string? Identity { get; set; }

    /// <summary>Gets or sets the data converter. Default: the client's.</summary>
    public DataConverter? DataConverter { get; set; }

    /// <summary>Gets or sets the logger factory. Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Gets or sets the clock used for heartbeat throttling, local timeouts and retry backoff. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets how many workflow tasks may be processed at once. Default 100.</summary>
    public int MaxConcurrentWorkflowTasks { get; set; } = 100;

    /// <summary>Gets or sets how many activities may run at once. Default 100.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Gets or sets how many workflow task long polls may be open at once. Default 2.</summary>
    public int MaxConcurrentWorkflowTaskPolls { get; set; } = 2;

    /// <summary>Gets or sets how many activity task long polls may be open at once. Default 2.</summary>
    public int MaxConcurrentActivityTaskPolls { get; set; } = 2;

    /// <summary>Gets or sets how many workflow runs are kept in memory between tasks. Default 1,000; 0 replays every task from the start.</summary>
    public int MaxCachedWorkflows { get; set; } = 1000;

    /// <summary>
    /// Gets or sets how long shutdown waits for running activities before cancelling them (reason
    /// <see cref="ActivityCancelReason.WorkerShutdown"/>). Default zero: cancel at once; their outcome is still reported.
    /// </summary>
    public TimeSpan GracefulShutdownTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets the longest interval between heartbeats sent to the server. Default 60 s.</summary>
    public TimeSpan MaxHeartbeatThrottleInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the interval between heartbeats sent for activities without a heartbeat timeout. Default 30 s.</summary>
    public TimeSpan DefaultHeartbeatThrottleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Adds an activity given as a delegate to an <see cref="ActivityAttribute"/> method.</summary>
    /// <param name="activity">A method group (static, or bound to an instance) or a named lambda.</param>
    /// <returns>These options, for chaining.</returns>
    public TemporalWorkerOptions AddActivity(Delegate activity)
    {
        Activities.Add(ActivityDefinition.Create(activity));
        return this;
    }

    /// <summary>Adds an activity definition.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>These options, for chaining.</returns>
    public TemporalWorkerOptions AddActivity(ActivityDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Activities.Add(definition);
        return this;
    }

    /// <summary>Adds every <see cref="ActivityAttribute"/> method of <typeparamref name="T"/>, invoked on <paramref name="instance"/>.</summary>
    /// <typeparam name="T">The type declaring the activities.</typeparam>
    /// <param name="instance">The instance to invoke them on (static methods ignore it).</param>
    /// <returns>These options, for chaining.</returns>
    public TemporalWorkerOptions AddAllActivities<T>(T instance)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var definition in ActivityDefinition.CreateAll(typeof(T), () => instance))
        {
            Activities.Add(definition);
        }

        return this;
    }

    /// <summary>Checks the options once; the error names the property and its bad value.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(TaskQueue))
        {
            throw new ArgumentException($"TemporalWorkerOptions.TaskQueue is required; was '{TaskQueue}'.", nameof(TaskQueue));
        }

        RequirePositive(MaxConcurrentWorkflowTasks, nameof(MaxConcurrentWorkflowTasks));
        RequirePositive(MaxConcurrentActivities, nameof(MaxConcurrentActivities));
        RequirePositive(MaxConcurrentWorkflowTaskPolls, nameof(MaxConcurrentWorkflowTaskPolls));
        RequirePositive(MaxConcurrentActivityTaskPolls, nameof(MaxConcurrentActivityTaskPolls));
        if (MaxCachedWorkflows < 0)
        {
            throw new ArgumentException($"TemporalWorkerOptions.MaxCachedWorkflows must be 0 or more; was {MaxCachedWorkflows}.", nameof(MaxCachedWorkflows));
        }

        if (GracefulShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"TemporalWorkerOptions.GracefulShutdownTimeout must not be negative; was {GracefulShutdownTimeout}.", nameof(GracefulShutdownTimeout));
        }

        if (MaxHeartbeatThrottleInterval <= TimeSpan.Zero || DefaultHeartbeatThrottleInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"TemporalWorkerOptions heartbeat throttle intervals must be positive; were MaxHeartbeatThrottleInterval={MaxHeartbeatThrottleInterval}, DefaultHeartbeatThrottleInterval={DefaultHeartbeatThrottleInterval}.",
                nameof(MaxHeartbeatThrottleInterval));
        }

        var duplicate = Activities.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"TemporalWorkerOptions.Activities holds activity type '{duplicate.Key}' more than once.", nameof(Activities));
        }

        ValidateWorkflows();
        if (Activities.Count == 0 && !HasWorkflows)
        {
            throw new ArgumentException($"TemporalWorkerOptions for task queue '{TaskQueue}' registers no workflows and no activities.", nameof(Activities));
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"TemporalWorkerOptions.{name} must be at least 1; was {value}.", name);
        }
    }
}
