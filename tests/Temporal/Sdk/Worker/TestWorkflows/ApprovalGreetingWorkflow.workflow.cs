using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Sdk.Tests.Worker.TestWorkflows;

/// <summary>Greets through an activity, then waits for an approval signal; its status is queryable.</summary>
[Workflow]
public sealed class ApprovalGreetingWorkflow
{
    private string? approvedBy;

    [WorkflowQuery]
    public string Status { get; private set; } = "starting";

    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        Status = "greeting";
        var greeting = await Workflow.ExecuteActivityAsync((WorkerTestActivities a) => a.GreetAsync(name), new ActivityOptions(TimeSpan.FromSeconds(10)));
        Status = "waiting for approval";
        await Workflow.WaitConditionAsync(() => approvedBy is not null);
        Status = "done";
        return $"{greeting} (approved by {approvedBy})";
    }

    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        approvedBy = by;
        return Task.CompletedTask;
    }
}
