using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A timeout: of an activity (start-to-close, schedule-to-start, schedule-to-close, heartbeat) or a workflow.</summary>
public class TimeoutFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="TimeoutFailureException"/> class.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="timeoutType">Which timeout fired.</param>
    /// <param name="lastHeartbeatDetails">The activity's last heartbeat details, if any.</param>
    /// <param name="innerException">The cause, or null.</param>
    public TimeoutFailureException(
        string message,
        TimeoutType timeoutType,
        IReadOnlyCollection<object?>? lastHeartbeatDetails = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        TimeoutType = timeoutType;
        LastHeartbeatDetails = new FailureDetails(lastHeartbeatDetails);
    }

    /// <summary>Initializes a new instance of the <see cref="TimeoutFailureException"/> class from a received failure.</summary>
    internal TimeoutFailureException(Failure failure, Exception? innerException, FailureDetails lastHeartbeatDetails)
        : base(failure, innerException)
    {
        TimeoutType = failure.TimeoutFailureInfo?.TimeoutType ?? TimeoutType.Unspecified;
        LastHeartbeatDetails = lastHeartbeatDetails;
    }

    /// <summary>Gets which timeout fired.</summary>
    public TimeoutType TimeoutType { get; }

    /// <summary>Gets the activity's last heartbeat details (empty when none).</summary>
    public FailureDetails LastHeartbeatDetails { get; }
}
