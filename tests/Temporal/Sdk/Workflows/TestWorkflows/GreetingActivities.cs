using ContentFlows.Temporal.Activities;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

public class GreetingActivities
{
    [Activity]
    public Task<string> ComposeGreetingAsync(string name) => Task.FromResult($"Hello, {name}");

    [Activity]
    public Task PublishAsync(string text) => Task.CompletedTask;
}
