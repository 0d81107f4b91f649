using Temporalio.Activities;

namespace ContentFlows.Bench.CSharpWorker;

/// <summary>The TS bench's activity twin: does nothing.</summary>
public static class BenchActivities
{
    [Activity("noop")]
    public static Task NoopAsync() => Task.CompletedTask;
}
