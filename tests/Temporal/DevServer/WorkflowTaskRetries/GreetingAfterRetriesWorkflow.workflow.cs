using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.WorkflowTaskRetries;

/// <summary>A workflow with one timer, finished by an official worker once a raw client has failed its task many times.</summary>
[Workflow]
public class GreetingAfterRetriesWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        return "hello " + name;
    }
}
