using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace ContentFlows.Bench.UiHistory;

/// <summary>
/// Builds a realistic large history by playing the worker by hand over the official SDK's raw gRPC calls: a thousand activities (every
/// tenth retried once), five hundred timers, then markers recorded on signal-driven workflow tasks
/// until the history holds the target number of events.
/// </summary>
internal sealed class HistoryBuilder(TemporalConnection connection)
{
    private const string Namespace = "default";
    private const string Identity = "ui-history-bench";

    public async Task<(string WorkflowId, string RunId, long Events)> BuildAsync(int targetEvents, int activities, int timers)
    {
        var workflowId = "bench-history-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var start = await Service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = "ContentBatch" },
            TaskQueue = new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal },
            Input = Json("{\"items\":" + activities + "}"),
            RequestId = Guid.NewGuid().ToString(),
            Identity = Identity,
        }, Deadline());

        var commands = new List<Command>();
        for (var i = 0; i < activities; i++)
        {
            commands.Add(new Command
            {
                CommandType = CommandType.ScheduleActivityTask,
                ScheduleActivityTaskCommandAttributes = new ScheduleActivityTaskCommandAttributes
                {
                    ActivityId = "item-" + i,
                    ActivityType = new ActivityType { Name = i % 3 == 0 ? "DraftContent" : i % 3 == 1 ? "QualityCheck" : "Publish" },
                    StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
                    RetryPolicy = new RetryPolicy { InitialInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(50)), BackoffCoefficient = 1 },
                    Input = Json("{\"item\":" + i + "}"),
                },
            });
        }

        for (var i = 0; i < timers; i++)
        {
            commands.Add(new Command
            {
                CommandType = CommandType.StartTimer,
                StartTimerCommandAttributes = new StartTimerCommandAttributes { TimerId = "t-" + i, StartToFireTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(20 + i)) },
            });
        }

        await CompleteNextWorkflowTaskAsync(queue, commands);

        var failedOnce = 0;
        for (var done = 0; done < activities;)
        {
            var task = await Service.PollActivityTaskQueueAsync(new PollActivityTaskQueueRequest { Namespace = Namespace, TaskQueue = new TaskQueue { Name = queue }, Identity = Identity }, Deadline(TimeSpan.FromSeconds(10)));
            if (task.TaskToken.IsEmpty)
            {
                continue;
            }

            if (task.Attempt == 1 && int.Parse(task.ActivityId.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) % 10 == 0)
            {
                failedOnce++;
                await Service.RespondActivityTaskFailedAsync(new RespondActivityTaskFailedRequest
                {
                    Namespace = Namespace,
                    TaskToken = task.TaskToken,
                    Identity = Identity,
                    Failure = new Failure { Message = "LLM endpoint timed out", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "TransientLlmError" } },
                }, Deadline());
                continue;
            }

            await Service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest { Namespace = Namespace, TaskToken = task.TaskToken, Identity = Identity, Result = Json("{\"ok\":true}") }, Deadline());
            done++;
        }

        // Drain the workflow tasks the completions scheduled, then top up with markers.
        long count;
        while (true)
        {
            count = await CountEventsAsync(workflowId, start.RunId);
            var missing = targetEvents - (int)count;
            var markers = new List<Command>();
            for (var i = 0; i < Math.Min(Math.Max(missing, 0), 2000); i++)
            {
                markers.Add(new Command
                {
                    CommandType = CommandType.RecordMarker,
                    RecordMarkerCommandAttributes = new RecordMarkerCommandAttributes { MarkerName = "Version", Details = { ["step"] = Json("{\"step\":" + i + "}") } },
                });
            }

            if (missing <= 0 && count >= activities * 3 + timers * 2)
            {
                break;
            }

            if (!await TryCompleteWorkflowTaskAsync(queue, markers))
            {
                await Service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
                {
                    Namespace = Namespace,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
                    SignalName = "more",
                    Identity = Identity,
                    RequestId = Guid.NewGuid().ToString(),
                }, Deadline());
            }
        }

        await Console.Error.WriteLineAsync($"bench: built {count} events ({activities} activities, {failedOnce} retried; {timers} timers; markers)");
        return (workflowId, start.RunId, count);
    }

    private async Task CompleteNextWorkflowTaskAsync(string queue, List<Command> commands)
    {
        while (!await TryCompleteWorkflowTaskAsync(queue, commands))
        {
        }
    }

    private async Task<bool> TryCompleteWorkflowTaskAsync(string queue, List<Command> commands)
    {
        var task = await Service.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest { Namespace = Namespace, TaskQueue = new TaskQueue { Name = queue }, Identity = Identity }, Deadline(TimeSpan.FromSeconds(3)));
        if (task.TaskToken.IsEmpty)
        {
            return false;
        }

        var request = new RespondWorkflowTaskCompletedRequest { Namespace = Namespace, TaskToken = task.TaskToken, Identity = Identity };
        request.Commands.Add(commands);
        await Service.RespondWorkflowTaskCompletedAsync(request, Deadline());
        return true;
    }

    private async Task<long> CountEventsAsync(string workflowId, string runId)
    {
        var describe = await Service.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest { Namespace = Namespace, Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId } }, Deadline());
        return describe.WorkflowExecutionInfo.HistoryLength;
    }

    private WorkflowService Service => connection.WorkflowService;

    /// <summary>Raw calls are not retried; each gets a deadline so a hung server stops the bench.</summary>
    private static RpcOptions Deadline(TimeSpan? deadline = null) => new() { Timeout = deadline ?? TimeSpan.FromSeconds(30) };

    private static Payloads Json(string json) => new()
    {
        Payloads_ = { new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8(json) } },
    };
}
