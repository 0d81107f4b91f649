using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Testing;

namespace ContentFlows.Temporal.Sdk.Tests.Testing;

public sealed class ActivityEnvironmentTests
{
    [Fact]
    public async Task RunAsync_ActivityReadsContextAndHeartbeats_InfoAndHeartbeatsVisible()
    {
        using var environment = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = 3, ActivityType = "Draft" } };

        var result = await environment.RunAsync(() =>
        {
            var context = ActivityExecutionContext.Current;
            context.Heartbeat("half", 50);
            return $"{context.Info.ActivityType}#{context.Info.Attempt}";
        });

        Assert.Equal("Draft#3", result);
        Assert.Equal(["half", 50], Assert.Single(environment.Heartbeats));
        Assert.False(ActivityExecutionContext.HasCurrent);
    }

    [Fact]
    public async Task Cancel_RunningActivity_SeesTokenAndReason()
    {
        using var environment = new ActivityEnvironment();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = environment.RunAsync(async () =>
        {
            var context = ActivityExecutionContext.Current;
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return ActivityCancelReason.None;
            }
            catch (OperationCanceledException)
            {
                return context.CancelReason;
            }
        });
        await started.Task;
        environment.Cancel(ActivityCancelReason.Timeout);

        Assert.Equal(ActivityCancelReason.Timeout, await running);
    }
}
