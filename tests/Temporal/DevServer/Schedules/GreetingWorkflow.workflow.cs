using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Schedules;

/// <summary>Answers at once: what a schedule starts when the test only counts actions.</summary>
[Workflow]
public sealed class GreetingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string name) => Task.FromResult($"hello {name}");
}
