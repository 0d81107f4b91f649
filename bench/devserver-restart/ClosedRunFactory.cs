using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;

namespace ContentFlows.Bench.DevServerRestart;

/// <summary>
/// The history of a small completed run as the dev server writes it (start, a workflow task, one activity, a second
/// workflow task, completion: 11 events, about 1.5 KB), with its visibility record.
/// </summary>
internal static class ClosedRunFactory
{
    private static readonly Payload Input = new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8("{\"projectId\":\"bench\",\"brief\":\"" + new string('x', 200) + "\"}"),
    };

    public static IReadOnlyList<HistoryEvent> History(string workflowId, string runId, DateTimeOffset start)
    {
        var events = new List<HistoryEvent>();
        HistoryEvent Add(EventType type, Action<HistoryEvent> set)
        {
            var e = new HistoryEvent { EventId = events.Count + 1, EventType = type, EventTime = Timestamp.FromDateTimeOffset(start.AddMilliseconds(events.Count * 10)), TaskId = 1 };
            set(e);
            events.Add(e);
            return e;
        }

        var queue = new TaskQueue { Name = "bench-queue", Kind = TaskQueueKind.Normal };
        Add(EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = new WorkflowType { Name = "BenchWorkflow" },
            TaskQueue = queue,
            Input = new Payloads { Payloads_ = { Input } },
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = runId,
            Attempt = 1,
            Identity = "bench",
            WorkflowId = workflowId,
        });
        WorkflowTask(Add, queue);
        var scheduled = Add(EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new ActivityTaskScheduledEventAttributes
        {
            ActivityId = "1",
            ActivityType = new ActivityType { Name = "Draft" },
            TaskQueue = queue,
            Input = new Payloads { Payloads_ = { Input } },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            WorkflowTaskCompletedEventId = 4,
        });
        var started = Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes { ScheduledEventId = scheduled.EventId, Identity = "bench-worker", Attempt = 1 });
        Add(EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes { ScheduledEventId = scheduled.EventId, StartedEventId = started.EventId, Result = new Payloads { Payloads_ = { Input } } });
        WorkflowTask(Add, queue);
        Add(EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes { Result = new Payloads { Payloads_ = { Input } }, WorkflowTaskCompletedEventId = 10 });
        return events;
    }

    public static WorkflowExecutionInfo Visibility(string workflowId, string runId, IReadOnlyList<HistoryEvent> history) => new()
    {
        Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
        Type = new WorkflowType { Name = "BenchWorkflow" },
        StartTime = history[0].EventTime,
        ExecutionTime = history[0].EventTime,
        CloseTime = history[^1].EventTime,
        Status = WorkflowExecutionStatus.Completed,
        HistoryLength = history.Count,
        HistorySizeBytes = history.Sum(e => e.CalculateSize()),
        TaskQueue = "bench-queue",
        FirstRunId = runId,
        RootExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
    };

    private static void WorkflowTask(Func<EventType, Action<HistoryEvent>, HistoryEvent> add, TaskQueue queue)
    {
        var scheduled = add(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes { TaskQueue = queue, StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), Attempt = 1 });
        var started = add(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes { ScheduledEventId = scheduled.EventId, Identity = "bench-worker", RequestId = Guid.NewGuid().ToString() });
        add(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes { ScheduledEventId = scheduled.EventId, StartedEventId = started.EventId, Identity = "bench-worker" });
    }
}
