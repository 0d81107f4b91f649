using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Common;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>Run by the .NET worker: calls the TS activity <c>echoDraft</c> on the TS worker's task queue and returns its result.</summary>
[Workflow]
public sealed class EchoDraftViaTypeScriptWorkflow
{
    [WorkflowRun]
    public async Task<DraftEcho> RunAsync(string activityTaskQueue, DraftRequest draft) =>
        await Workflow.ExecuteActivityAsync<DraftEcho>(
            "echoDraft",
            [draft],
            new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                TaskQueue = activityTaskQueue,
                RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
            });
}
