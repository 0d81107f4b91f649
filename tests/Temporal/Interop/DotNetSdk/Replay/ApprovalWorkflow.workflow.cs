using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Replay;

/// <summary>
/// The workflow whose recorded history (Histories/approval.json) guards replay: an activity, then a reviewer's signal
/// awaited with a durable timeout (a timer), a query, and a result.
/// </summary>
[Workflow]
public sealed class ApprovalWorkflow
{
    private string? reviewer;

    [WorkflowQuery]
    public string Status => reviewer is null ? "pending" : $"approved by {reviewer}";

    [WorkflowRun]
    public async Task<string> RunAsync(string draftId)
    {
        string summary = await Workflow.ExecuteActivityAsync(
            () => ApprovalActivities.PrepareReview(draftId), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        bool approved = await Workflow.WaitConditionAsync(() => reviewer is not null, TimeSpan.FromMinutes(10));
        return approved ? $"{summary}: {Status}" : $"{summary}: timed out";
    }

    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        reviewer = by;
        return Task.CompletedTask;
    }
}
