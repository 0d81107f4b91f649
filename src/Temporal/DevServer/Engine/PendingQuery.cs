using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A client's query waiting for a worker's answer.</summary>
internal sealed class PendingQuery
{
    public PendingQuery(string id, WorkflowQuery query)
    {
        Id = id;
        Query = query;
    }

    public string Id { get; }

    public WorkflowQuery Query { get; }

    public TaskCompletionSource<QueryWorkflowResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
