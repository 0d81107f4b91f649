using Temporalio.Activities;

namespace ContentFlows.Bench.StickyHistory;

/// <summary>An activity that does nothing: workflow tasks are all there is to measure.</summary>
public sealed class NoOpActivities
{
    [Activity]
    public Task<int> EchoAsync(int step) => Task.FromResult(step);
}
