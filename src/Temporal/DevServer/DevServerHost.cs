using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using ContentFlows.Temporal.DevServer.Persistence;
using ContentFlows.Temporal.DevServer.Persistence.Postgres;
using ContentFlows.Temporal.DevServer.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// A running dev server: the WorkflowService on Kestrel (HTTP/2 without TLS, as Temporal SDKs
/// connect to a local server). Start one in process for tests, or run the project as a program.
/// </summary>
public sealed class DevServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerEngine _engine;

    private DevServerHost(WebApplication app, ServerEngine engine, string address)
    {
        _app = app;
        _engine = engine;
        Address = address;
    }

    /// <summary>Gets the bound address as host:port (the real port when 0 was asked for).</summary>
    public string Address { get; }

    /// <summary>Gets the address as an http:// URI for gRPC clients.</summary>
    public Uri Uri => new("http://" + Address);

    /// <summary>Starts a server and returns once it accepts calls.</summary>
    public static async Task<DevServerHost> StartAsync(DevServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var store = CreateStore(options, loggerFactory);
        var engine = new ServerEngine(store, options.TimeProvider, loggerFactory.CreateLogger<DevServerHost>());
        await engine.StartAsync(options.Namespaces, cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.MapGrpcService(WorkflowServiceEndpoints.Create(engine), new GrpcServerOptions(loggerFactory.CreateLogger("ContentFlows.Temporal.DevServer.Grpc")));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevServerHost(app, engine, new Uri(bound).Authority);
    }

    /// <summary>Stops accepting calls, ends long polls and releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IServerStore CreateStore(DevServerOptions options, ILoggerFactory loggerFactory) => options.Store switch
    {
        DevServerStoreKind.Memory => new InMemoryServerStore(),
        _ => new PostgresServerStore(
            new PostgresStoreOptions(options.PostgresConnectionString!) { Schema = options.PostgresSchema },
            loggerFactory.CreateLogger<PostgresServerStore>()),
    };
}
