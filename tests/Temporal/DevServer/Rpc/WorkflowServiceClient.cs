using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>
/// Typed WorkflowService calls through the official SDK's raw gRPC access
/// (<see cref="TemporalConnection.WorkflowService"/>), the calls an SDK client and worker make, played by
/// hand. Raw calls are not retried, so every status the server answers reaches the test as an
/// <see cref="Temporalio.Exceptions.RpcException"/>. Requests without a namespace get <see cref="Namespace"/>;
/// every call has a deadline so a hung server fails a test instead of stalling the run.
/// </summary>
public sealed class WorkflowServiceClient
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";
    public const string Identity = "rpc-tests@localhost";

    /// <summary>What workers send as the poll deadline; the server answers empty a second before it.</summary>
    public static readonly TimeSpan PollDeadline = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    private WorkflowServiceClient(TemporalConnection connection, string ns)
    {
        Connection = connection;
        Namespace = ns;
    }

    public TemporalConnection Connection { get; }

    public string Namespace { get; }

    private WorkflowService Service => Connection.WorkflowService;

    /// <summary>Connects to <paramref name="host"/> (the SDK checks the server with GetSystemInfo first).</summary>
    public static async Task<WorkflowServiceClient> ConnectAsync(DevServerHost host, string ns = "default") =>
        new(await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(host.Address)), ns);

    public Task<GetSystemInfoResponse> GetSystemInfoAsync() =>
        Service.GetSystemInfoAsync(new GetSystemInfoRequest(), Deadline());

    public Task<DescribeNamespaceResponse> DescribeNamespaceAsync(string? ns = null) =>
        Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = ns ?? Namespace }, Deadline());

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
        Service.StartWorkflowExecutionAsync(WithNamespace(request, request.Namespace, r => r.Namespace = Namespace), Deadline());

    public Task<StartWorkflowExecutionResponse> StartAsync(string workflowId, string taskQueue, Action<StartWorkflowExecutionRequest>? configure = null)
    {
        var request = NewStart(workflowId, taskQueue);
        configure?.Invoke(request);
        return StartAsync(request);
    }

    public Task<SignalWorkflowExecutionResponse> SignalAsync(string workflowId, string signalName = "signal", string? requestId = null, Payloads? input = null, string runId = "") =>
        Service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            SignalName = signalName,
            Input = input ?? WorkflowCommands.Json("\"sig\""),
            Identity = Identity,
            RequestId = requestId ?? Guid.NewGuid().ToString(),
        }, Deadline());

    public Task<TerminateWorkflowExecutionResponse> TerminateAsync(string workflowId, string reason = "test terminate", string runId = "") =>
        Service.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            Reason = reason,
            Identity = Identity,
        }, Deadline());

    public Task<DescribeWorkflowExecutionResponse> DescribeAsync(string workflowId, string runId = "") =>
        Service.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = Namespace,
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
        }, Deadline());

    public Task<GetWorkflowExecutionHistoryResponse> GetHistoryPageAsync(GetWorkflowExecutionHistoryRequest request, TimeSpan? deadline = null) =>
        Service.GetWorkflowExecutionHistoryAsync(WithNamespace(request, request.Namespace, r => r.Namespace = Namespace), Deadline(deadline));

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
        Service.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = ns ?? Namespace,
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Identity = Identity,
        }, Deadline(deadline ?? PollDeadline));

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
        Service.RespondWorkflowTaskCompletedAsync(WithNamespace(request, request.Namespace, r => r.Namespace = Namespace), Deadline());

    public Task<RespondWorkflowTaskFailedResponse> FailWorkflowTaskAsync(ByteString taskToken, Failure failure) =>
        Service.RespondWorkflowTaskFailedAsync(new RespondWorkflowTaskFailedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Cause = WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure,
            Failure = failure,
            Identity = Identity,
        }, Deadline());

    public Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(string taskQueue, TimeSpan? deadline = null) =>
        Service.PollActivityTaskQueueAsync(new PollActivityTaskQueueRequest
        {
            Namespace = Namespace,
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Identity = Identity,
        }, Deadline(deadline ?? PollDeadline));

    public async Task<PollActivityTaskQueueResponse> NextActivityTaskAsync(string taskQueue)
    {
        var task = await PollActivityTaskAsync(taskQueue);
        Assert.False(task.TaskToken.IsEmpty, $"No activity task arrived on {taskQueue}.");
        return task;
    }

    public Task<RespondActivityTaskCompletedResponse> CompleteActivityAsync(ByteString taskToken, string resultJson = "\"ok\"") =>
        Service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Result = WorkflowCommands.Json(resultJson),
            Identity = Identity,
        }, Deadline());

    public Task<RespondActivityTaskFailedResponse> FailActivityAsync(ByteString taskToken, Failure failure) =>
        Service.RespondActivityTaskFailedAsync(new RespondActivityTaskFailedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Failure = failure,
            Identity = Identity,
        }, Deadline());

    public Task<RespondActivityTaskCanceledResponse> CancelActivityAsync(ByteString taskToken) =>
        Service.RespondActivityTaskCanceledAsync(new RespondActivityTaskCanceledRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Details = WorkflowCommands.Json("\"cancelled\""),
            Identity = Identity,
        }, Deadline());

    public Task<RecordActivityTaskHeartbeatResponse> HeartbeatAsync(ByteString taskToken) =>
        Service.RecordActivityTaskHeartbeatAsync(new RecordActivityTaskHeartbeatRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            Details = WorkflowCommands.Json("\"beat\""),
            Identity = Identity,
        }, Deadline());

    public Task<QueryWorkflowResponse> QueryAsync(string workflowId, string queryType = "state", TimeSpan? deadline = null) =>
        Service.QueryWorkflowAsync(new QueryWorkflowRequest
        {
            Namespace = Namespace,
            Execution = new WorkflowExecution { WorkflowId = workflowId },
            Query = new WorkflowQuery { QueryType = queryType, QueryArgs = WorkflowCommands.Json("\"arg\"") },
        }, Deadline(deadline));

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskAsync(ByteString taskToken, string answerJson) =>
        Service.RespondQueryTaskCompletedAsync(new RespondQueryTaskCompletedRequest
        {
            Namespace = Namespace,
            TaskToken = taskToken,
            CompletedType = QueryResultType.Answered,
            QueryResult = WorkflowCommands.Json(answerJson),
        }, Deadline());

    public Task<ListWorkflowExecutionsResponse> ListAsync(string query) =>
        Service.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = Namespace, Query = query }, Deadline());

    public Task<CountWorkflowExecutionsResponse> CountAsync(string query) =>
        Service.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = Namespace, Query = query }, Deadline());

    private static RpcOptions Deadline(TimeSpan? deadline = null) => new() { Timeout = deadline ?? CallDeadline };

    private static T WithNamespace<T>(T request, string current, Action<T> setDefault)
    {
        if (string.IsNullOrEmpty(current))
        {
            setDefault(request);
        }

        return request;
    }
}
