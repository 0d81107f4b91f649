using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>Continues as new until the count reaches the limit.</summary>
[Workflow]
public class CounterWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int count, int limit)
    {
        if (count < limit)
        {
            throw Workflow.CreateContinueAsNewException((CounterWorkflow w) => w.RunAsync(count + 1, limit));
        }

        return Task.FromResult(count);
    }
}
