using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Sdk.Tests.Extensions.Hosting;

/// <summary>Calls the DI-built activity twice, so the test sees one scope per invocation.</summary>
[Workflow]
public sealed class HostedGreetingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        var options = new ActivityOptions(TimeSpan.FromSeconds(10));
        var first = await Workflow.ExecuteActivityAsync((ScopedGreetingActivities a) => a.GreetAsync(name), options);
        var second = await Workflow.ExecuteActivityAsync((ScopedGreetingActivities a) => a.GreetAsync(name), options);
        return first + " | " + second;
    }
}
