using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>
/// Run by the .NET worker: starts the TS activity <c>heartbeatUntilCancelled</c> on the TS worker's task queue, cancels
/// it after a one-second durable timer, waits for the TS worker to acknowledge, and reports the exception chain it caught.
/// </summary>
[Workflow]
public sealed class CancelTypeScriptActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string activityTaskQueue)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        Task activity = Workflow.ExecuteActivityAsync(
            "heartbeatUntilCancelled",
            [],
            new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(1),
                TaskQueue = activityTaskQueue,
                HeartbeatTimeout = TimeSpan.FromSeconds(10),
                RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
                CancellationToken = cancel.Token,
                CancellationType = ActivityCancellationType.WaitCancellationCompleted,
            });
        await Workflow.DelayAsync(TimeSpan.FromSeconds(1));
        // Cancel, not CancelAsync: CancelAsync runs the registrations on the thread pool, outside the workflow's
        // deterministic scheduler.
#pragma warning disable VSTHRD103 // The analyzer's advice (CancelAsync) is wrong inside workflow code; see above.
        cancel.Cancel();
#pragma warning restore VSTHRD103
        try
        {
            await activity;
            return "the activity completed";
        }
        catch (ActivityFailureException failure)
        {
            return $"{failure.GetType().Name} {failure.ActivityType} > {failure.InnerException?.GetType().Name}";
        }
    }
}
