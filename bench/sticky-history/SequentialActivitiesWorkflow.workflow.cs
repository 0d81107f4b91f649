using Temporalio.Workflows;

namespace ContentFlows.Bench.StickyHistory;

/// <summary>N no-op activities one after another: one workflow task per activity, six more history events each.</summary>
[Workflow]
public class SequentialActivitiesWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int count)
    {
        var done = 0;
        for (var step = 1; step <= count; step++)
        {
            await Workflow.ExecuteActivityAsync((NoOpActivities a) => a.EchoAsync(step), new() { StartToCloseTimeout = TimeSpan.FromSeconds(60) });
            done++;
        }

        return done;
    }
}
