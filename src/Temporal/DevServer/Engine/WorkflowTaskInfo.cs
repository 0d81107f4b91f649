using Temporalio.Api.TaskQueue.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>The run's one pending workflow task (scheduled, or started by a poller).</summary>
internal sealed class WorkflowTaskInfo
{
    public required long ScheduledEventId { get; init; }

    public required int Attempt { get; init; }

    public required TaskQueue TaskQueue { get; init; }

    public required DateTimeOffset ScheduledTime { get; init; }

    public required TimeSpan StartToCloseTimeout { get; init; }

    public long StartedEventId { get; set; }

    public DateTimeOffset? StartedTime { get; set; }

    public string Identity { get; set; } = string.Empty;

    public bool IsStarted => StartedEventId != 0;
}
