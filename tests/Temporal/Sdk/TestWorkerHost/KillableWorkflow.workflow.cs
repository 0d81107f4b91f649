using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Sdk.TestWorkerHost;

/// <summary>Three activities in a row; the second blocks on its first attempt so the test can kill the worker there.</summary>
[Workflow("KillableWorkflow")]
public sealed class KillableWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string input)
    {
        // A short start-to-close timeout: the killed worker never reports, so the server retries after it.
        var options = new ActivityOptions(TimeSpan.FromSeconds(3))
        {
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 5 },
        };
        var one = await Workflow.ExecuteActivityAsync((KillableActivities a) => a.StepAsync("one", input), options);
        var two = await Workflow.ExecuteActivityAsync((KillableActivities a) => a.StepAsync("two", one), options);
        return await Workflow.ExecuteActivityAsync((KillableActivities a) => a.StepAsync("three", two), options);
    }
}
