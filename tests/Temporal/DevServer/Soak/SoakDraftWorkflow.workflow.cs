using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Soak;

/// <summary>The soak pipeline's child: one activity, its result returned to the parent.</summary>
[Workflow]
public sealed class SoakDraftWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(int index) =>
        Workflow.ExecuteActivityAsync((SoakActivities a) => a.DraftAsync(index), SoakActivities.Options);
}
