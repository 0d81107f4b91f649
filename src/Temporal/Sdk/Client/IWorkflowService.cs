using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>
/// Typed calls to Temporal's <c>temporal.api.workflowservice.v1.WorkflowService</c>: every RPC the client and the worker use.
/// Requests and responses are the raw protos: no data conversion and no payload codec are applied here.
/// Failed calls throw <see cref="Exceptions.RpcException"/>; transient failures are retried first unless <see cref="RpcOptions.Retry"/> is false.
/// </summary>
public interface IWorkflowService
{
    /// <summary>Calls <c>CountWorkflowExecutions</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>DescribeNamespace</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>DescribeWorkflowExecution</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>GetClusterInfo</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<GetClusterInfoResponse> GetClusterInfoAsync(GetClusterInfoRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>GetSystemInfo</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<GetSystemInfoResponse> GetSystemInfoAsync(GetSystemInfoRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>GetWorkflowExecutionHistory</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>GetWorkflowExecutionHistoryReverse</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<GetWorkflowExecutionHistoryReverseResponse> GetWorkflowExecutionHistoryReverseAsync(GetWorkflowExecutionHistoryReverseRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>ListClosedWorkflowExecutions</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<ListClosedWorkflowExecutionsResponse> ListClosedWorkflowExecutionsAsync(ListClosedWorkflowExecutionsRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>ListNamespaces</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<ListNamespacesResponse> ListNamespacesAsync(ListNamespacesRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>ListOpenWorkflowExecutions</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<ListOpenWorkflowExecutionsResponse> ListOpenWorkflowExecutionsAsync(ListOpenWorkflowExecutionsRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>ListWorkflowExecutions</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>PollActivityTaskQueue</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<PollActivityTaskQueueResponse> PollActivityTaskQueueAsync(PollActivityTaskQueueRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>PollWorkflowTaskQueue</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueueAsync(PollWorkflowTaskQueueRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>QueryWorkflow</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RecordActivityTaskHeartbeat</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeatAsync(RecordActivityTaskHeartbeatRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RecordActivityTaskHeartbeatById</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatByIdAsync(RecordActivityTaskHeartbeatByIdRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RegisterNamespace</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RequestCancelWorkflowExecution</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>ResetStickyTaskQueue</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueueAsync(ResetStickyTaskQueueRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondActivityTaskCanceled</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceledAsync(RespondActivityTaskCanceledRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondActivityTaskCanceledById</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledByIdAsync(RespondActivityTaskCanceledByIdRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondActivityTaskCompleted</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompletedAsync(RespondActivityTaskCompletedRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondActivityTaskCompletedById</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedByIdAsync(RespondActivityTaskCompletedByIdRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondActivityTaskFailed</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailedAsync(RespondActivityTaskFailedRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondActivityTaskFailedById</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedByIdAsync(RespondActivityTaskFailedByIdRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondQueryTaskCompleted</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompletedAsync(RespondQueryTaskCompletedRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondWorkflowTaskCompleted</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompletedAsync(RespondWorkflowTaskCompletedRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>RespondWorkflowTaskFailed</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailedAsync(RespondWorkflowTaskFailedRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>ShutdownWorker</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<ShutdownWorkerResponse> ShutdownWorkerAsync(ShutdownWorkerRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>SignalWithStartWorkflowExecution</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>SignalWorkflowExecution</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>StartWorkflowExecution</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>TerminateWorkflowExecution</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, RpcOptions? options = null);

    /// <summary>Calls <c>UpdateNamespace</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Deadline, cancellation and retry settings; defaults when null.</param>
    /// <returns>The response.</returns>
    Task<UpdateNamespaceResponse> UpdateNamespaceAsync(UpdateNamespaceRequest request, RpcOptions? options = null);
}
