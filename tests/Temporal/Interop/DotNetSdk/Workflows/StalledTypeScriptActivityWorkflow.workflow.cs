using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>
/// Run by the .NET worker: calls the TS activity <c>heartbeatOnceThenStall</c> (one heartbeat "alive once", then silence)
/// with a 2 s heartbeat timeout and one attempt, and reports the exception chain the workflow code caught.
/// </summary>
[Workflow]
public sealed class StalledTypeScriptActivityWorkflow
{
    [WorkflowRun]
    public async Task<ActivityTimeoutReport> RunAsync(string activityTaskQueue)
    {
        try
        {
            await Workflow.ExecuteActivityAsync(
                "heartbeatOnceThenStall",
                [],
                new ActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    TaskQueue = activityTaskQueue,
                    HeartbeatTimeout = TimeSpan.FromSeconds(2),
                    RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
                });
            throw new InvalidOperationException("heartbeatOnceThenStall returned instead of timing out");
        }
        catch (ActivityFailureException failure)
        {
            var timeout = failure.InnerException as TimeoutFailureException;
            return new ActivityTimeoutReport(
                failure.GetType().Name,
                failure.RetryState.ToString(),
                failure.InnerException?.GetType().Name,
                timeout?.TimeoutType.ToString(),
                timeout is { LastHeartbeatDetails.Count: > 0 } ? timeout.LastHeartbeatDetails.ElementAt<string>(0) : null);
        }
    }
}
