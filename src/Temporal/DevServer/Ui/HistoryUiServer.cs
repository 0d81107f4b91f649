using System.Net;
using ContentFlows.Temporal.DevServer.Engine;
using ContentFlows.Temporal.DevServer.Ui.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>
/// The engineers' history UI: static pages plus a JSON API over the engine, on its own Kestrel
/// listener (HTTP/1.1 and HTTP/2) because the gRPC port speaks h2c only, which browsers cannot.
/// </summary>
internal sealed class HistoryUiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly UiShutdown _shutdown;

    private HistoryUiServer(WebApplication app, UiShutdown shutdown, string address)
    {
        _app = app;
        _shutdown = shutdown;
        Address = address;
    }

    /// <summary>Gets the bound address as host:port.</summary>
    public string Address { get; }

    public static async Task<HistoryUiServer> StartAsync(ServerEngine engine, IPEndPoint endpoint, TimeProvider time, ILoggerFactory loggerFactory, DevServerAccess access, CancellationToken cancellationToken)
    {
        var shutdown = new UiShutdown();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(shutdown);
        builder.Services.AddSingleton(UiAssets.Load());
        builder.Services.AddProblemDetails();

        // Long polls end through UiShutdown, so a short grace period is enough.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http1AndHttp2));
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(access.UiMiddlewareAsync);
        app.Use(new UiRequestGuard(endpoint, access.UiHosts).InvokeAsync);

        var api = app.MapGroup("/api/v1").AddEndpointFilter<GrpcProblemFilter>();
        api.MapNamespacesApi();
        api.MapWorkflowsApi();
        api.MapWorkflowRunApi();
        api.MapHistoryApi();
        api.MapSchedulesApi();
        api.MapFallback(static () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such API route."));
        app.MapUiAssets();

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HistoryUiServer(app, shutdown, new Uri(bound).Authority);
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.SignalAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }
}
