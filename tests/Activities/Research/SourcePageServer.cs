using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Tests.Research;

/// <summary>A real HTTP server on 127.0.0.1 serving one HTML page, the research stage's web source in tests.</summary>
internal sealed class SourcePageServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SourcePageServer(WebApplication app, Uri pageUrl)
    {
        this.app = app;
        PageUrl = pageUrl;
    }

    public Uri PageUrl { get; }

    public static async Task<SourcePageServer> StartAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/datasheet.html", () => Results.Content(html, "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SourcePageServer(app, new Uri($"{address.TrimEnd('/')}/datasheet.html"));
    }

    /// <summary>A URL on 127.0.0.1 where nothing listens: the port was free a moment ago and is closed again.</summary>
    public static Uri UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/gone.html");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
