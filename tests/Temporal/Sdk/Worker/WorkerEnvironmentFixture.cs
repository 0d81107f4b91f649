using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Testing;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>One in-process dev server and connected client (a <see cref="WorkflowEnvironment"/>) for the worker, activity and hosting tests.</summary>
public sealed class WorkerEnvironmentFixture : IAsyncLifetime
{
    private WorkflowEnvironment? environment;

    public WorkflowEnvironment Environment => environment ?? throw new InvalidOperationException("Fixture not initialized.");

    public ITemporalClient Client => Environment.Client;

    public async Task InitializeAsync() => environment = await WorkflowEnvironment.StartLocalAsync();

    public async Task DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.DisposeAsync();
        }
    }
}
