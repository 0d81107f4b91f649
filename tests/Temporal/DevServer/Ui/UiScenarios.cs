using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>
/// Real runs for the UI to show, driven over gRPC by a hand-played worker, which pins exact shapes
/// (a timer, failures from a foreign source, continue-as-new): retried and failed activities, a child
/// workflow, failures with causes. <see cref="HistoryUiWithWorkerBrowserTests"/> runs the C# worker instead.
/// </summary>
public static class UiScenarios
{
    public const string PipelineType = "ContentPipeline";
    public const string CheckFailure = "Brand tone check failed on attempt 2";
    public const string CheckCause = "Readability score 31 is below the brand minimum 60";

    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A pipeline whose "draft" activity fails twice then completes (attempt 3), whose "check"
    /// activity fails both of its 2 attempts (the last with a cause chain), with a fired timer and a
    /// completed child; it stays open, waiting for a reviewer's signal.
    /// </summary>
    public static async Task<PipelineRun> RunPipelineAsync(WorkflowServiceClient client)
    {
        var workflowId = Names.Unique("ui-pipeline");
        var taskQueue = Names.Unique("ui-tq");
        var childQueue = Names.Unique("ui-child-tq");
        var childId = workflowId + "-item-1";
        var start = await client.StartAsync(workflowId, taskQueue, r =>
        {
            r.WorkflowType = new WorkflowType { Name = PipelineType };
            r.Input = WorkflowCommands.Json("{\"plan\":\"plan-42\",\"title\":\"Launch announcement\"}");
        });
        var task = await client.NextWorkflowTaskAsync(taskQueue);
        await client.CompleteWorkflowTaskAsync(
            task.TaskToken,
            WorkflowCommands.ScheduleActivity("draft", TimeSpan.FromSeconds(30), WorkflowCommands.FastRetry(5), type: "DraftContent"),
            WorkflowCommands.ScheduleActivity("check", TimeSpan.FromSeconds(30), WorkflowCommands.FastRetry(2), type: "QualityCheck"),
            WorkflowCommands.StartTimer("review-window", TimeSpan.FromMilliseconds(50)),
            WorkflowCommands.StartChild(childId, childQueue));

        // Five activity attempts in all: draft 1-3 and check 1-2, in whatever order they arrive.
        for (var handled = 0; handled < 5; handled++)
        {
            var attempt = await client.NextActivityTaskAsync(taskQueue);
            if (attempt.ActivityId == "draft")
            {
                if (attempt.Attempt < 3)
                {
                    await client.FailActivityAsync(attempt.TaskToken, WorkflowCommands.ApplicationFailure($"LLM endpoint timed out (attempt {attempt.Attempt})", "TransientLlmError"));
                }
                else
                {
                    await client.CompleteActivityAsync(attempt.TaskToken, "{\"draftId\":\"d-7\",\"words\":412}");
                }
            }
            else
            {
                var failure = attempt.Attempt < 2
                    ? WorkflowCommands.ApplicationFailure("Brand tone check failed on attempt 1", "QualityGateFailed")
                    : FailureWithCause(CheckFailure, CheckCause);
                await client.FailActivityAsync(attempt.TaskToken, failure);
            }
        }

        var childTask = await client.NextWorkflowTaskAsync(childQueue);
        await client.CompleteWorkflowTaskAsync(childTask.TaskToken, WorkflowCommands.CompleteWorkflow("{\"published\":true}"));
        var childRunId = childTask.WorkflowExecution.RunId;

        await DrainWorkflowTasksAsync(client, workflowId, start.RunId, taskQueue, events =>
            events.Any(e => e.EventType == EventType.ActivityTaskCompleted)
            && events.Any(e => e.EventType == EventType.ActivityTaskFailed)
            && events.Any(e => e.EventType == EventType.TimerFired)
            && events.Any(e => e.EventType == EventType.ChildWorkflowExecutionCompleted));
        return new PipelineRun(workflowId, start.RunId, taskQueue, childId, childRunId);
    }

