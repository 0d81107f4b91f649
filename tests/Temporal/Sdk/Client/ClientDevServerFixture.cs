using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.DevServer;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

/// <summary>One in-process dev server and a connected client for the client tests.</summary>
public sealed class ClientDevServerFixture : IAsyncLifetime
{
    private DevServerHost? server;
    private TemporalClient? client;

    public DevServerHost Server => server ?? throw new InvalidOperationException("Fixture not initialized.");

    public TemporalClient Client => client ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync()
    {
        server = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = null });
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
