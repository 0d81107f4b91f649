using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>An activity, then a 30 s timer, then the result.</summary>
[Workflow("Greeting")]
public class GreetingWorkflow
{
    [WorkflowQuery]
    public string Stage { get; private set; } = "starting";

    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        Stage = "composing";
        var greeting = await Workflow.ExecuteActivityAsync((GreetingActivities a) => a.ComposeGreetingAsync(name), new ActivityOptions(TimeSpan.FromMinutes(1)));
        Stage = "waiting";
        await Workflow.DelayAsync(TimeSpan.FromSeconds(30));
        Stage = "done";
        return greeting + "!";
    }
}
