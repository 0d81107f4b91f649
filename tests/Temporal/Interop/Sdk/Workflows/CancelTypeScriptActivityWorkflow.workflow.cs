using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.InteropTests.Sdk.Workflows;

/// <summary>
/// Run by the C# worker: starts the TS activity <c>heartbeatUntilCancelled</c> on the TS worker's task queue, cancels it
/// after a one-second durable timer, waits for the TS worker to acknowledge, and reports the exception chain it caught.
/// </summary>
[Workflow]
public sealed class CancelTypeScriptActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string activityTaskQueue)
    {
        using var cancel = new CancellationTokenSource();
        var activity = Workflow.ExecuteActivityAsync(
            "heartbeatUntilCancelled",
            [],
            new ActivityOptions(TimeSpan.FromMinutes(1))
            {
                TaskQueue = activityTaskQueue,
                HeartbeatTimeout = TimeSpan.FromSeconds(10),
                RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
                CancellationToken = cancel.Token,
                CancellationType = ActivityCancellationType.WaitCancellationCompleted,
            });
        await Workflow.DelayAsync(TimeSpan.FromSeconds(1));
        // Cancel, not CancelAsync: CancelAsync runs the registrations on the thread pool, outside the workflow scheduler,
        // so the cancel command would be issued after the workflow task completed (a non-determinism on replay).
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
