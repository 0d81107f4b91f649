using Temporalio.Activities;

namespace ContentFlows.Temporal.DevServer.Tests.Sticky;

/// <summary>An activity that does nothing, so workflow tasks are all there is to measure.</summary>
public sealed class NoOpActivities
{
    [Activity]
    public Task<int> EchoAsync(int step) => Task.FromResult(step);
}
