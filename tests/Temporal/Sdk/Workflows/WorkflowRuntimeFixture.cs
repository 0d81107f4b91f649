using ContentFlows.Temporal.Testing;

namespace ContentFlows.Temporal.Tests.Workflows;

/// <summary>One in-process dev server and client for the workflow runtime's end-to-end tests.</summary>
public sealed class WorkflowRuntimeFixture : IAsyncLifetime
{
    private WorkflowEnvironment? environment;

    public WorkflowEnvironment Environment => environment ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync() => environment = await WorkflowEnvironment.StartLocalAsync();

    public async Task DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.DisposeAsync();
        }
    }
}
