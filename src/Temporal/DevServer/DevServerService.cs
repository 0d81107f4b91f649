using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer;

/// <summary>The dev server as a hosted service of the program's generic host, which owns logging and Ctrl+C/SIGTERM.</summary>
internal sealed class DevServerService(DevServerOptions options, ILoggerFactory loggerFactory) : IHostedService
{
    private DevServerHost? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await DevServerHost.StartAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);

        // Tests and scripts wait for this exact line on stdout (https:// when the gRPC port serves TLS).
        await Console.Out.WriteLineAsync($"ContentFlows Temporal dev server listening on {_server.Uri.Scheme}://{_server.Address}").ConfigureAwait(false);
        if (_server.UiAddress is not null)
        {
            await Console.Out.WriteLineAsync($"ContentFlows Temporal dev server UI at http://{_server.UiAddress}").ConfigureAwait(false);
        }

        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
