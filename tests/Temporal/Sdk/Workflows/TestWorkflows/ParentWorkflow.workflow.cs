using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>Runs one child per item and joins the results.</summary>
[Workflow]
public class ParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string[] items)
    {
        var children = items.Select(item => Workflow.ExecuteChildWorkflowAsync((ChildWorkflow c) => c.RunAsync(item), new ChildWorkflowOptions($"child-{item}")));
        var results = await Workflow.WhenAllAsync(children.ToList());
        return string.Join(",", results);
    }
}
