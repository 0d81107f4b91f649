using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Rpc;

/// <summary>Maps the WorkflowService RPCs the dev server implements onto the engine; any other method answers UNIMPLEMENTED.</summary>
internal static class WorkflowServiceEndpoints
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";

    public static GrpcServiceDefinition Create(ServerEngine engine) => new GrpcServiceDefinition(ServiceName)
        .AddUnary("GetSystemInfo", GetSystemInfoRequest.Parser, (_, _) => Task.FromResult(ServerEngine.GetSystemInfo()))
        .AddUnary("GetClusterInfo", GetClusterInfoRequest.Parser, (_, _) => Task.FromResult(new GetClusterInfoResponse
        {
            ClusterName = "active",
            ClusterId = "contentflows-dev",
            ServerVersion = ServerEngine.ServerVersion,
            HistoryShardCount = 1,
            PersistenceStore = "contentflows",
            VisibilityStore = "contentflows",
        }))
        .AddUnary("DescribeNamespace", DescribeNamespaceRequest.Parser, (r, _) => Task.FromResult(engine.DescribeNamespace(r)))
        .AddUnary("ListNamespaces", ListNamespacesRequest.Parser, (r, _) => Task.FromResult(engine.ListNamespaces(r)))
        .AddUnary("RegisterNamespace", RegisterNamespaceRequest.Parser, (r, _) => engine.RegisterNamespaceAsync(r))
        .AddUnary("UpdateNamespace", UpdateNamespaceRequest.Parser, (r, _) => engine.UpdateNamespaceAsync(r))
        .AddUnary("StartWorkflowExecution", StartWorkflowExecutionRequest.Parser, (r, _) => engine.StartWorkflowExecutionAsync(r))
        .AddUnary("SignalWithStartWorkflowExecution", SignalWithStartWorkflowExecutionRequest.Parser, (r, _) => engine.SignalWithStartWorkflowExecutionAsync(r))
        .AddUnary("SignalWorkflowExecution", SignalWorkflowExecutionRequest.Parser, (r, _) => engine.SignalWorkflowExecutionAsync(r))
        .AddUnary("RequestCancelWorkflowExecution", RequestCancelWorkflowExecutionRequest.Parser, (r, _) => engine.RequestCancelWorkflowExecutionAsync(r))
        .AddUnary("TerminateWorkflowExecution", TerminateWorkflowExecutionRequest.Parser, (r, _) => engine.TerminateWorkflowExecutionAsync(r))
        .AddUnary("PollWorkflowTaskQueue", PollWorkflowTaskQueueRequest.Parser, (r, c) => engine.PollWorkflowTaskQueueAsync(r, c.Deadline, c.CancellationToken))
        .AddUnary("RespondWorkflowTaskCompleted", RespondWorkflowTaskCompletedRequest.Parser, (r, _) => engine.RespondWorkflowTaskCompletedAsync(r))
        .AddUnary("RespondWorkflowTaskFailed", RespondWorkflowTaskFailedRequest.Parser, (r, _) => engine.RespondWorkflowTaskFailedAsync(r))
        .AddUnary("PollActivityTaskQueue", PollActivityTaskQueueRequest.Parser, (r, c) => engine.PollActivityTaskQueueAsync(r, c.Deadline, c.CancellationToken))
        .AddUnary("RespondActivityTaskCompleted", RespondActivityTaskCompletedRequest.Parser, (r, _) => engine.RespondActivityTaskCompletedAsync(r))
        .AddUnary("RespondActivityTaskCompletedById", RespondActivityTaskCompletedByIdRequest.Parser, (r, _) => engine.RespondActivityTaskCompletedByIdAsync(r))
        .AddUnary("RespondActivityTaskFailed", RespondActivityTaskFailedRequest.Parser, (r, _) => engine.RespondActivityTaskFailedAsync(r))
        .AddUnary("RespondActivityTaskFailedById", RespondActivityTaskFailedByIdRequest.Parser, (r, _) => engine.RespondActivityTaskFailedByIdAsync(r))
        .AddUnary("RespondActivityTaskCanceled", RespondActivityTaskCanceledRequest.Parser, (r, _) => engine.RespondActivityTaskCanceledAsync(r))
        .AddUnary("RespondActivityTaskCanceledById", RespondActivityTaskCanceledByIdRequest.Parser, (r, _) => engine.RespondActivityTaskCanceledByIdAsync(r))
        .AddUnary("RecordActivityTaskHeartbeat", RecordActivityTaskHeartbeatRequest.Parser, (r, _) => engine.RecordActivityTaskHeartbeatAsync(r))
        .AddUnary("RecordActivityTaskHeartbeatById", RecordActivityTaskHeartbeatByIdRequest.Parser, (r, _) => engine.RecordActivityTaskHeartbeatByIdAsync(r))
        .AddUnary("QueryWorkflow", QueryWorkflowRequest.Parser, (r, c) => engine.WhenDurableAsync(engine.QueryWorkflowAsync(r, c.Deadline, c.CancellationToken)))
        .AddUnary("RespondQueryTaskCompleted", RespondQueryTaskCompletedRequest.Parser, (r, _) => engine.RespondQueryTaskCompletedAsync(r))
        .AddUnary("GetWorkflowExecutionHistory", GetWorkflowExecutionHistoryRequest.Parser, (r, c) => engine.WhenDurableAsync(engine.GetWorkflowExecutionHistoryAsync(r, c.Deadline, c.CancellationToken)))
        .AddUnary("GetWorkflowExecutionHistoryReverse", GetWorkflowExecutionHistoryReverseRequest.Parser, (r, _) => engine.WhenDurableAsync(engine.GetWorkflowExecutionHistoryReverseAsync(r)))
        .AddUnary("DescribeWorkflowExecution", DescribeWorkflowExecutionRequest.Parser, (r, _) => engine.WhenDurableAsync(engine.DescribeWorkflowExecution(r)))
        .AddUnary("ListWorkflowExecutions", ListWorkflowExecutionsRequest.Parser, (r, c) => engine.WhenDurableAsync(engine.ListWorkflowExecutionsAsync(r, c.CancellationToken)))
        .AddUnary("ListOpenWorkflowExecutions", ListOpenWorkflowExecutionsRequest.Parser, (r, c) => engine.WhenDurableAsync(ListOpenAsync(engine, r, c.CancellationToken)))
        .AddUnary("ListClosedWorkflowExecutions", ListClosedWorkflowExecutionsRequest.Parser, (r, c) => engine.WhenDurableAsync(ListClosedAsync(engine, r, c.CancellationToken)))
        .AddUnary("DescribeTaskQueue", DescribeTaskQueueRequest.Parser, (r, _) => Task.FromResult(engine.DescribeTaskQueue(r)))
        .AddUnary("GetSearchAttributes", GetSearchAttributesRequest.Parser, (_, _) => Task.FromResult(engine.GetSearchAttributes()))
        .AddUnary("CountWorkflowExecutions", CountWorkflowExecutionsRequest.Parser, (r, c) => engine.WhenDurableAsync(engine.CountWorkflowExecutionsAsync(r, c.CancellationToken)))
        .AddUnary("DeleteWorkflowExecution", DeleteWorkflowExecutionRequest.Parser, (r, _) => engine.DeleteWorkflowExecutionAsync(r))
        .AddUnary("UpdateWorkflowExecution", UpdateWorkflowExecutionRequest.Parser, (r, c) => engine.UpdateWorkflowExecutionAsync(r, c.Deadline, c.CancellationToken))
        .AddUnary("PollWorkflowExecutionUpdate", PollWorkflowExecutionUpdateRequest.Parser, (r, c) => engine.PollWorkflowExecutionUpdateAsync(r, c.Deadline, c.CancellationToken))
        .AddUnary("ExecuteMultiOperation", ExecuteMultiOperationRequest.Parser, (r, c) => engine.ExecuteMultiOperationAsync(r, c.Deadline, c.CancellationToken))
        .AddUnary("ShutdownWorker", ShutdownWorkerRequest.Parser, (r, _) => Task.FromResult(engine.ShutdownWorker(r)))
        .AddUnary("ResetWorkflowExecution", ResetWorkflowExecutionRequest.Parser, (r, _) => engine.ResetWorkflowExecutionAsync(r))
        .AddUnary("ResetStickyTaskQueue", ResetStickyTaskQueueRequest.Parser, (r, _) => engine.ResetStickyTaskQueueAsync(r))
        .AddScheduleEndpoints(engine);

    private static async Task<ListOpenWorkflowExecutionsResponse> ListOpenAsync(ServerEngine engine, ListOpenWorkflowExecutionsRequest request, CancellationToken cancellationToken)
    {
        var list = await engine.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest
        {
            Namespace = request.Namespace,
            PageSize = request.MaximumPageSize,
            NextPageToken = request.NextPageToken,
            Query = LegacyListQuery.Open(request),
        }, cancellationToken).ConfigureAwait(false);
        return new ListOpenWorkflowExecutionsResponse { Executions = { list.Executions }, NextPageToken = list.NextPageToken };
    }

    private static async Task<ListClosedWorkflowExecutionsResponse> ListClosedAsync(ServerEngine engine, ListClosedWorkflowExecutionsRequest request, CancellationToken cancellationToken)
    {
        var list = await engine.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest
        {
            Namespace = request.Namespace,
            PageSize = request.MaximumPageSize,
            NextPageToken = request.NextPageToken,
            Query = LegacyListQuery.Closed(request),
        }, cancellationToken).ConfigureAwait(false);
        return new ListClosedWorkflowExecutionsResponse { Executions = { list.Executions }, NextPageToken = list.NextPageToken };
    }
}
