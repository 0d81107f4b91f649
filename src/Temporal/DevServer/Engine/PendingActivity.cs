using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>An activity that was scheduled and has not closed: its normalized schedule plus the state of its attempts.</summary>
internal sealed class PendingActivity
{
    public PendingActivity(long scheduledEventId, ActivityTaskScheduledEventAttributes scheduled, DateTimeOffset scheduledTime)
    {
        ScheduledEventId = scheduledEventId;
        Scheduled = scheduled;
        ScheduledTime = scheduledTime;
        CurrentAttemptScheduledTime = scheduledTime;
    }

    public long ScheduledEventId { get; }

    /// <summary>Gets the normalized attributes as written to history.</summary>
    public ActivityTaskScheduledEventAttributes Scheduled { get; }

    public DateTimeOffset ScheduledTime { get; }

    public int Attempt { get; set; } = 1;

    public ActivityAttemptStatus State { get; set; } = ActivityAttemptStatus.Scheduled;

    public DateTimeOffset CurrentAttemptScheduledTime { get; set; }

    public DateTimeOffset? StartedTime { get; set; }

    public string StartedIdentity { get; set; } = string.Empty;

    public string StartedRequestId { get; set; } = string.Empty;

    public Payloads? HeartbeatDetails { get; set; }

    public DateTimeOffset? LastHeartbeatTime { get; set; }

    public Failure? LastFailure { get; set; }

    public string LastWorkerIdentity { get; set; } = string.Empty;

    public DateTimeOffset? LastAttemptCompleteTime { get; set; }

    public DateTimeOffset? NextAttemptScheduleTime { get; set; }

    public long CancelRequestedEventId { get; set; }

    public bool CancelRequested => CancelRequestedEventId != 0;
}
