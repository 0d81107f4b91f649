using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Exceptions;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>Activities the activity-worker tests run; one instance per test, so signals do not leak between tests.</summary>
public sealed class ActivityWorkerTestActivities
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<ActivityCancelReason> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<ActivityInfo> LastInfo { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Activity]
    public string Greet(string name)
    {
        LastInfo.TrySetResult(ActivityExecutionContext.Current.Info);
        return $"Hello, {name}";
    }

    [Activity]
    public async Task<string> FlakyAsync(int succeedOnAttempt)
    {
        await Task.Yield();
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        return attempt < succeedOnAttempt
            ? throw new ApplicationFailureException($"attempt {attempt} failed", "FlakyFailure")
            : $"succeeded on attempt {attempt}";
    }

    [Activity]
    public void AlwaysFails() => throw new InvalidOperationException("always fails");

    [Activity]
    public string HeartbeatThenFail()
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.Attempt == 1)
        {
            context.Heartbeat("progress-7", 7);
            throw new ApplicationFailureException("the first attempt fails after heartbeating", "HeartbeatThenFail");
        }

        return $"{context.Info.HeartbeatDetailAt<string>(0)}/{context.Info.HeartbeatDetailAt<int>(1)}";
    }

    [Activity]
    public async Task HeartbeatUntilCancelledAsync()
    {
        var context = ActivityExecutionContext.Current;
        Started.TrySetResult();
        try
        {
            for (var i = 0; ; i++)
            {
                context.Heartbeat(i);

                // Pacing of the activity's own work, not test synchronisation.
                await Task.Delay(20, context.CancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult(context.CancelReason);
            throw;
        }
    }

    [Activity]
    public async Task HeartbeatOnceThenWaitAsync()
    {
        var context = ActivityExecutionContext.Current;
        context.Heartbeat("once");
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult(context.CancelReason);
            throw;
        }
    }

    [Activity]
    public async Task<string> FinishOnWorkerShutdownAsync()
    {
        var context = ActivityExecutionContext.Current;
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.WorkerShutdownToken);
        }
        catch (OperationCanceledException) when (context.WorkerShutdownToken.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // Shutdown began but the graceful period still runs: finish the work.
        }

        return "finished during graceful shutdown";
    }
}
