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

    /// <summary>Gets or sets a value indicating whether a worker took the query task (it is handed out once).</summary>
    public bool Delivered { get; set; }

    /// <summary>Gets or sets the sticky queue the query task waits on (empty when on the normal queue).</summary>
    public string StickyQueue { get; set; } = string.Empty;

    public TaskCompletionSource<QueryWorkflowResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
