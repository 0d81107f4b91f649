using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer;

/// <summary>The dev server as a hosted service of the program's generic host, which owns logging and Ctrl+C/SIGTERM.</summary>
internal sealed partial class DevServerService(DevServerOptions options, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime, DevServerExit exit) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DevServerService>();
    private DevServerHost? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await DevServerHost.StartAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        _ = StopOnFailureAsync(_server);

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

    /// <summary>Fail-stop: the process exits non-zero so a supervisor restarts it and recovery starts from what the store committed.</summary>
    private async Task StopOnFailureAsync(DevServerHost server)
    {
        var cause = await server.Failed.ConfigureAwait(false);
        LogFailStop(cause, DevServerExit.FailStopExitCode);

        // Said even with --log-level never, like a failed start.
        await Console.Error.WriteLineAsync($"error: the dev server stopped itself: {cause.Message} (exit code {DevServerExit.FailStopExitCode}; restart it to recover from the committed state)").ConfigureAwait(false);
        exit.ExitCode = DevServerExit.FailStopExitCode;
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The dev server stops itself: memory may hold changes the store lost; exiting with code {ExitCode} to restart from the committed state")]
    private partial void LogFailStop(Exception exception, int exitCode);
}
