using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.DevServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.Testing;

/// <summary>
/// A Temporal server for tests plus a client connected to it. <see cref="StartLocalAsync"/> starts the project's
/// dev server in this process, on a free port, with an in-memory store; disposing stops it.
/// </summary>
public sealed class WorkflowEnvironment : IAsyncDisposable
{
    private readonly DevServerHost server;
    private readonly TemporalClient client;

    private WorkflowEnvironment(DevServerHost server, TemporalClient client)
    {
        this.server = server;
        this.client = client;
    }

    /// <summary>Gets the client connected to the server.</summary>
    public ITemporalClient Client => client;

    /// <summary>Gets the server address as host:port, for other clients and workers (for example a TypeScript worker or another process).</summary>
    public string TargetHost => server.Address;

    /// <summary>Starts an in-process dev server on a free port and connects a client to it.</summary>
    /// <param name="options">Namespace, client settings, clock; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running environment; dispose it to stop the server.</returns>
    public static async Task<WorkflowEnvironment> StartLocalAsync(WorkflowEnvironmentStartLocalOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WorkflowEnvironmentStartLocalOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var serverOptions = new DevServerOptions($"{options.ListenIp}:0") { TimeProvider = options.TimeProvider, UiAddress = null };
        serverOptions.Namespaces.Clear();
        serverOptions.Namespaces.Add(options.Namespace);
        var server = await DevServerHost.StartAsync(serverOptions, loggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            var connectOptions = new TemporalClientConnectOptions(server.Address)
            {
                Namespace = options.Namespace,
                LoggerFactory = loggerFactory,
            };
            if (options.Identity is { } identity)
            {
                connectOptions.Identity = identity;
            }

            if (options.DataConverter is { } dataConverter)
            {
                connectOptions.DataConverter = dataConverter;
            }

            var client = await TemporalClient.ConnectAsync(connectOptions, cancellationToken).ConfigureAwait(false);
            return new WorkflowEnvironment(server, client);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the client and stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync().ConfigureAwait(false);
    }
}
