using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ContentFlows.Temporal.Api.Grpc;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>
/// The client of a Temporal namespace. Create one per process with <see cref="ConnectAsync"/> and share
/// it: it is thread-safe and multiplexes calls on shared HTTP/2 connections.
/// </summary>
public sealed partial class TemporalClient : ITemporalClient, IDisposable
{
    private readonly IDisposable? ownedService;

    /// <summary>Initializes a new instance of the <see cref="TemporalClient"/> class over an existing service connection.</summary>
    /// <param name="workflowService">The WorkflowService calls to use (not disposed by the client).</param>
    /// <param name="options">The client settings; validated here.</param>
    public TemporalClient(IWorkflowService workflowService, TemporalClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(workflowService);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        WorkflowService = workflowService;
        Options = options.CopyClientOptions();
    }

    private TemporalClient(WorkflowService workflowService, TemporalClientOptions options, bool owned)
        : this(workflowService, options)
    {
        ownedService = owned ? workflowService : null;
    }

    /// <inheritdoc/>
    public TemporalClientOptions Options { get; }

    /// <inheritdoc/>
    public IWorkflowService WorkflowService { get; }

    /// <summary>Connects to a Temporal server and checks it answers (GetSystemInfo).</summary>
    /// <param name="options">Target host, namespace, TLS, API key, data converter; validated here.</param>
    /// <param name="cancellationToken">Cancels the connection check.</param>
    /// <returns>The connected client; dispose it to close its connections.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its value.</exception>
    /// <exception cref="Exceptions.RpcException">The server could not be reached.</exception>
    public static async Task<TemporalClient> ConnectAsync(TemporalClientConnectOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var useTls = options.Tls is not null || options.ApiKey is not null;
        var channelOptions = new GrpcChannelOptions { HttpHandler = options.HttpHandler ?? CreateTlsHandler(options.Tls) };
        if (options.ApiKey is { } apiKey)
        {
            channelOptions.Headers["authorization"] = "Bearer " + apiKey;
        }

        var channel = GrpcChannel.ForAddress(new Uri((useTls ? "https://" : "http://") + options.TargetHost), channelOptions);
        var service = new WorkflowService(channel, ownsChannel: true);
        try
        {
            // No retries: a wrong address should fail at once, not after the backoff schedule.
            await service.GetSystemInfoAsync(new GetSystemInfoRequest(), new RpcOptions(cancellationToken) { Retry = false }).ConfigureAwait(false);
            return new TemporalClient(service, options, owned: true);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Closes the connections the client opened; calls in flight fail.</summary>
    public void Dispose() => ownedService?.Dispose();

    private static SocketsHttpHandler? CreateTlsHandler(TlsOptions? tls)
    {
        if (tls is null || (tls.ServerRootCACertificate is null && tls.ClientCertificate is null))
        {
            return null;
        }

        var ssl = new SslClientAuthenticationOptions { ApplicationProtocols = [SslApplicationProtocol.Http2] };
        if (tls.ClientCertificate is { } clientCertificate)
        {
            ssl.ClientCertificates = [clientCertificate];
        }

        if (tls.ServerRootCACertificate is { } root)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            SslOptions = ssl,
        };
    }
}
