using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>A non-deterministic change of <see cref="ApprovalWorkflow"/>: the timeout (a durable timer) was dropped.</summary>
[Workflow("ApprovalWorkflow")]
public class ApprovalWithoutTimeoutWorkflow
{
    private string? reviewer;

    [WorkflowRun]
    public async Task<string> RunAsync(int timeoutMinutes)
    {
        _ = timeoutMinutes;
        await Workflow.WaitConditionAsync(() => reviewer is not null);
        return $"approved by {reviewer}";
    }

    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        reviewer = by;
        return Task.CompletedTask;
    }
}
