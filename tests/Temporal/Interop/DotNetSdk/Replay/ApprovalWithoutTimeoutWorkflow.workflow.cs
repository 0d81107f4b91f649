using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Replay;

/// <summary>
/// A non-deterministic change of <see cref="ApprovalWorkflow"/> (same workflow type): the wait for the reviewer lost its
/// timeout, so the recorded timer has no command behind it on replay.
/// </summary>
[Workflow("ApprovalWorkflow")]
public sealed class ApprovalWithoutTimeoutWorkflow
{
    private string? reviewer;

    [WorkflowRun]
    public async Task<string> RunAsync(string draftId)
    {
        string summary = await Workflow.ExecuteActivityAsync(
            () => ApprovalActivities.PrepareReview(draftId), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        await Workflow.WaitConditionAsync(() => reviewer is not null);
        return $"{summary}: approved by {reviewer}";
    }

    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        reviewer = by;
        return Task.CompletedTask;
    }
}
