using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

[Workflow]
public class ChildWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string item) => Task.FromResult(item.ToUpperInvariant());
}
