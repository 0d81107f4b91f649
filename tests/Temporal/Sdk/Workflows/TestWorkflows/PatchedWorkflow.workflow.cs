using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>A change guarded by a patch: new runs wait on a timer, old runs run the activity.</summary>
[Workflow("Patchable")]
public class PatchedWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        if (Workflow.Patched("use-timer"))
        {
            await Workflow.DelayAsync(TimeSpan.FromSeconds(5));
            return "new";
        }

        await Workflow.ExecuteActivityAsync((GreetingActivities a) => a.PublishAsync("old"), new ActivityOptions(TimeSpan.FromMinutes(1)));
        return "old";
    }
}
