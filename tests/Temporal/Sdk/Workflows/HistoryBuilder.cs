using ContentFlows.Temporal.Converters;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Tests.Workflows;

/// <summary>Builds histories the way the server writes them (ids contiguous, one second apart), and poll responses over them.</summary>
internal sealed class HistoryBuilder
{
    public const string TaskQueueName = "runtime-tests";

    private readonly List<HistoryEvent> events = [];
    private DateTime time = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public HistoryBuilder(string workflowId = "wf-1", string runId = "run-1")
    {
        WorkflowId = workflowId;
        RunId = runId;
    }

    public string WorkflowId { get; }

    public string RunId { get; }

    public IReadOnlyList<HistoryEvent> Events => events;

    public long LastEventId => events.Count;

    public static Payloads Payloads(params object?[] values) => DataConverter.Default.PayloadConverter.ToPayloads(values);

    public HistoryBuilder Add(EventType type, Action<HistoryEvent>? configure = null)
    {
        var e = new HistoryEvent { EventId = events.Count + 1, EventType = type, EventTime = Timestamp.FromDateTime(time) };
        configure?.Invoke(e);
        events.Add(e);
        time = time.AddSeconds(1);
        return this;
    }

    public HistoryBuilder Started(string workflowType, params object?[] args) =>
        Add(EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = TaskQueueName },
            Input = Payloads(args),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
            OriginalExecutionRunId = RunId,
            FirstExecutionRunId = RunId,
        });

    /// <summary>WorkflowTaskScheduled + WorkflowTaskStarted.</summary>
    public HistoryBuilder WorkflowTask() =>
        Add(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes { TaskQueue = new TaskQueue { Name = TaskQueueName } })
        .Add(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes { ScheduledEventId = LastEventId });

    public HistoryBuilder WorkflowTaskCompleted() =>
        Add(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes { ScheduledEventId = LastEventId - 1, StartedEventId = LastEventId });

    public HistoryBuilder WorkflowTaskFailed() =>
        Add(EventType.WorkflowTaskFailed, e => e.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes { ScheduledEventId = LastEventId - 1, StartedEventId = LastEventId, Cause = WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure });

    public HistoryBuilder ActivityScheduled(string activityId, string activityType) =>
        Add(EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new ActivityTaskScheduledEventAttributes
        {
            ActivityId = activityId,
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = new TaskQueue { Name = TaskQueueName },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
        });

    public HistoryBuilder ActivityCompleted(long scheduledEventId, object? result) =>
        Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes { ScheduledEventId = scheduledEventId, Attempt = 1 })
        .Add(EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes { ScheduledEventId = scheduledEventId, StartedEventId = LastEventId, Result = Payloads(result) });

    public HistoryBuilder ActivityFailed(long scheduledEventId, string message, string errorType) =>
        Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes { ScheduledEventId = scheduledEventId, Attempt = 3 })
        .Add(EventType.ActivityTaskFailed, e => e.ActivityTaskFailedEventAttributes = new ActivityTaskFailedEventAttributes
        {
            ScheduledEventId = scheduledEventId,
            StartedEventId = LastEventId,
            RetryState = RetryState.MaximumAttemptsReached,
            Failure = new Failure { Message = message, ApplicationFailureInfo = new ApplicationFailureInfo { Type = errorType } },
        });

    public HistoryBuilder TimerStarted(string timerId, TimeSpan duration) =>
        Add(EventType.TimerStarted, e => e.TimerStartedEventAttributes = new TimerStartedEventAttributes { TimerId = timerId, StartToFireTimeout = Duration.FromTimeSpan(duration) });

    public HistoryBuilder TimerFired(string timerId, long startedEventId) =>
        Add(EventType.TimerFired, e => e.TimerFiredEventAttributes = new TimerFiredEventAttributes { TimerId = timerId, StartedEventId = startedEventId });

    public HistoryBuilder Signaled(string signalName, params object?[] args) =>
        Add(EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes { SignalName = signalName, Input = Payloads(args) });

    public HistoryBuilder CancelRequested() =>
        Add(EventType.WorkflowExecutionCancelRequested, e => e.WorkflowExecutionCancelRequestedEventAttributes = new WorkflowExecutionCancelRequestedEventAttributes { Cause = "test" });

    public long LastWorkflowTaskStartedId(bool completedOnly)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].EventType == EventType.WorkflowTaskStarted
                && (!completedOnly || (i + 1 < events.Count && events[i + 1].EventType == EventType.WorkflowTaskCompleted)))
            {
                return events[i].EventId;
            }
        }

        return 0;
    }

    /// <summary>The poll response for the workflow task that the history ends with.</summary>
    public PollWorkflowTaskQueueResponse Task(string? workflowType = null) => new()
    {
        TaskToken = ByteString.CopyFromUtf8($"token-{LastEventId}"),
        WorkflowExecution = new WorkflowExecution { WorkflowId = WorkflowId, RunId = RunId },
        WorkflowType = new WorkflowType { Name = workflowType ?? events[0].WorkflowExecutionStartedEventAttributes.WorkflowType.Name },
        History = new History { Events = { events.Select(e => e.Clone()) } },
        StartedEventId = LastEventId,
        PreviousStartedEventId = LastWorkflowTaskStartedId(completedOnly: true),
        Attempt = 1,
        WorkflowExecutionTaskQueue = new TaskQueue { Name = TaskQueueName },
    };
}
