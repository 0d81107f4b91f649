using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>
/// A workflow the test plays by hand: it starts a run, polls its workflow tasks through the client's WorkflowService
/// and answers with commands, so the activity half of the worker can be tested without the workflow runtime.
/// </summary>
internal sealed class ManualWorkflow
{
    public const string WorkflowTypeName = "ManualWorkflow";
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private static readonly EventType[] ActivityClosedEvents =
        [EventType.ActivityTaskCompleted, EventType.ActivityTaskFailed, EventType.ActivityTaskTimedOut, EventType.ActivityTaskCanceled];

    private readonly ITemporalClient client;

    private ManualWorkflow(ITemporalClient client, string taskQueue, string workflowId, string runId)
    {
        this.client = client;
        TaskQueue = taskQueue;
        WorkflowId = workflowId;
        RunId = runId;
    }

    public string TaskQueue { get; }

    public string WorkflowId { get; }

    public string RunId { get; }

    public static async Task<ManualWorkflow> StartAsync(ITemporalClient client, string taskQueue)
    {
        var workflowId = "manual-" + Guid.NewGuid().ToString("N");
        var response = await client.WorkflowService.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = client.Options.Namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = WorkflowTypeName },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            RequestId = Guid.NewGuid().ToString(),
            Identity = "manual-workflow-test",
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        });
        return new ManualWorkflow(client, taskQueue, workflowId, response.RunId);
    }

    public static Command ScheduleActivity(
        string activityType,
        Payloads input,
        string taskQueue,
        TimeSpan? startToClose = null,
        TimeSpan? heartbeatTimeout = null,
        RetryPolicy? retryPolicy = null,
        string activityId = "1")
    {
        var attributes = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = activityId,
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Input = input,
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose ?? TimeSpan.FromSeconds(20)),
            RetryPolicy = retryPolicy ?? new RetryPolicy { MaximumAttempts = 1 },
        };
        if (heartbeatTimeout is { } heartbeat)
        {
            attributes.HeartbeatTimeout = Duration.FromTimeSpan(heartbeat);
        }

        return new Command { CommandType = CommandType.ScheduleActivityTask, ScheduleActivityTaskCommandAttributes = attributes };
    }

    public Payloads Arguments(params object?[] values) => client.Options.DataConverter.PayloadConverter.ToPayloads(values);

    /// <summary>Polls until this run's next workflow task arrives (empty long polls are repeated).</summary>
    public async Task<PollWorkflowTaskQueueResponse> PollAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        while (true)
        {
            var task = await client.WorkflowService.PollWorkflowTaskQueueAsync(
                new PollWorkflowTaskQueueRequest
                {
                    Namespace = client.Options.Namespace,
                    TaskQueue = new TaskQueue { Name = TaskQueue, Kind = TaskQueueKind.Normal },
                    Identity = "manual-workflow-test",
                },
                new RpcOptions(timeout.Token) { Timeout = TimeSpan.FromSeconds(10) });
            if (!task.TaskToken.IsEmpty)
            {
                return task;
            }
        }
    }

    public async Task RespondAsync(PollWorkflowTaskQueueResponse task, params Command[] commands)
    {
        var request = new RespondWorkflowTaskCompletedRequest
        {
            Namespace = client.Options.Namespace,
            TaskToken = task.TaskToken,
            Identity = "manual-workflow-test",
        };
        request.Commands.Add(commands);
        await client.WorkflowService.RespondWorkflowTaskCompletedAsync(request);
    }

    /// <summary>Answers the first workflow task by scheduling the activity.</summary>
    public async Task ScheduleAsync(Command scheduleActivity) => await RespondAsync(await PollAsync(), scheduleActivity);

    /// <summary>Answers workflow tasks with no commands until one's history holds an event of <paramref name="eventType"/>; returns that task's history.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> WaitForEventAsync(EventType eventType, bool completeWorkflow = true)
    {
        while (true)
        {
            var task = await PollAsync();
            var events = task.History.Events;
            if (events.Any(e => e.EventType == eventType))
            {
                if (completeWorkflow)
                {
                    await RespondAsync(task, CompleteWorkflow());
                }

                return events;
            }

            var closed = events.FirstOrDefault(e => ActivityClosedEvents.Contains(e.EventType));
            if (closed is not null)
            {
                throw new InvalidOperationException($"Expected {eventType} but the activity closed with {closed.EventType}: {closed}");
            }

            await RespondAsync(task);
        }
    }

    public Task SignalAsync(string name) => client.WorkflowService.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
    {
        Namespace = client.Options.Namespace,
        WorkflowExecution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = WorkflowId, RunId = RunId },
        SignalName = name,
        Identity = "manual-workflow-test",
        RequestId = Guid.NewGuid().ToString(),
    });

    public static Command CompleteWorkflow() => new()
    {
        CommandType = CommandType.CompleteWorkflowExecution,
        CompleteWorkflowExecutionCommandAttributes = new CompleteWorkflowExecutionCommandAttributes(),
    };

    public static Command RequestCancelActivity(long scheduledEventId) => new()
    {
        CommandType = CommandType.RequestCancelActivityTask,
        RequestCancelActivityTaskCommandAttributes = new RequestCancelActivityTaskCommandAttributes { ScheduledEventId = scheduledEventId },
    };
}
