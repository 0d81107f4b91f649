using Temporalio.Common;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.WorkerHost;

/// <summary>Three activities in a row; the second blocks on its first attempt so the test can kill the worker there.</summary>
[Workflow]
public sealed class KillableWorkflow
{
    // A short start-to-close timeout: the killed worker never reports, so the server retries the attempt after it.
    private static readonly ActivityOptions StepOptions = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(3),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 5 },
    };

    [WorkflowRun]
    public async Task<string> RunAsync(string input)
    {
        string one = await Workflow.ExecuteActivityAsync((KillableActivities a) => a.StepAsync("one", input), StepOptions);
        string two = await Workflow.ExecuteActivityAsync((KillableActivities a) => a.StepAsync("two", one), StepOptions);
        return await Workflow.ExecuteActivityAsync((KillableActivities a) => a.StepAsync("three", two), StepOptions);
    }
}