    /// <summary>A run that fails with a cause chain.</summary>
    public static async Task<(string WorkflowId, string RunId)> RunFailingWorkflowAsync(WorkflowServiceClient client)
    {
        var workflowId = Names.Unique("ui-failing");
        var taskQueue = Names.Unique("ui-failing-tq");
        var start = await client.StartAsync(workflowId, taskQueue, r => r.WorkflowType = new WorkflowType { Name = PipelineType });
        var task = await client.NextWorkflowTaskAsync(taskQueue);
        await client.CompleteWorkflowTaskAsync(task.TaskToken, new Command
        {
            CommandType = CommandType.FailWorkflowExecution,
            FailWorkflowExecutionCommandAttributes = new FailWorkflowExecutionCommandAttributes { Failure = FailureWithCause("Publishing failed", "Channel rejected the post: 403") },
        });
        return (workflowId, start.RunId);
    }

    /// <summary>A run that continues as new once; returns both runs.</summary>
    public static async Task<(string WorkflowId, string FirstRunId, string SecondRunId)> RunContinueAsNewAsync(WorkflowServiceClient client)
    {
        var workflowId = Names.Unique("ui-batch");
        var taskQueue = Names.Unique("ui-batch-tq");
        var start = await client.StartAsync(workflowId, taskQueue, r => r.WorkflowType = new WorkflowType { Name = "ContentBatch" });
        var first = await client.NextWorkflowTaskAsync(taskQueue);
        await client.CompleteWorkflowTaskAsync(first.TaskToken, WorkflowCommands.ContinueAsNew("{\"offset\":100}"));
        var second = await client.NextWorkflowTaskAsync(taskQueue);
        await client.CompleteWorkflowTaskAsync(second.TaskToken, WorkflowCommands.CompleteWorkflow("{\"items\":200}"));
        return (workflowId, start.RunId, second.WorkflowExecution.RunId);
    }

    /// <summary>An open run whose input a codec encrypted (metadata encoding binary/encrypted).</summary>
    public static async Task<(string WorkflowId, string RunId)> StartEncryptedAsync(WorkflowServiceClient client, string plainJson)
    {
        var workflowId = Names.Unique("ui-encrypted");
        var start = await client.StartAsync(workflowId, Names.Unique("ui-encrypted-tq"), r =>
        {
            r.WorkflowType = new WorkflowType { Name = PipelineType };
            r.Input = new Payloads { Payloads_ = { FakeCodec.Encode(plainJson) } };
        });
        return (workflowId, start.RunId);
    }

    public static Failure FailureWithCause(string message, string causeMessage) => new()
    {
        Message = message,
        Source = "TestWorker",
        StackTrace = "at ContentFlows.Activities.QualityGate.CheckAsync()\nat ContentFlows.Activities.Stage.RunAsync()",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = "QualityGateFailed" },
        Cause = new Failure
        {
            Message = causeMessage,
            Source = "TestWorker",
            ApplicationFailureInfo = new ApplicationFailureInfo { Type = "ReadabilityTooLow", NonRetryable = true },
        },
    };

    /// <summary>Completes the run's workflow tasks with no commands until <paramref name="done"/> holds and no task is left.</summary>
    public static async Task<IReadOnlyList<HistoryEvent>> DrainWorkflowTasksAsync(WorkflowServiceClient client, string workflowId, string runId, string taskQueue, Func<IReadOnlyList<HistoryEvent>, bool> done)
    {
        var until = DateTimeOffset.UtcNow + ScenarioTimeout;
        while (true)
        {
            var events = await client.GetHistoryAsync(workflowId, runId);
            if (done(events) && events[^1].EventType == EventType.WorkflowTaskCompleted)
            {
                return events;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"The scenario never settled: {WorkflowServiceClient.Describe(events)}");
            var task = await client.PollWorkflowTaskAsync(taskQueue, TimeSpan.FromSeconds(5));
            if (!task.TaskToken.IsEmpty)
            {
                await client.CompleteWorkflowTaskAsync(task.TaskToken);
            }
        }
    }
}
