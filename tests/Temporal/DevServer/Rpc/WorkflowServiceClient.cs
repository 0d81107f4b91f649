using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>
/// Typed WorkflowService calls over the project's gRPC channel, the way an SDK client and worker
/// make them. Requests without a namespace get <see cref="Namespace"/>; every call has a deadline so
/// a hung server fails a test instead of stalling the run.
/// </summary>
public sealed class WorkflowServiceClient : IDisposable
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";
    public const string Identity = "rpc-tests@localhost";

    /// <summary>What workers send as the poll deadline; the server answers empty a second before it.</summary>
    public static readonly TimeSpan PollDeadline = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    public WorkflowServiceClient(Uri address, string ns = "default")
    {
        Channel = GrpcChannel.ForAddress(address);
        Namespace = ns;
    }

    public GrpcChannel Channel { get; }

    public string Namespace { get; }

    public void Dispose() => Channel.Dispose();

    public Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request, MessageParser<TResponse> parser, TimeSpan? deadline = null)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        Channel.CallUnaryAsync(ServiceName, method, request, parser, new GrpcCallOptions(deadline ?? CallDeadline));

    public Task<GetSystemInfoResponse> GetSystemInfoAsync() =>
        CallAsync("GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);

    public Task<DescribeNamespaceResponse> DescribeNamespaceAsync(string? ns = null) =>
        CallAsync("DescribeNamespace", new DescribeNamespaceRequest { Namespace = ns ?? Namespace }, DescribeNamespaceResponse.Parser);

    public static StartWorkflowExecutionRequest NewStart(string workflowId, string taskQueue, string workflowType = "TestWorkflow") => new()
    {
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = workflowType },
        TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
        Input = WorkflowCommands.Json("\"hello\""),
        RequestId = Guid.NewGuid().ToString(),
        Identity = Identity,
    };

    public Task<StartWorkflowExecutionResponse> StartAsync(StartWorkflowExecutionRequest request) =>
        CallAsync("StartWorkflowExecution", WithNamespace(request, request.Namespace, r => r.Namespace = Namespace), StartWorkflowExecutionResponse.Parser);

    public Task<StartWorkflowExecutionResponse> StartAsync(string workflowId, string taskQueue, Action<StartWorkflowExecutionRequest>? configure = null)
    {
        var request = NewStart(workflowId, taskQueue);
        configure?.Invoke(request);
        return StartAsync(request);
    }

    public Task<SignalWorkflowExecutionResponse> SignalAsync(string workflowId, string signalName = "signal", string? requestId = null, Payloads? input = null, string runId = "") =>
        CallAsync("SignalWorkflowExecution", new SignalWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            SignalName = signalName,
            Input = input ?? WorkflowCommands.Json("\"sig\""),
            Identity = Identity,
            RequestId = requestId ?? Guid.NewGuid().ToString(),
        }, SignalWorkflowExecutionResponse.Parser);

    public Task<TerminateWorkflowExecutionResponse> TerminateAsync(string workflowId, string reason = "test terminate", string runId = "") =>
        CallAsync("TerminateWorkflowExecution", new TerminateWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            Reason = reason,
            Identity = Identity,
        }, TerminateWorkflowExecutionResponse.Parser);

    public Task<DescribeWorkflowExecutionResponse> DescribeAsync(string workflowId, string runId = "") =>
        CallAsync("DescribeWorkflowExecution", new DescribeWorkflowExecutionRequest
        {
            Namespace = Namespace,
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
        }, DescribeWorkflowExecutionResponse.Parser);

    public Task<GetWorkflowExecutionHistoryResponse> GetHistoryPageAsync(GetWorkflowExecutionHistoryRequest request, TimeSpan? deadline = null) =>
        CallAsync("GetWorkflowExecutionHistory", WithNamespace(request, request.Namespace, r => r.Namespace = Namespace), GetWorkflowExecutionHistoryResponse.Parser, deadline);

    /// <summary>Reads a run's whole history, following page tokens.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string workflowId, string runId = "")
    {
        var events = new List<HistoryEvent>();
        var token = ByteString.Empty;
        do
        {
            var page = await GetHistoryPageAsync(new GetWorkflowExecutionHistoryRequest
            {
                Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
                NextPageToken = token,
            });
            events.AddRange(page.History.Events);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        return events;
    }

    /// <summary>
    /// Waits, by long-polling the history (wait_new_event), until <paramref name="condition"/> holds
    /// for the run's history; fails the test after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(string workflowId, string runId, Func<IReadOnlyList<HistoryEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var events = new List<HistoryEvent>();
        var token = ByteString.Empty;
        while (true)
        {
            var remaining = until - DateTimeOffset.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, $"History never reached the expected state; it has: {Describe(events)}");
            var page = await GetHistoryPageAsync(
                new GetWorkflowExecutionHistoryRequest
                {
                    Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
                    NextPageToken = token,
                    WaitNewEvent = true,
                },
                remaining + TimeSpan.FromSeconds(2));
            events.AddRange(page.History.Events);
            if (condition(events))
            {
                return events;
            }

            Assert.False(page.NextPageToken.IsEmpty, $"The run closed without reaching the expected state: {Describe(events)}");
            token = page.NextPageToken;
        }
    }

    public static string Describe(IEnumerable<HistoryEvent> events) =>
        string.Join(", ", events.Select(e => $"{e.EventId}:{e.EventType}"));

    public Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(string taskQueue, TimeSpan? deadline = null, string? ns = null) =>
        CallAsync("PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest
        {
            Namespace = ns ?? Namespace,
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Identity = Identity,
        }, PollWorkflowTaskQueueResponse.Parser, deadline ?? PollDeadline);

    /// <summary>Polls and requires a task (a real workflow task or a query task).</summary>
    public async Task<PollWorkflowTaskQueueResponse> NextWorkflowTaskAsync(string taskQueue)
    {
        var task = await PollWorkflowTaskAsync(taskQueue);
        Assert.False(task.TaskToken.IsEmpty, $"No workflow task arrived on {taskQueue}.");
        return task;
    }

    public Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowTaskAsync(ByteString taskToken, params Command[] commands)
    {
        var request = new RespondWorkflowTaskCompletedRequest { Namespace = Namespace, TaskToken = taskToken, Identity = Identity };
        request.Commands.Add(commands);
        return CompleteWorkflowTaskAsync(request);
    }

    public Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowTaskAsync(RespondWorkflowTaskCompletedRequest request) =>
        CallAsync("RespondWorkflowTaskCompleted", WithNamespace(request, request.Namespace, r => r.Namespace = Namespace), RespondWorkflowTaskCompletedResponse.Parser);

    public Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(string taskQueue, TimeSpan? deadline = null) =>
        CallAsync("PollActivityTaskQueue", new PollActivityTaskQueueRequest
        {
            Namespace = Namespace,
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Identity = Identity,
        }, PollActivityTaskQueueResponse.Parser, deadline ?? PollDeadline);

    public async Task<PollActivityTaskQueueResponse> NextActivityTaskAsync(string taskQueue)
    {
        var task = await PollActivityTaskAsync(taskQueue);
        Assert.False(task.TaskToken.IsEmpty, $"No activity task arrived on {taskQueue}.");
        return task;
    }

    public Task<RespondActivityTaskCompletedResponse> CompleteActivityAsync(ByteString taskToken, string resultJson = "\"ok\"") =>
        CallAsync("RespondActivityTaskCompleted", new RespondActivityTaskCompletedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Result = WorkflowCommands.Json(resultJson),
            Identity = Identity,
        }, RespondActivityTaskCompletedResponse.Parser);

    public Task<RespondActivityTaskFailedResponse> FailActivityAsync(ByteString taskToken, Failure failure) =>
        CallAsync("RespondActivityTaskFailed", new RespondActivityTaskFailedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Failure = failure,
            Identity = Identity,
        }, RespondActivityTaskFailedResponse.Parser);

    public Task<RespondActivityTaskCanceledResponse> CancelActivityAsync(ByteString taskToken) =>
        CallAsync("RespondActivityTaskCanceled", new RespondActivityTaskCanceledRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Details = WorkflowCommands.Json("\"cancelled\""),
            Identity = Identity,
        }, RespondActivityTaskCanceledResponse.Parser);

    public Task<RecordActivityTaskHeartbeatResponse> HeartbeatAsync(ByteString taskToken) =>
        CallAsync("RecordActivityTaskHeartbeat", new RecordActivityTaskHeartbeatRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Details = WorkflowCommands.Json("\"beat\""),
            Identity = Identity,
        }, RecordActivityTaskHeartbeatResponse.Parser);

    public Task<QueryWorkflowResponse> QueryAsync(string workflowId, string queryType = "state", TimeSpan? deadline = null) =>
        CallAsync("QueryWorkflow", new QueryWorkflowRequest
        {
            Namespace = Namespace,
            Execution = new WorkflowExecution { WorkflowId = workflowId },
            Query = new WorkflowQuery { QueryType = queryType, QueryArgs = WorkflowCommands.Json("\"arg\"") },
        }, QueryWorkflowResponse.Parser, deadline);

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskAsync(ByteString taskToken, string answerJson) =>
        CallAsync("RespondQueryTaskCompleted", new RespondQueryTaskCompletedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            CompletedType = QueryResultType.Answered,
            QueryResult = WorkflowCommands.Json(answerJson),
        }, RespondQueryTaskCompletedResponse.Parser);

    public Task<ListWorkflowExecutionsResponse> ListAsync(string query) =>
        CallAsync("ListWorkflowExecutions", new ListWorkflowExecutionsRequest { Namespace = Namespace, Query = query }, ListWorkflowExecutionsResponse.Parser);

    public Task<CountWorkflowExecutionsResponse> CountAsync(string query) =>
        CallAsync("CountWorkflowExecutions", new CountWorkflowExecutionsRequest { Namespace = Namespace, Query = query }, CountWorkflowExecutionsResponse.Parser);

    private static T WithNamespace<T>(T request, string current, Action<T> setDefault)
    {
        if (string.IsNullOrEmpty(current))
        {
            setDefault(request);
        }

        return request;
    }
}
