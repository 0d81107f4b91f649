using ContentFlows.Temporal.Api.Grpc;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>The generated-shape RPC methods of <see cref="WorkflowService"/>; each forwards to <see cref="WorkflowService.InvokeAsync{TRequest, TResponse}"/>.</summary>
internal sealed partial class WorkflowService
{
    public Task<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, RpcOptions? options = null) =>
        InvokeAsync("CountWorkflowExecutions", request, CountWorkflowExecutionsResponse.Parser, options);

    public Task<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, RpcOptions? options = null) =>
        InvokeAsync("DescribeNamespace", request, DescribeNamespaceResponse.Parser, options);

    public Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, RpcOptions? options = null) =>
        InvokeAsync("DescribeWorkflowExecution", request, DescribeWorkflowExecutionResponse.Parser, options);

    public Task<GetClusterInfoResponse> GetClusterInfoAsync(GetClusterInfoRequest request, RpcOptions? options = null) =>
        InvokeAsync("GetClusterInfo", request, GetClusterInfoResponse.Parser, options);

    public Task<GetSystemInfoResponse> GetSystemInfoAsync(GetSystemInfoRequest request, RpcOptions? options = null) =>
        InvokeAsync("GetSystemInfo", request, GetSystemInfoResponse.Parser, options);

    public Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, RpcOptions? options = null) =>
        InvokeAsync("GetWorkflowExecutionHistory", request, GetWorkflowExecutionHistoryResponse.Parser, options);

    public Task<GetWorkflowExecutionHistoryReverseResponse> GetWorkflowExecutionHistoryReverseAsync(GetWorkflowExecutionHistoryReverseRequest request, RpcOptions? options = null) =>
        InvokeAsync("GetWorkflowExecutionHistoryReverse", request, GetWorkflowExecutionHistoryReverseResponse.Parser, options);

    public Task<ListClosedWorkflowExecutionsResponse> ListClosedWorkflowExecutionsAsync(ListClosedWorkflowExecutionsRequest request, RpcOptions? options = null) =>
        InvokeAsync("ListClosedWorkflowExecutions", request, ListClosedWorkflowExecutionsResponse.Parser, options);

    public Task<ListNamespacesResponse> ListNamespacesAsync(ListNamespacesRequest request, RpcOptions? options = null) =>
        InvokeAsync("ListNamespaces", request, ListNamespacesResponse.Parser, options);

    public Task<ListOpenWorkflowExecutionsResponse> ListOpenWorkflowExecutionsAsync(ListOpenWorkflowExecutionsRequest request, RpcOptions? options = null) =>
        InvokeAsync("ListOpenWorkflowExecutions", request, ListOpenWorkflowExecutionsResponse.Parser, options);

    public Task<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, RpcOptions? options = null) =>
        InvokeAsync("ListWorkflowExecutions", request, ListWorkflowExecutionsResponse.Parser, options);

    public Task<PollActivityTaskQueueResponse> PollActivityTaskQueueAsync(PollActivityTaskQueueRequest request, RpcOptions? options = null) =>
        InvokeAsync("PollActivityTaskQueue", request, PollActivityTaskQueueResponse.Parser, options);

    public Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueueAsync(PollWorkflowTaskQueueRequest request, RpcOptions? options = null) =>
        InvokeAsync("PollWorkflowTaskQueue", request, PollWorkflowTaskQueueResponse.Parser, options);

    public Task<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, RpcOptions? options = null) =>
        InvokeAsync("QueryWorkflow", request, QueryWorkflowResponse.Parser, options);

    public Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeatAsync(RecordActivityTaskHeartbeatRequest request, RpcOptions? options = null) =>
        InvokeAsync("RecordActivityTaskHeartbeat", request, RecordActivityTaskHeartbeatResponse.Parser, options);

    public Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatByIdAsync(RecordActivityTaskHeartbeatByIdRequest request, RpcOptions? options = null) =>
        InvokeAsync("RecordActivityTaskHeartbeatById", request, RecordActivityTaskHeartbeatByIdResponse.Parser, options);

    public Task<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, RpcOptions? options = null) =>
        InvokeAsync("RegisterNamespace", request, RegisterNamespaceResponse.Parser, options);

    public Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, RpcOptions? options = null) =>
        InvokeAsync("RequestCancelWorkflowExecution", request, RequestCancelWorkflowExecutionResponse.Parser, options);

    public Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueueAsync(ResetStickyTaskQueueRequest request, RpcOptions? options = null) =>
        InvokeAsync("ResetStickyTaskQueue", request, ResetStickyTaskQueueResponse.Parser, options);

    public Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceledAsync(RespondActivityTaskCanceledRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondActivityTaskCanceled", request, RespondActivityTaskCanceledResponse.Parser, options);

    public Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledByIdAsync(RespondActivityTaskCanceledByIdRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondActivityTaskCanceledById", request, RespondActivityTaskCanceledByIdResponse.Parser, options);

    public Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompletedAsync(RespondActivityTaskCompletedRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondActivityTaskCompleted", request, RespondActivityTaskCompletedResponse.Parser, options);

    public Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedByIdAsync(RespondActivityTaskCompletedByIdRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondActivityTaskCompletedById", request, RespondActivityTaskCompletedByIdResponse.Parser, options);

    public Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailedAsync(RespondActivityTaskFailedRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondActivityTaskFailed", request, RespondActivityTaskFailedResponse.Parser, options);

    public Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedByIdAsync(RespondActivityTaskFailedByIdRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondActivityTaskFailedById", request, RespondActivityTaskFailedByIdResponse.Parser, options);

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompletedAsync(RespondQueryTaskCompletedRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondQueryTaskCompleted", request, RespondQueryTaskCompletedResponse.Parser, options);

    public Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompletedAsync(RespondWorkflowTaskCompletedRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondWorkflowTaskCompleted", request, RespondWorkflowTaskCompletedResponse.Parser, options);

    public Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailedAsync(RespondWorkflowTaskFailedRequest request, RpcOptions? options = null) =>
        InvokeAsync("RespondWorkflowTaskFailed", request, RespondWorkflowTaskFailedResponse.Parser, options);

    public Task<ShutdownWorkerResponse> ShutdownWorkerAsync(ShutdownWorkerRequest request, RpcOptions? options = null) =>
        InvokeAsync("ShutdownWorker", request, ShutdownWorkerResponse.Parser, options);

    public Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, RpcOptions? options = null) =>
        InvokeAsync("SignalWithStartWorkflowExecution", request, SignalWithStartWorkflowExecutionResponse.Parser, options);

    public Task<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, RpcOptions? options = null) =>
        InvokeAsync("SignalWorkflowExecution", request, SignalWorkflowExecutionResponse.Parser, options);

    public Task<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, RpcOptions? options = null) =>
        InvokeAsync("StartWorkflowExecution", request, StartWorkflowExecutionResponse.Parser, options);

    public Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, RpcOptions? options = null) =>
        InvokeAsync("TerminateWorkflowExecution", request, TerminateWorkflowExecutionResponse.Parser, options);

    public Task<UpdateNamespaceResponse> UpdateNamespaceAsync(UpdateNamespaceRequest request, RpcOptions? options = null) =>
        InvokeAsync("UpdateNamespace", request, UpdateNamespaceResponse.Parser, options);
}
