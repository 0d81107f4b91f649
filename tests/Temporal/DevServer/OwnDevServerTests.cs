using Temporalio.Client;

namespace ContentFlows.Temporal.DevServer.Tests;

/// <summary>Tests that each need a dev server of their own (started per test, UI off) and an official client on it.</summary>
public abstract class OwnDevServerTests : IAsyncLifetime
{
    private DevServerHost? _host;
    private TemporalClient? _client;

    /// <summary>Gets the official client connected to this test's server.</summary>
    protected TemporalClient Client => _client ?? throw new InvalidOperationException("The dev server is not started.");

    public async Task InitializeAsync()
    {
        _host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" });
        _client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(_host.Address));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
