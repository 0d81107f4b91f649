using ContentFlows.Temporal.Workflows;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A child workflow the workflow started: its start (run id) and its result.</summary>
internal sealed class PendingChild
{
    public PendingChild(string workflowId, string workflowType, ChildWorkflowCancellationType cancellationType)
    {
        WorkflowId = workflowId;
        WorkflowType = workflowType;
        CancellationType = cancellationType;
    }

    public string WorkflowId { get; }

    public string WorkflowType { get; }

    public ChildWorkflowCancellationType CancellationType { get; }

    public TaskCompletionSource<string> Started { get; } = new();

    public TaskCompletionSource<Payload?> Result { get; } = new();

    public PendingCommand? Command { get; set; }

    public long InitiatedEventId { get; set; }

    public long StartedEventId { get; set; }

    public string? RunId { get; set; }

    public bool CancelWhenStarted { get; set; }

    public bool CancelRequested { get; set; }

    public CancellationTokenRegistration Registration { get; set; }
}
