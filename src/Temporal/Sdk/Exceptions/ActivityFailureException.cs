using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>
/// An activity failed as seen by the workflow that scheduled it (retries exhausted, non-retryable
/// failure, timeout or cancellation). <see cref="Exception.InnerException"/> is the cause, e.g. an
/// <see cref="ApplicationFailureException"/>, <see cref="TimeoutFailureException"/> or <see cref="CanceledFailureException"/>.
/// </summary>
public class ActivityFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="ActivityFailureException"/> class.</summary>
    /// <param name="message">The failure message (usually "Activity task failed").</param>
    /// <param name="activityType">The activity type name.</param>
    /// <param name="activityId">The activity id.</param>
    /// <param name="retryState">Why retrying stopped.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="identity">The identity of the worker that ran the last attempt, or null.</param>
    /// <param name="scheduledEventId">The ActivityTaskScheduled event id.</param>
    /// <param name="startedEventId">The ActivityTaskStarted event id.</param>
    public ActivityFailureException(
        string message,
        string activityType,
        string activityId,
        RetryState retryState,
        Exception? innerException,
        string? identity = null,
        long scheduledEventId = 0,
        long startedEventId = 0)
        : base(message, innerException)
    {
        ActivityType = activityType;
        ActivityId = activityId;
        RetryState = retryState;
        Identity = identity;
        ScheduledEventId = scheduledEventId;
        StartedEventId = startedEventId;
    }

    /// <summary>Initializes a new instance of the <see cref="ActivityFailureException"/> class from a received failure.</summary>
    internal ActivityFailureException(Failure failure, Exception? innerException)
        : base(failure, innerException)
    {
        var info = failure.ActivityFailureInfo;
        ActivityType = info?.ActivityType?.Name ?? string.Empty;
        ActivityId = info?.ActivityId ?? string.Empty;
        RetryState = info?.RetryState ?? RetryState.Unspecified;
        Identity = string.IsNullOrEmpty(info?.Identity) ? null : info.Identity;
        ScheduledEventId = info?.ScheduledEventId ?? 0;
        StartedEventId = info?.StartedEventId ?? 0;
    }

    /// <summary>Gets the activity type name.</summary>
    public string ActivityType { get; }

    /// <summary>Gets the activity id.</summary>
    public string ActivityId { get; }

    /// <summary>Gets why retrying stopped.</summary>
    public RetryState RetryState { get; }

    /// <summary>Gets the identity of the worker that ran the last attempt, or null.</summary>
    public string? Identity { get; }

    /// <summary>Gets the ActivityTaskScheduled event id.</summary>
    public long ScheduledEventId { get; }

    /// <summary>Gets the ActivityTaskStarted event id.</summary>
    public long StartedEventId { get; }
}
