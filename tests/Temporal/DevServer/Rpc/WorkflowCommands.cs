using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>The commands and payloads a hand-played worker sends.</summary>
public static class WorkflowCommands
{
    public static Payloads Json(string json) => new()
    {
        Payloads_ = { new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8(json) } },
    };

    public static Command CompleteWorkflow(string resultJson = "\"done\"") => new()
    {
        CommandType = CommandType.CompleteWorkflowExecution,
        CompleteWorkflowExecutionCommandAttributes = new CompleteWorkflowExecutionCommandAttributes { Result = Json(resultJson) },
    };

    public static Command ScheduleActivity(string activityId, TimeSpan startToClose, RetryPolicy? retry = null, TimeSpan? heartbeat = null, string type = "TestActivity") => new()
    {
        CommandType = CommandType.ScheduleActivityTask,
        ScheduleActivityTaskCommandAttributes = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = activityId,
            ActivityType = new ActivityType { Name = type },
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose),
            HeartbeatTimeout = heartbeat is { } h ? Duration.FromTimeSpan(h) : null,
            RetryPolicy = retry,
            Input = Json("\"in\""),
        },
    };

    public static Command RequestCancelActivity(long scheduledEventId) => new()
    {
        CommandType = CommandType.RequestCancelActivityTask,
        RequestCancelActivityTaskCommandAttributes = new RequestCancelActivityTaskCommandAttributes { ScheduledEventId = scheduledEventId },
    };

    public static Command StartTimer(string timerId, TimeSpan fireAfter) => new()
    {
        CommandType = CommandType.StartTimer,
        StartTimerCommandAttributes = new StartTimerCommandAttributes { TimerId = timerId, StartToFireTimeout = Duration.FromTimeSpan(fireAfter) },
    };

    public static Command CancelTimer(string timerId) => new()
    {
        CommandType = CommandType.CancelTimer,
        CancelTimerCommandAttributes = new CancelTimerCommandAttributes { TimerId = timerId },
    };

    public static Command StartChild(string workflowId, string taskQueue, ParentClosePolicy policy = ParentClosePolicy.Unspecified) => new()
    {
        CommandType = CommandType.StartChildWorkflowExecution,
        StartChildWorkflowExecutionCommandAttributes = new StartChildWorkflowExecutionCommandAttributes
        {
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = "ChildWorkflow" },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = taskQueue },
            Input = Json("\"child-in\""),
            ParentClosePolicy = policy,
        },
    };

    public static Command ContinueAsNew(string inputJson) => new()
    {
        CommandType = CommandType.ContinueAsNewWorkflowExecution,
        ContinueAsNewWorkflowExecutionCommandAttributes = new ContinueAsNewWorkflowExecutionCommandAttributes { Input = Json(inputJson) },
    };

    public static Failure ApplicationFailure(string message, string type = "TestError", bool nonRetryable = false) => new()
    {
        Message = message,
        Source = "TestWorker",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = type, NonRetryable = nonRetryable },
    };

    /// <summary>A retry policy with a 100 ms interval so tests see several attempts quickly.</summary>
    public static RetryPolicy FastRetry(int maximumAttempts = 0, params string[] nonRetryableTypes) => new()
    {
        InitialInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(100)),
        BackoffCoefficient = 1.0,
        MaximumAttempts = maximumAttempts,
        NonRetryableErrorTypes = { nonRetryableTypes },
    };
}
