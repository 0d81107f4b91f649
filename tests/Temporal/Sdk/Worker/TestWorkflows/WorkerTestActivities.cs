using ContentFlows.Temporal.Activities;

namespace ContentFlows.Temporal.Sdk.Tests.Worker.TestWorkflows;

/// <summary>The activities of the worker's workflow tests.</summary>
public sealed class WorkerTestActivities
{
    [Activity]
    public Task<string> GreetAsync(string name) => Task.FromResult($"Hello, {name}");

    [Activity]
    public Task<string> StepAsync(string input, int step) => Task.FromResult($"{input}>{step}");
}
