using ContentFlows.Temporal.Workflows;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>An activity the workflow scheduled and waits on.</summary>
internal sealed class PendingActivity
{
    public PendingActivity(string activityId, string activityType, ActivityCancellationType cancellationType)
    {
        ActivityId = activityId;
        ActivityType = activityType;
        CancellationType = cancellationType;
    }

    public string ActivityId { get; }

    public string ActivityType { get; }

    public ActivityCancellationType CancellationType { get; }

    public TaskCompletionSource<Payload?> Completion { get; } = new();

    public PendingCommand? Command { get; set; }

    public long ScheduledEventId { get; set; }

    public bool CancelRequested { get; set; }

    public CancellationTokenRegistration Registration { get; set; }
}
