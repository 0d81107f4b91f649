using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Api.Grpc;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Worker;

/// <summary>The worker's log messages. Task queue, workflow id, run id and activity id travel in the logging scope.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Worker starting on task queue {TaskQueue} in namespace {Namespace} ({WorkflowCount} workflows, {ActivityCount} activities)")]
    public static partial void WorkerStarting(ILogger logger, string taskQueue, string @namespace, int workflowCount, int activityCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Worker on task queue {TaskQueue} shutting down")]
    public static partial void WorkerShuttingDown(ILogger logger, string taskQueue);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Worker on task queue {TaskQueue} stopped")]
    public static partial void WorkerStopped(ILogger logger, string taskQueue);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Worker on task queue {TaskQueue} failed")]
    public static partial void WorkerFailed(ILogger logger, string taskQueue, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Polling {Kind} tasks on {TaskQueue} failed with {Code} (failure {Failures} in a row); retrying: {Error}")]
    public static partial void PollFailed(ILogger logger, string kind, string taskQueue, GrpcStatusCode code, int failures, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "ShutdownWorker call failed; ignored")]
    public static partial void ShutdownWorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Activity {ActivityType} attempt {Attempt} starting")]
    public static partial void ActivityStarting(ILogger logger, string activityType, int attempt);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Activity {ActivityType} attempt {Attempt} completed")]
    public static partial void ActivityCompleted(ILogger logger, string activityType, int attempt);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Activity {ActivityType} attempt {Attempt} failed")]
    public static partial void ActivityFailed(ILogger logger, string activityType, int attempt, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Activity {ActivityType} attempt {Attempt} cancelled at the workflow's request")]
    public static partial void ActivityCanceled(ILogger logger, string activityType, int attempt);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Activity {ActivityType} attempt {Attempt} ended after cancellation ({Reason}); the server handles it, nothing reported")]
    public static partial void ActivityAbandoned(ILogger logger, string activityType, int attempt, ActivityCancelReason reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Activity {ActivityType} is not registered on this worker; registered: {Registered}")]
    public static partial void ActivityNotRegistered(ILogger logger, string activityType, string registered);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "The server no longer knows this activity attempt; its result was dropped: {Message}")]
    public static partial void ActivityReportNotFound(ILogger logger, string message);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "Reporting the activity outcome failed; the server's timeouts will retry the attempt")]
    public static partial void ActivityReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "Recording an activity heartbeat failed; the next heartbeat will carry the latest details")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 19, Level = LogLevel.Error, Message = "Activity heartbeat details could not be converted; cancelling the activity")]
    public static partial void HeartbeatConversionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Workflow task for {WorkflowType} dropped by the server ({Code}: {Message}); it will be rescheduled")]
    public static partial void WorkflowTaskDropped(ILogger logger, string workflowType, GrpcStatusCode code, string message);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Processing a workflow task for {WorkflowType} failed; the task will time out and be retried")]
    public static partial void WorkflowTaskProcessingFailed(ILogger logger, string workflowType, Exception exception);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Workflow task for {WorkflowType} failed again on attempt {Attempt}; not reported, it will time out and be retried")]
    public static partial void WorkflowTaskFailureNotReported(ILogger logger, string workflowType, int attempt);
}
