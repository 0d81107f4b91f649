using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

/// <summary>Runs one activity and returns its result; for client tests against the real worker.</summary>
[Workflow]
public sealed class ShoutWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string text) =>
        await Workflow.ExecuteActivityAsync(
            (ShoutActivities activities) => activities.ShoutAsync(text),
            new ActivityOptions(TimeSpan.FromSeconds(10)) { RetryPolicy = new RetryPolicy { MaximumAttempts = 1 } });
}
