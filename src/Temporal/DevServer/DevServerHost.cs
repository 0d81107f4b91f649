using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using ContentFlows.Temporal.DevServer.Persistence;
using ContentFlows.Temporal.DevServer.Persistence.Postgres;
using ContentFlows.Temporal.DevServer.Rpc;
using ContentFlows.Temporal.DevServer.TimeSkipping;
using ContentFlows.Temporal.DevServer.Ui;
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
/// connect to a local server; TLS, with client certificates, when configured), and the engineers'
/// history UI on its own HTTP/1.1 port, since browsers cannot speak h2c. Start one in process for tests, or run the project as a program.
/// </summary>
/// <remarks>
/// Why this server exists: no Temporal server binary can be installed where ContentFlows is built and tested (no
/// container engine, no download of the Temporal CLI or the Java test server), so this plays the part of
/// <c>temporal server start-dev</c> and must look like real Temporal to the official SDKs. Nothing in the product
/// depends on it: production points the worker and the API at a real cluster (self-hosted or Temporal Cloud) by
/// configuration — address, namespace, TLS, API key — through <c>temporal-dev.yml</c> or Temporal's environment variables.
/// </remarks>
public sealed partial class DevServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerEngine _engine;
    private readonly HistoryUiServer? _ui;
    private readonly SkippableTimeProvider? _clock;

    private DevServerHost(WebApplication app, ServerEngine engine, Uri uri, HistoryUiServer? ui, SkippableTimeProvider? clock)
    {
        _app = app;
        _engine = engine;
        _ui = ui;
        _clock = clock;
        Uri = uri;
    }

    /// <summary>Gets the bound address as host:port (the real port when 0 was asked for).</summary>
    public string Address => Uri.Authority;

    /// <summary>
    /// Gets a task that completes, with the cause, when the server stopped serving because memory may hold changes
    /// the store lost (fail-stop); the program then exits non-zero so a supervisor restarts it from the committed state.
    /// </summary>
    public Task<Exception> Failed => _engine.Failed;

    /// <summary>Gets the address as a URI for gRPC clients: http:// (h2c), or https:// with TLS.</summary>
    public Uri Uri { get; }

    /// <summary>Gets the history UI's bound address as host:port, or null when the UI is off.</summary>
    public string? UiAddress => _ui?.Address;

    /// <summary>Gets the history UI's address as an http:// URI for browsers, or null when the UI is off.</summary>
    public Uri? UiUri => _ui is null ? null : new Uri("http://" + _ui.Address + "/");

    /// <summary>Starts a server and returns once it accepts calls.</summary>
    public static async Task<DevServerHost> StartAsync(DevServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Validate(out var uiEndpoint);
        loggerFactory ??= NullLoggerFactory.Instance;
        var store = CreateStore(options, loggerFactory);
        var logger = loggerFactory.CreateLogger<DevServerHost>();
        var clock = options.TimeSkipping ? new SkippableTimeProvider(options.TimeProvider, loggerFactory.CreateLogger<SkippableTimeProvider>()) : null;
        var tls = DevServerTls.Load(options);
        // Temporal's test server keeps every run: its clock may jump past any retention.
        var limits = new ServerLimits { RetentionSweepInterval = options.TimeSkipping ? null : new ServerLimits().RetentionSweepInterval };
        var engine = new ServerEngine(store, (TimeProvider?)clock ?? options.TimeProvider, logger, limits, dynamicConfig: DynamicConfigSettings.From(options.DynamicConfigValues), testHooks: options.TestHooks);
        clock?.WatchEngine(engine.HasOutstandingWork);
        foreach (var (name, type) in options.SearchAttributes)
        {
            // Validate() checked these against the same rules.
            engine.SearchAttributeTypes.Register(name, type);
        }

        try
        {
            await engine.StartAsync(options.Namespaces, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Releases the store (and its hold on the schema) when, say, another server owns the schema.
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        foreach (var (key, value) in options.DynamicConfigValues.Where(v => !DynamicConfigSettings.IsHonoured(v.Key)))
        {
            LogDynamicConfigValue(logger, key, value);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));

        // The server's own factory decides the levels (--log-level debug shows the framework's debug lines); the host's
        // default minimum would cut them at information first.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);

        // ASP.NET's hosting diagnostics open a log scope and an Activity for every request as soon as its logger is on at
        // any level; the server logs no per-request lines, so that is per-call cost for nothing.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddGrpcServiceDefinitions(new GrpcServerOptions(loggerFactory.CreateLogger("ContentFlows.Temporal.DevServer.Grpc")));

        // An embedded server: the program's host or the test process says when it starts and stops.
        builder.Services.Configure<Microsoft.Extensions.Hosting.ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        // Every call is a short, non-blocking step (the engine's lock is held for microseconds; waits are awaited), so
        // running it on the socket thread that read it saves a thread-pool hop per frame: about a tenth of the server's
        // CPU per workflow on the worker bench.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                tls?.Apply(listen);
            });
        });
        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() => tls?.Dispose());
        var access = new DevServerAccess(options.ApiKey, [.. options.UiHosts]);
        app.Use(access.GrpcMiddlewareAsync);
        DevServerAccess.WarnWhenOpen(endpoint, "gRPC port", !string.IsNullOrEmpty(options.ApiKey) || tls?.RequiresClientCertificate == true, "devServer.apiKey (--api-key) or a client CA for mTLS (devServer.tls.clientCaCert, --tls-client-ca-path)");
        GrpcServiceDefinition[] services = clock is null
            ? [WorkflowServiceEndpoints.Create(engine), OperatorServiceEndpoints.Create(engine), HealthServiceEndpoints.Create(app.Lifetime.ApplicationStopping)]
            : [WorkflowServiceEndpoints.Create(engine), OperatorServiceEndpoints.Create(engine), HealthServiceEndpoints.Create(app.Lifetime.ApplicationStopping), TestServiceEndpoints.Create(clock)];
        app.MapGrpcServices(services);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HistoryUiServer? ui = null;
        try
        {
            if (uiEndpoint is not null)
            {
                DevServerAccess.WarnWhenOpen(uiEndpoint, "history UI", !string.IsNullOrEmpty(options.ApiKey), "devServer.apiKey (--api-key)");
                ui = await HistoryUiServer.StartAsync(engine, uiEndpoint, options.TimeProvider, loggerFactory, access, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            if (clock is not null)
            {
                await clock.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new DevServerHost(app, engine, new Uri(bound), ui, clock);
    }

    /// <summary>Stops accepting calls, ends long polls and releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        // The UI first: its long polls wait on the engine.
        if (_ui is not null)
        {
            await _ui.DisposeAsync().ConfigureAwait(false);
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_clock is not null)
        {
            await _clock.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dynamic config value {Key}={Value} accepted and ignored; this server behaves as Temporal SDKs ask with it")]
    private static partial void LogDynamicConfigValue(ILogger logger, string key, string value);

    private static IServerStore CreateStore(DevServerOptions options, ILoggerFactory loggerFactory) => options.Store switch
    {
        DevServerStoreKind.Memory => new InMemoryServerStore(),
        _ => new PostgresServerStore(
            new PostgresStoreOptions(options.PostgresConnectionString!) { Schema = options.PostgresSchema },
            loggerFactory.CreateLogger<PostgresServerStore>(),
            options.TestHooks?.BeforeStoreCommit),
    };
}
