using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        var app = LoopbackWebApp.Create();
        app.MapGet("/datasheet.html", () => Results.Content(html, "text/html; charset=utf-8"));
        return new SourcePageServer(app, new Uri(await LoopbackWebApp.StartAsync(app), "datasheet.html"));
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
