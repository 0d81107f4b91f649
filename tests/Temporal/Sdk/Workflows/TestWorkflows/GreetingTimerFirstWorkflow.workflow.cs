using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>A non-deterministic change of <see cref="GreetingWorkflow"/>: the timer moved before the activity.</summary>
[Workflow("Greeting")]
public class GreetingTimerFirstWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        await Workflow.DelayAsync(TimeSpan.FromSeconds(30));
        var greeting = await Workflow.ExecuteActivityAsync((GreetingActivities a) => a.ComposeGreetingAsync(name), new ActivityOptions(TimeSpan.FromMinutes(1)));
        return greeting + "!";
    }
}
