using Temporalio.Common;
using Temporalio.Workflows;

namespace ContentFlows.Bench.CSharpWorker;

/// <summary>The TS bench workflow's twin (tests/Temporal/Interop/ts/workflows.js benchWorkflow): three no-op activities, same options.</summary>
[Workflow("benchWorkflow")]
public sealed class BenchWorkflow
{
    private static readonly ActivityOptions Options = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(10),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(500), BackoffCoefficient = 1, MaximumAttempts = 20 },
    };

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.ExecuteActivityAsync(() => BenchActivities.NoopAsync(), Options);
        await Workflow.ExecuteActivityAsync(() => BenchActivities.NoopAsync(), Options);
        await Workflow.ExecuteActivityAsync(() => BenchActivities.NoopAsync(), Options);
        return "ok";
    }
}
