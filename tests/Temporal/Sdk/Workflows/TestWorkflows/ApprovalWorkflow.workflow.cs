using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>Waits for a reviewer's signal; optionally gives up after a durable timeout.</summary>
[Workflow]
public class ApprovalWorkflow
{
    private string? reviewer;

    [WorkflowQuery]
    public string Status => reviewer is null ? "pending" : $"approved by {reviewer}";

    [WorkflowRun]
    public async Task<string> RunAsync(int timeoutMinutes)
    {
        if (timeoutMinutes > 0)
        {
            var approved = await Workflow.WaitConditionAsync(() => reviewer is not null, TimeSpan.FromMinutes(timeoutMinutes));
            return approved ? Status : "timed out";
        }

        await Workflow.WaitConditionAsync(() => reviewer is not null);
        return Status;
    }

    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        reviewer = by;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public string Describe(string prefix) => $"{prefix}: {Status}";
}
