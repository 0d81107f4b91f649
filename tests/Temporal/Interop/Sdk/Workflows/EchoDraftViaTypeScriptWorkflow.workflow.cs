using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.InteropTests.Sdk.Payloads;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.InteropTests.Sdk.Workflows;

/// <summary>Run by the C# worker: calls the TS activity <c>echoDraft</c> on the TS worker's task queue and returns its result.</summary>
[Workflow]
public sealed class EchoDraftViaTypeScriptWorkflow
{
    [WorkflowRun]
    public async Task<DraftEcho> RunAsync(string activityTaskQueue, DraftRequest draft) =>
        await Workflow.ExecuteActivityAsync<DraftEcho>(
            "echoDraft",
            [draft],
            new ActivityOptions(TimeSpan.FromSeconds(30)) { TaskQueue = activityTaskQueue, RetryPolicy = new RetryPolicy { MaximumAttempts = 1 } });
}
