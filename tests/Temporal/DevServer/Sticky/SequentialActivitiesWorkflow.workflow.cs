using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Sticky;

/// <summary>Runs <c>count</c> no-op activities one after another: one workflow task per activity, history growing by six events each.</summary>
[Workflow]
public class SequentialActivitiesWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int count)
    {
        var sum = 0;
        for (var step = 1; step <= count; step++)
        {
            sum += await Workflow.ExecuteActivityAsync((NoOpActivities a) => a.EchoAsync(step), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        }

        return sum;
    }
}
