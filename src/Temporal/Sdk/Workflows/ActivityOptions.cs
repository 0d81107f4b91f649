using ContentFlows.Temporal.Common;

namespace ContentFlows.Temporal.Workflows;

/// <summary>
/// How a workflow schedules an activity. <see cref="StartToCloseTimeout"/> or <see cref="ScheduleToCloseTimeout"/>
/// is required; everything else has the server's defaults.
/// </summary>
public sealed class ActivityOptions
{
    /// <summary>Initializes a new instance with no timeouts; set one before use.</summary>
    public ActivityOptions()
    {
    }

    /// <summary>Initializes a new instance with the start-to-close timeout set.</summary>
    /// <param name="startToCloseTimeout">The longest a single attempt may run.</param>
    public ActivityOptions(TimeSpan startToCloseTimeout)
    {
        StartToCloseTimeout = startToCloseTimeout;
    }

    /// <summary>Gets or sets the longest the whole activity (all attempts) may take. Default none.</summary>
    public TimeSpan? ScheduleToCloseTimeout { get; set; }

    /// <summary>Gets or sets the longest an attempt may wait in the task queue. Default none (the schedule-to-close timeout).</summary>
    public TimeSpan? ScheduleToStartTimeout { get; set; }

    /// <summary>Gets or sets the longest a single attempt may run. Default none.</summary>
    public TimeSpan? StartToCloseTimeout { get; set; }

    /// <summary>Gets or sets the longest between heartbeats before an attempt times out. Default none.</summary>
    public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>Gets or sets the retry policy. Default null: the server's default (unlimited attempts, exponential backoff from 1 s).</summary>
    public RetryPolicy? RetryPolicy { get; set; }

    /// <summary>Gets or sets the task queue. Default null: the workflow's task queue.</summary>
    public string? TaskQueue { get; set; }

    /// <summary>Gets or sets the activity id. Default null: a per-workflow sequence number ("1", "2", ...).</summary>
    public string? ActivityId { get; set; }

    /// <summary>Gets or sets the token that cancels the activity. Default null: <see cref="Workflow.CancellationToken"/>.</summary>
    public CancellationToken? CancellationToken { get; set; }

    /// <summary>Gets or sets what cancellation waits for. Default <see cref="ActivityCancellationType.TryCancel"/>.</summary>
    public ActivityCancellationType CancellationType { get; set; } = ActivityCancellationType.TryCancel;

    /// <summary>Throws naming the first invalid property and its value.</summary>
    /// <exception cref="ArgumentException">No timeout is set, or a timeout is negative.</exception>
    public void Validate()
    {
        if (StartToCloseTimeout is null && ScheduleToCloseTimeout is null)
        {
            throw new ArgumentException(
                $"ActivityOptions needs {nameof(StartToCloseTimeout)} or {nameof(ScheduleToCloseTimeout)}; both were null.",
                nameof(StartToCloseTimeout));
        }

        RequireNotNegative(ScheduleToCloseTimeout, nameof(ScheduleToCloseTimeout));
        RequireNotNegative(ScheduleToStartTimeout, nameof(ScheduleToStartTimeout));
        RequireNotNegative(StartToCloseTimeout, nameof(StartToCloseTimeout));
        RequireNotNegative(HeartbeatTimeout, nameof(HeartbeatTimeout));
        RetryPolicy?.Validate();
    }

    private static void RequireNotNegative(TimeSpan? value, string name)
    {
        if (value is { } v && v < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, v, $"ActivityOptions.{name} must not be negative; was {v}.");
        }
    }
}
