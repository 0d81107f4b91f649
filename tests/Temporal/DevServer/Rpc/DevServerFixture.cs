namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>One in-process dev server per test collection, reached over real h2c gRPC.</summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private DevServerHost? host;
    private WorkflowServiceClient? client;

    /// <summary>Gets the running server.</summary>
    public DevServerHost Host => host ?? throw new InvalidOperationException("The dev server is not started.");

    /// <summary>Gets a client for the "default" namespace, shared by the collection's tests.</summary>
    public WorkflowServiceClient Client => client ?? throw new InvalidOperationException("The dev server is not started.");

    public async Task InitializeAsync()
    {
        host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0"));
        client = await WorkflowServiceClient.ConnectAsync(host);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
