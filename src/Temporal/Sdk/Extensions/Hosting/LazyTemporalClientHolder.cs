using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>
/// Owns the connection of the container's client. The client is built without a connection check, so DI can create it
/// synchronously; HTTP/2 connects on the first call. Disposed with the container.
/// </summary>
internal sealed class LazyTemporalClientHolder : IDisposable
{
    private readonly WorkflowService service;

    public LazyTemporalClientHolder(TemporalClientConnectOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TargetHost))
        {
            throw new ArgumentException($"TemporalClientConnectOptions.TargetHost is required for AddTemporalClient; was '{options.TargetHost}'.", nameof(options));
        }

        if (options.Tls is { } tls && (tls.ServerRootCACertificate is not null || tls.ClientCertificate is not null))
        {
            // Custom certificates need the connect path; a hosted worker can connect its own client instead.
            throw new NotSupportedException(
                "AddTemporalClient does not support custom TLS certificates yet; set TemporalWorkerServiceOptions.ClientOptions (the worker then connects with TemporalClient.ConnectAsync), or pass an HttpHandler.");
        }

        var useTls = options.Tls is not null || options.ApiKey is not null;
        var channelOptions = new GrpcChannelOptions { HttpHandler = options.HttpHandler };
        if (options.ApiKey is { } apiKey)
        {
            channelOptions.Headers["authorization"] = "Bearer " + apiKey;
        }

        var channel = GrpcChannel.ForAddress(new Uri((useTls ? "https://" : "http://") + options.TargetHost), channelOptions);
        service = new WorkflowService(channel, ownsChannel: true);
        Client = new TemporalClient(service, options);
    }

    public ITemporalClient Client { get; }

    public void Dispose() => service.Dispose();
}
